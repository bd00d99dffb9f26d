// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/harformat.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSemaphore>
#include <QThreadPool>
#include <QUrlQuery>
#include <QtNumeric>

#include <atomic>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "traffic/trafficlog.h"
#include "wire/frameencoder.h"
#include "wire/httphead.h"
#include "wire/utf8validator.h"

using namespace Qt::StringLiterals;

namespace Duplex::HarFormat {

namespace {

// One entry: the record it stands for (an upgrade's handshake or an HTTP exchange), and the records of the
// connection that belong to it (a WebSocket's frames, an SSE stream's events).
struct Entry
{
    const TrafficRecord *exchange;
    qint64 startedUs;
    QString serverAddress; // of a connection our client made, as HAR writes it (no port, no brackets)
    std::vector<const TrafficRecord *> parts;
};

// a - b, held at the ends of qint64 rather than overflowing: a capture file's times may say anything.
qint64 difference(qint64 a, qint64 b)
{
    qint64 d = 0;
    if (qSubOverflow(a, b, &d))
        return b < 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
    return d;
}

// The entries of log, in the order their requests came.
std::vector<Entry> entriesOf(const TrafficLog &log)
{
    std::vector<Entry> entries;
    std::unordered_map<quint64, const TrafficRecord *> openings;
    std::unordered_map<quint64, size_t> current; // each connection's latest entry
    for (const TrafficRecord &record : log.records()) {
        if (std::holds_alternative<ConnectionOpened>(record.event)) {
            openings[record.connection] = &record;
        } else if (std::holds_alternative<HandshakeExchanged>(record.event)) {
            const auto opening = openings.find(record.connection);
            const TrafficRecord *opened = opening == openings.end() ? nullptr : opening->second;
            QString server;
            if (opened && record.session != 0) {
                const QString peer = std::get<ConnectionOpened>(opened->event).peer;
                server = peer.left(peer.lastIndexOf(u':')).remove(u'[').remove(u']');
            }
            current[record.connection] = entries.size();
            entries.push_back({&record, opened ? opened->timeUs : record.timeUs, server, {}});
        } else if (const auto *exchange = std::get_if<HttpExchange>(&record.event)) {
            if (record.connection != 0)
                current[record.connection] = entries.size();
            entries.push_back({&record, difference(record.timeUs, exchange->heldUs), {}, {}});
        } else if (std::holds_alternative<Frame>(record.event) || std::holds_alternative<SseEvent>(record.event)) {
            if (const auto entry = current.find(record.connection); entry != current.end())
                entries[entry->second].parts.push_back(&record);
        }
    }
    std::stable_sort(
        entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.startedUs < b.startedUs; });
    return entries;
}

// What a HAR to be shared leaves out (Sensitive::LeftOut): the headers Chrome's sanitized export leaves out, and
// the query parameters that carry a secret: a Duplex room's password, and RFC 6750's bearer token in a URI.
bool isCredentialField(QByteArrayView name)
{
    for (const QByteArrayView credential : {"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"}) {
        if (name.compare(credential, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}
bool isCredentialParameter(const QString &name)
{
    return name == "password"_L1 || name == "access_token"_L1;
}

QJsonArray nameValues(const QList<HttpHead::Field> &fields, Sensitive sensitive)
{
    QJsonArray array;
    for (const HttpHead::Field &field : fields) {
        if (sensitive == Sensitive::LeftOut && isCredentialField(field.name))
            continue;
        array.append(
            QJsonObject {{"name"_L1, QString::fromLatin1(field.name)}, {"value"_L1, QString::fromUtf8(field.value)}});
    }
    return array;
}

// A recorded HTTP message where its head ends: the head's length, -1 (HAR's "unknown") while it is incomplete, and
// the bytes after it.
struct Parts
{
    qsizetype headLength;
    QByteArray body;
};
Parts partsOf(const QByteArray &message)
{
    const qsizetype headLength = HttpHead::headLength(message);
    return {headLength, headLength < 0 ? QByteArray() : message.sliced(headLength)};
}

QString textOrBase64(const QByteArray &bytes, bool isText)
{
    return isText ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes.toBase64());
}

QJsonObject requestOf(const QByteArray &bytes, const QString &scheme, Sensitive sensitive)
{
    const std::optional<HttpHead> head = HttpHead::parseRequest(bytes);
    const auto [headLength, body] = partsOf(bytes);
    QJsonObject request {{"cookies"_L1, QJsonArray()}, {"headersSize"_L1, headLength}};
    if (!head) { // refused before it was read whole, or not HTTP at all
        request.insert("method"_L1, QString());
        request.insert("url"_L1, QString());
        request.insert("httpVersion"_L1, QString());
        request.insert("headers"_L1, QJsonArray());
        request.insert("queryString"_L1, QJsonArray());
        request.insert("bodySize"_L1, -1);
        if (sensitive == Sensitive::Kept) // what could not be read as a request could not be sanitized either
            request.insert("comment"_L1, QString::fromUtf8(bytes));
        return request;
    }
    const QUrlQuery sent = head->query();
    QUrlQuery kept = sent;
    QJsonArray query;
    for (const auto &[name, value] : sent.queryItems(QUrl::FullyDecoded)) {
        if (sensitive == Sensitive::LeftOut && isCredentialParameter(name))
            kept.removeAllQueryItems(name);
        else
            query.append(QJsonObject {{"name"_L1, name}, {"value"_L1, value}});
    }
    request.insert("method"_L1, QString::fromLatin1(head->method()));
    QString target = QString::fromUtf8(head->target());
    if (kept != sent) // as sent but for what was left out
        target
            = QString::fromUtf8(head->path()) + (kept.isEmpty() ? QString() : u'?' + kept.toString(QUrl::FullyEncoded));
    request.insert(
        "url"_L1, target.startsWith(u'/') ? scheme + u"://"_s + QString::fromUtf8(head->host()) + target : target);
    request.insert("httpVersion"_L1, QString::fromLatin1(head->version()));
    request.insert("headers"_L1, nameValues(head->fields(), sensitive));
    request.insert("queryString"_L1, query);
    request.insert("bodySize"_L1, body.size());
    if (!body.isEmpty()) {
        request.insert("postData"_L1,
            QJsonObject {{"mimeType"_L1, QString::fromLatin1(head->value("Content-Type"))},
                {"text"_L1, QString::fromUtf8(body)}});
    }
    return request;
}

QJsonObject responseOf(const QByteArray &bytes, int status, bool payloadDropped, Sensitive sensitive)
{
    const std::optional<HttpHead> head = HttpHead::parseResponse(bytes);
    const auto [headLength, body] = partsOf(bytes);
    QJsonObject content {{"size"_L1, body.size()}, {"mimeType"_L1, u"x-unknown"_s}};
    if (head && head->has("Content-Type"))
        content.insert("mimeType"_L1, QString::fromLatin1(head->value("Content-Type")));
    if (payloadDropped) {
        content.insert("size"_L1, head ? head->value("Content-Length").toLongLong() : 0);
        content.insert("_payloadDropped"_L1, true);
    } else if (!body.isEmpty()) {
        const bool isText = Utf8Validator::isValid(body);
        content.insert("text"_L1, textOrBase64(body, isText));
        if (!isText)
            content.insert("encoding"_L1, u"base64"_s);
    }
    return {{"status"_L1, status}, {"statusText"_L1, head ? QString::fromLatin1(head->reasonPhrase()) : QString()},
        {"httpVersion"_L1, head ? QString::fromLatin1(head->version()) : QString()}, {"cookies"_L1, QJsonArray()},
        {"headers"_L1, head ? nameValues(head->fields(), sensitive) : QJsonArray()}, {"content"_L1, content},
        {"redirectURL"_L1, head ? QString::fromUtf8(head->value("Location")) : QString()},
        {"headersSize"_L1, headLength},
        {"bodySize"_L1, payloadDropped ? content.value("size"_L1).toInteger() : body.size()}};
}

// Writes the document entry by entry and message by message, so that a large log is never in memory again as JSON.
class Writer
{
public:
    Writer(QIODevice &file, const QDateTime &zero, Sensitive sensitive)
        : m_file(file)
        , m_zeroMs(zero.toMSecsSinceEpoch())
        , m_sensitive(sensitive)
    { }

    bool write(const std::vector<Entry> &entries);

private:
    void put(const QByteArray &bytes) { m_ok = m_ok && m_file.write(bytes) == bytes.size(); }
    void putEntry(const Entry &entry);
    void putMessage(const QJsonObject &message); // of the entry being written
    void putWebSocketMessages(const Entry &entry);
    void putEventSourceMessages(const Entry &entry);
    QJsonObject exchangeOf(const Entry &entry) const; // the entry without its messages

    double seconds(qint64 timeUs) const { return double(m_zeroMs) / 1e3 + double(timeUs) / 1e6; }
    QString date(qint64 timeUs) const
    {
        return QDateTime::fromMSecsSinceEpoch(m_zeroMs + timeUs / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
    }

    QIODevice &m_file;
    qint64 m_zeroMs;
    Sensitive m_sensitive;
    bool m_ok = true;
    bool m_firstMessage = true;
};

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool Writer::write(const std::vector<Entry> &entries)
{
    const QJsonObject creator {{"name"_L1, u"Duplex"_s}, {"version"_L1, QCoreApplication::applicationVersion()}};
    put(R"({"log":{"version":"1.2","creator":)" + compact(creator) + R"(,"pages":[],"entries":[)");
    for (size_t i = 0; m_ok && i < entries.size(); ++i) {
        if (i > 0)
            put(",");
        putEntry(entries[i]);
    }
    put("]}}\n");
    return m_ok;
}

void Writer::putEntry(const Entry &entry)
{
    const bool webSocket = std::holds_alternative<HandshakeExchanged>(entry.exchange->event);
    QByteArray exchange = compact(exchangeOf(entry));
    if (!webSocket && entry.parts.empty())
        return put(exchange);
    exchange.chop(1); // the messages go in before the entry's closing brace
    put(exchange + (webSocket ? R"(,"_webSocketMessages":[)" : R"(,"_eventSourceMessages":[)"));
    m_firstMessage = true;
    if (webSocket)
        putWebSocketMessages(entry);
    else
        putEventSourceMessages(entry);
    put("]}");
}

void Writer::putMessage(const QJsonObject &message)
{
    put(m_firstMessage ? compact(message) : ',' + compact(message));
    m_firstMessage = false;
}

QJsonObject Writer::exchangeOf(const Entry &entry) const
{
    const TrafficRecord &record = *entry.exchange;
    QJsonObject har;
    double waitMs = 0;
    if (const auto *handshake = std::get_if<HandshakeExchanged>(&record.event)) {
        const std::optional<HttpHead> response = HttpHead::parseResponse(handshake->response);
        har.insert("request"_L1, requestOf(handshake->request, u"ws"_s, m_sensitive));
        har.insert(
            "response"_L1, responseOf(handshake->response, response ? response->statusCode() : 0, false, m_sensitive));
        har.insert("_resourceType"_L1, u"websocket"_s);
        waitMs = double(difference(record.timeUs, entry.startedUs)) / 1e3;
    } else {
        const auto &exchange = std::get<HttpExchange>(record.event);
        har.insert("request"_L1, requestOf(exchange.request, u"http"_s, m_sensitive));
        QJsonObject response = responseOf(exchange.response, exchange.status, record.payloadDropped, m_sensitive);
        if (!exchange.reason.isEmpty())
            response.insert("_error"_L1, QString::fromUtf8(exchange.reason));
        har.insert("response"_L1, response);
        if (!entry.parts.empty()) // other answers are told apart by their type, as devtools do
            har.insert("_resourceType"_L1, u"eventsource"_s);
        waitMs = double(exchange.heldUs) / 1e3;
    }
    har.insert("startedDateTime"_L1, date(entry.startedUs));
    har.insert("time"_L1, waitMs);
    har.insert("timings"_L1,
        QJsonObject {{"blocked"_L1, -1}, {"dns"_L1, -1}, {"connect"_L1, -1}, {"ssl"_L1, -1}, {"send"_L1, 0},
            {"wait"_L1, waitMs}, {"receive"_L1, 0}});
    har.insert("cache"_L1, QJsonObject());
    if (record.connection != 0)
        har.insert("connection"_L1, QString::number(record.connection));
    if (!entry.serverAddress.isEmpty())
        har.insert("serverIPAddress"_L1, entry.serverAddress);
    return har;
}

void Writer::putWebSocketMessages(const Entry &entry)
{
    // A data message is whole at its last frame, gathered per direction (control frames may come between).
    struct Gathering
    {
        QByteArray data;
        bool dropped = false;
    };
    Gathering gathering[2];
    const auto putFrame = [this](const TrafficRecord &record, const Frame &frame, const Gathering &message) {
        QJsonObject har {{"type"_L1, frame.direction == Direction::ClientToServer ? u"send"_s : u"receive"_s},
            {"time"_L1, seconds(record.timeUs)}, {"opcode"_L1, frame.messageOpcode},
            {"data"_L1, message.dropped ? QString() : textOrBase64(message.data, frame.messageOpcode == Opcode::text)}};
        if (message.dropped)
            har.insert("_payloadDropped"_L1, true);
        putMessage(har);
    };
    for (const TrafficRecord *record : entry.parts) {
        const auto *frame = std::get_if<Frame>(&record->event);
        if (!frame || !m_ok)
            continue;
        if (Opcode::isControl(frame->opcode)) {
            putFrame(*record, *frame, {frame->payload, false});
            continue;
        }
        Gathering &message = gathering[int(frame->direction)];
        message.data += frame->data();
        message.dropped = message.dropped || record->payloadDropped;
        if (frame->fin)
            putFrame(*record, *frame, std::exchange(message, {}));
    }
}

void Writer::putEventSourceMessages(const Entry &entry)
{
    for (const TrafficRecord *record : entry.parts) {
        const auto *event = std::get_if<SseEvent>(&record->event);
        if (!event) // a capture file may say anything
            continue;
        QJsonObject har {{"time"_L1, seconds(record->timeUs)},
            {"eventName"_L1, event->type.isEmpty() ? u"message"_s : QString::fromUtf8(event->type)},
            {"eventId"_L1, QString::fromUtf8(event->id)}, {"data"_L1, QString::fromUtf8(event->data)}};
        if (record->payloadDropped)
            har.insert("_payloadDropped"_L1, true);
        putMessage(har);
    }
}

// Reads a HAR's entries into records, keeping count of what it skips.
class Reader
{
public:
    // Records on a clock whose zero is zeroMs since the epoch.
    Reader(CaptureFormat::Reading &reading, qint64 zeroMs)
        : m_reading(reading)
        , m_zeroMs(zeroMs)
    { }

    void readEntry(const QJsonObject &entry, qsizetype index); // the index-th
    std::vector<TrafficRecord> takeRecords() { return std::move(m_records); }

private:
    void skip(const QString &where, const QString &why);
    void readWebSocket(const QJsonObject &entry, const QString &where, quint64 connection, qint64 startUs);
    void readExchange(const QJsonObject &entry, const QString &where, quint64 connection, qint64 startUs);
    std::optional<qint64> timeOf(const QJsonValue &seconds) const; // since the epoch, on the log's clock

    CaptureFormat::Reading &m_reading;
    qint64 m_zeroMs;
    std::vector<TrafficRecord> m_records;
};

// A time the file gives, in microseconds, or nothing when it is not one (a hand-made file may say 1e300).
std::optional<qint64> microseconds(double seconds)
{
    constexpr double longest = 1e11; // seconds: three thousand years
    if (!std::isfinite(seconds) || std::abs(seconds) > longest)
        return std::nullopt;
    return qint64(std::llround(seconds * 1e6));
}

// One line of a head from the file's text, which must not end it early.
QByteArray headLine(const QString &text)
{
    QByteArray line = text.toUtf8();
    line.replace('\r', ' ').replace('\n', ' ');
    return line;
}

QByteArray headOf(const QString &startLine, const QJsonArray &headers)
{
    QByteArray head = headLine(startLine) + "\r\n";
    for (const QJsonValue field : headers)
        head += headLine(field["name"_L1].toString()) + ": " + headLine(field["value"_L1].toString()) + "\r\n";
    return head + "\r\n";
}

QByteArray requestHeadOf(const QJsonObject &request)
{
    const QUrl url(request["url"_L1].toString());
    const QString version = request["httpVersion"_L1].toString();
    const QString target
        = QString::fromUtf8(url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment));
    return headOf(request["method"_L1].toString() + u' ' + (target.isEmpty() ? u"/"_s : target) + u' '
            + (version.isEmpty() ? u"HTTP/1.1"_s : version),
        request["headers"_L1].toArray());
}

QByteArray responseHeadOf(const QJsonObject &response)
{
    const QString version = response["httpVersion"_L1].toString();
    return headOf((version.isEmpty() ? u"HTTP/1.1"_s : version) + u' ' + QString::number(response["status"_L1].toInt())
            + u' ' + response["statusText"_L1].toString(),
        response["headers"_L1].toArray());
}

void Reader::skip(const QString &where, const QString &why)
{
    if (m_reading.skipped++ == 0)
        m_reading.firstSkipped = where + u": "_s + why;
}

std::optional<qint64> Reader::timeOf(const QJsonValue &seconds) const
{
    if (!seconds.isDouble())
        return std::nullopt;
    const auto us = microseconds(seconds.toDouble() - double(m_zeroMs) / 1e3);
    return us ? std::optional(std::max<qint64>(*us, 0)) : std::nullopt;
}

void Reader::readEntry(const QJsonObject &entry, qsizetype index)
{
    const QString where = u"entry %1"_s.arg(index + 1);
    const QDateTime started = QDateTime::fromString(entry["startedDateTime"_L1].toString(), Qt::ISODateWithMs);
    if (!started.isValid())
        return skip(where, u"its startedDateTime is not a date"_s);
    if (!entry["request"_L1].isObject() || !entry["response"_L1].isObject())
        return skip(where, u"it has no request or no response"_s);
    const QUrl url(entry["request"_L1]["url"_L1].toString());
    if (!url.isValid() || url.scheme().isEmpty())
        return skip(where, u"its request has no URL"_s);
    const quint64 connection = quint64(index) + 1; // every entry a connection of its own
    const qint64 startUs = std::max<qint64>(started.toMSecsSinceEpoch() - m_zeroMs, 0) * 1000;
    const bool webSocket = entry["_resourceType"_L1].toString() == u"websocket"
        || entry.contains("_webSocketMessages"_L1) || url.scheme() == u"ws" || url.scheme() == u"wss";
    if (webSocket)
        readWebSocket(entry, where, connection, startUs);
    else
        readExchange(entry, where, connection, startUs);
}

void Reader::readWebSocket(const QJsonObject &entry, const QString &where, quint64 connection, qint64 startUs)
{
    const QJsonObject request = entry["request"_L1].toObject();
    const QUrl url(request["url"_L1].toString());
    const QString server = entry["serverIPAddress"_L1].toString(url.host());
    const QString peer = (server.contains(u':') ? u'[' + server + u']' : server) + u':'
        + QString::number(url.port(url.scheme() == u"wss" || url.scheme() == u"https" ? 443 : 80));
    m_records.push_back({startUs, connection, ConnectionOpened {peer, url.path(QUrl::FullyEncoded).toUtf8()}});
    const qint64 shakenUs = startUs + std::max<qint64>(microseconds(entry["time"_L1].toDouble() / 1e3).value_or(0), 0);
    m_records.push_back({shakenUs, connection,
        HandshakeExchanged {requestHeadOf(request), responseHeadOf(entry["response"_L1].toObject())}});

    qint64 lastUs = shakenUs;
    std::optional<Frame> firstClose;
    bool closedBothWays = false;
    const QJsonArray messages = entry["_webSocketMessages"_L1].toArray();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QString at = where + u", message %1"_s.arg(i + 1);
        const QJsonObject message = messages[i].toObject();
        const QString type = message["type"_L1].toString();
        if (type != u"send" && type != u"receive")
            continue; // Chrome's "error" notes are not frames
        const std::optional<qint64> timeUs = timeOf(message["time"_L1]);
        if (!timeUs) {
            skip(at, u"its time is not a number of seconds"_s);
            continue;
        }
        const int opcode = message["opcode"_L1].toInt(-1);
        if (opcode != Opcode::text && opcode != Opcode::binary && opcode != Opcode::close && opcode != Opcode::ping
            && opcode != Opcode::pong) {
            skip(at, u"its opcode is not that of a message, a close, a ping or a pong"_s);
            continue;
        }
        const QString data = message["data"_L1].toString();
        QByteArray payload = data.toUtf8();
        if (opcode != Opcode::text) {
            auto decoded = QByteArray::fromBase64Encoding(data.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded) {
                skip(at, u"its data is not base64"_s);
                continue;
            }
            payload = std::move(*decoded);
        }
        if (Opcode::isControl(quint8(opcode)) && payload.size() > Opcode::maxControlPayload) {
            skip(at, u"a control frame carries at most 125 bytes"_s);
            continue;
        }
        const Direction direction = type == u"send" ? Direction::ClientToServer : Direction::ServerToClient;
        const FrameEncoder::Header header {quint8(opcode), true, false,
            direction == Direction::ClientToServer ? std::optional<quint32>(0) : std::nullopt};
        TrafficRecord record {
            std::max(*timeUs, shakenUs), connection, FrameEncoder::prepare(payload, header, direction).frame};
        record.payloadDropped = message["_payloadDropped"_L1].toBool();
        lastUs = std::max(lastUs, record.timeUs);
        if (opcode == Opcode::close) {
            const Frame &close = std::get<Frame>(record.event);
            closedBothWays = closedBothWays || (firstClose && firstClose->direction != direction);
            if (!firstClose)
                firstClose = close;
        }
        m_records.push_back(std::move(record));
    }
    // A HAR is a finished recording: the connection ended after its last message.
    ConnectionClosed closed;
    if (firstClose) {
        closed = {firstClose->direction == Direction::ClientToServer ? Closer::Client : Closer::Server,
            firstClose->closeCode, firstClose->closeReason, closedBothWays};
    }
    m_records.push_back({lastUs, connection, closed});
}

void Reader::readExchange(const QJsonObject &entry, const QString &where, quint64 connection, qint64 startUs)
{
    const QJsonObject request = entry["request"_L1].toObject();
    const QJsonObject response = entry["response"_L1].toObject();
    const QJsonObject content = response["content"_L1].toObject();
    QByteArray body = content["text"_L1].toString().toUtf8();
    if (content["encoding"_L1].toString() == u"base64") {
        auto decoded = QByteArray::fromBase64Encoding(body, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return skip(where, u"its response's content is not base64"_s);
        body = std::move(*decoded);
    }
    const qint64 heldUs = std::max<qint64>(microseconds(entry["time"_L1].toDouble() / 1e3).value_or(0), 0);
    TrafficRecord exchange {startUs + heldUs, connection,
        HttpExchange {requestHeadOf(request) + request["postData"_L1]["text"_L1].toString().toUtf8(),
            response["status"_L1].toInt(), response["_error"_L1].toString().toUtf8(), responseHeadOf(response) + body,
            heldUs}};
    exchange.payloadDropped = content["_payloadDropped"_L1].toBool();
    const qint64 answeredUs = exchange.timeUs;
    m_records.push_back(std::move(exchange));

    const QJsonArray events = entry["_eventSourceMessages"_L1].toArray();
    for (qsizetype i = 0; i < events.size(); ++i) {
        const QJsonObject event = events[i].toObject();
        const std::optional<qint64> timeUs = timeOf(event["time"_L1]);
        if (!timeUs) {
            skip(where + u", event %1"_s.arg(i + 1), u"its time is not a number of seconds"_s);
            continue;
        }
        const QString name = event["eventName"_L1].toString();
        TrafficRecord record {std::max(*timeUs, answeredUs), connection,
            SseEvent {name == u"message" ? QByteArray() : name.toUtf8(), event["eventId"_L1].toString().toUtf8(),
                event["data"_L1].toString().toUtf8()}};
        record.payloadDropped = event["_payloadDropped"_L1].toBool();
        m_records.push_back(std::move(record));
    }
}

// How far a read has come, as shares of the whole: rough shares of the time each part took on a 136 MB HAR.
namespace Share {
constexpr double reading = 0.05; // the file's bytes
constexpr double jsonParsed = 0.45;
constexpr double parsed = 0.95; // the entries become records, in the order of their times; then they go in the log
} // namespace Share
constexpr qint64 readChunkBytes = qint64(4) << 20;
constexpr int progressIntervalMs = 50;
constexpr qsizetype recordsBetweenProgress = 10'000;

// A HAR's records, not yet in a log; or, in reading.error, why there are none.
struct Parsed
{
    CaptureFormat::Reading reading;
    qint64 zeroMs = 0; // the records' zero, since the epoch
    std::vector<TrafficRecord> records;
};

// What a thread of the pool parses for read(), and how the two speak: done and stop are progress's two ways.
struct ParseJob
{
    std::atomic<double> done = Share::reading;
    std::atomic<bool> stop = false;
    QSemaphore finished;
    Parsed parsed;
};

QString stoppedReason()
{
    return QCoreApplication::translate("HarFormat", "stopped");
}

// On any thread: it touches only what it is given. progress, when given, hears how far it is and may stop it.
Parsed parse(const QByteArray &bytes, const CaptureFormat::Progress &progress)
{
    Parsed parsed;
    const auto fail = [&parsed](const QString &why) {
        parsed.reading.error = why;
        return std::move(parsed);
    };
    const auto stopped = [&] { return fail(stoppedReason()); };
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(QCoreApplication::translate("HarFormat", "it is not JSON: %1 at byte %2")
                        .arg(error.errorString())
                        .arg(error.offset));
    if (progress && !progress(Share::jsonParsed))
        return stopped();
    const QJsonValue entriesValue = document.object().value("log"_L1).toObject().value("entries"_L1);
    if (!entriesValue.isArray())
        return fail(QCoreApplication::translate("HarFormat", "it is not an HTTP Archive: it has no log.entries"));
    const QJsonArray entries = entriesValue.toArray();

    // The records count from the first entry's start.
    std::optional<qint64> zeroMs;
    for (const QJsonValue entry : entries) {
        const QDateTime started = QDateTime::fromString(entry["startedDateTime"_L1].toString(), Qt::ISODateWithMs);
        if (started.isValid())
            zeroMs = std::min(zeroMs.value_or(started.toMSecsSinceEpoch()), started.toMSecsSinceEpoch());
    }
    parsed.zeroMs = zeroMs.value_or(0);
    Reader reader(parsed.reading, parsed.zeroMs);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (progress
            && !progress(Share::jsonParsed + (Share::parsed - Share::jsonParsed) * double(i) / double(entries.size())))
            return stopped();
        reader.readEntry(entries[i].toObject(), i);
    }
    parsed.records = reader.takeRecords();
    std::stable_sort(parsed.records.begin(), parsed.records.end(),
        [](const TrafficRecord &a, const TrafficRecord &b) { return a.timeUs < b.timeUs; });
    return parsed;
}

} // namespace

bool write(QIODevice &file, const TrafficLog &log, Sensitive sensitive, QString *errorOut)
{
    const bool ok = Writer(file, log.startedAt(), sensitive).write(entriesOf(log));
    if (!ok && errorOut)
        *errorOut = file.errorString();
    return ok;
}

CaptureFormat::Reading read(QIODevice &file, TrafficLog &log, const CaptureFormat::Progress &progress)
{
    CaptureFormat::Reading reading;
    const auto stopped = [&reading] {
        reading.error = stoppedReason();
        return reading;
    };
    if (file.size() > maxFileBytes) {
        reading.error = QCoreApplication::translate("HarFormat", "it is larger than %1 MiB, and a HAR is read whole")
                            .arg(maxFileBytes >> 20);
        return reading;
    }
    QByteArray bytes;
    bytes.reserve(file.size()); // no larger than the size checked; read into place rather than grown chunk by chunk
    while (!file.atEnd()) {
        bytes += file.read(readChunkBytes);
        if (progress && !progress(Share::reading * double(file.pos()) / double(std::max<qint64>(file.size(), 1))))
            return stopped();
    }

    Parsed parsed;
    if (progress) {
        // Parsed on a thread of the pool, which the caller's own thread waits for while it answers: the caller
        // keeps showing progress, and a stop returns at once. What is left of the parse then ends by itself, on
        // a job of its own the caller no longer waits for.
        auto job = std::make_shared<ParseJob>();
        QThreadPool::globalInstance()->start([job, bytes = std::move(bytes)] {
            job->parsed = parse(bytes, [&shared = *job](double done) {
                shared.done.store(done);
                return !shared.stop.load();
            });
            job->finished.release();
        });
        do {
            if (!progress(job->done.load())) {
                job->stop.store(true);
                return stopped();
            }
        } while (!job->finished.tryAcquire(1, progressIntervalMs));
        parsed = std::move(job->parsed);
    } else {
        parsed = parse(bytes, {});
    }
    reading = std::move(parsed.reading);
    if (!reading.error.isEmpty())
        return reading;

    log.setStartedAt(QDateTime::fromMSecsSinceEpoch(parsed.zeroMs, Qt::UTC));
    const auto count = std::ssize(parsed.records);
    for (qsizetype i = 0; i < count; ++i) {
        if (progress && i % recordsBetweenProgress == 0
            && !progress(Share::parsed + (1 - Share::parsed) * double(i) / double(count)))
            return stopped();
        log.append(std::move(parsed.records[size_t(i)]));
    }
    reading.ok = true;
    return reading;
}

} // namespace Duplex::HarFormat
