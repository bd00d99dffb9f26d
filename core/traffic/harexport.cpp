// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/harexport.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <optional>
#include <unordered_map>
#include <vector>

#include "traffic/trafficlog.h"
#include "wire/httphead.h"
#include "wire/utf8validator.h"

using namespace Qt::StringLiterals;

namespace Duplex::HarExport {

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
            entries.push_back({&record, record.timeUs - exchange->heldUs, {}, {}});
        } else if (std::holds_alternative<Frame>(record.event) || std::holds_alternative<SseEvent>(record.event)) {
            if (const auto entry = current.find(record.connection); entry != current.end())
                entries[entry->second].parts.push_back(&record);
        }
    }
    std::stable_sort(
        entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.startedUs < b.startedUs; });
    return entries;
}

QJsonArray nameValues(const QList<HttpHead::Field> &fields)
{
    QJsonArray array;
    for (const HttpHead::Field &field : fields)
        array.append(
            QJsonObject {{"name"_L1, QString::fromLatin1(field.name)}, {"value"_L1, QString::fromUtf8(field.value)}});
    return array;
}

// The bytes after a message's head, as recorded.
QByteArray bodyOf(const QByteArray &message)
{
    const qsizetype headLength = HttpHead::headLength(message);
    return headLength < 0 ? QByteArray() : message.sliced(headLength);
}

QString textOrBase64(const QByteArray &bytes, bool isText)
{
    return isText ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes.toBase64());
}

QJsonObject requestOf(const QByteArray &bytes, const QString &scheme)
{
    const std::optional<HttpHead> head = HttpHead::parseRequest(bytes);
    const QByteArray headBytes = bytes.first(std::max<qsizetype>(HttpHead::headLength(bytes), 0));
    QJsonObject request {{"cookies"_L1, QJsonArray()}, {"headersSize"_L1, headBytes.isEmpty() ? -1 : headBytes.size()}};
    if (!head) { // refused before it was read whole, or not HTTP at all
        request.insert("method"_L1, QString());
        request.insert("url"_L1, QString());
        request.insert("httpVersion"_L1, QString());
        request.insert("headers"_L1, QJsonArray());
        request.insert("queryString"_L1, QJsonArray());
        request.insert("bodySize"_L1, -1);
        request.insert("comment"_L1, QString::fromUtf8(bytes.left(200)));
        return request;
    }
    QJsonArray query;
    for (const auto &[name, value] : head->query().queryItems(QUrl::FullyDecoded))
        query.append(QJsonObject {{"name"_L1, name}, {"value"_L1, value}});
    request.insert("method"_L1, QString::fromLatin1(head->method()));
    const QString target = QString::fromUtf8(head->target());
    request.insert(
        "url"_L1, target.startsWith(u'/') ? scheme + u"://"_s + QString::fromUtf8(head->host()) + target : target);
    request.insert("httpVersion"_L1, QString::fromLatin1(head->version()));
    request.insert("headers"_L1, nameValues(head->fields()));
    request.insert("queryString"_L1, query);
    const QByteArray body = bodyOf(bytes);
    request.insert("bodySize"_L1, body.size());
    if (!body.isEmpty()) {
        request.insert("postData"_L1,
            QJsonObject {{"mimeType"_L1, QString::fromLatin1(head->value("Content-Type"))},
                {"text"_L1, QString::fromUtf8(body)}});
    }
    return request;
}

QJsonObject responseOf(const QByteArray &bytes, int status, bool payloadDropped)
{
    const std::optional<HttpHead> head = HttpHead::parseResponse(bytes);
    const QByteArray body = bodyOf(bytes);
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
    const QByteArray headBytes = bytes.first(std::max<qsizetype>(HttpHead::headLength(bytes), 0));
    return {{"status"_L1, status}, {"statusText"_L1, head ? QString::fromLatin1(head->reasonPhrase()) : QString()},
        {"httpVersion"_L1, head ? QString::fromLatin1(head->version()) : QString()}, {"cookies"_L1, QJsonArray()},
        {"headers"_L1, head ? nameValues(head->fields()) : QJsonArray()}, {"content"_L1, content},
        {"redirectURL"_L1, head ? QString::fromUtf8(head->value("Location")) : QString()},
        {"headersSize"_L1, headBytes.isEmpty() ? -1 : headBytes.size()},
        {"bodySize"_L1, payloadDropped ? content.value("size"_L1).toInteger() : body.size()}};
}

// Writes the document entry by entry and message by message, so that a large log is never in memory again as JSON.
class Writer
{
public:
    Writer(QIODevice &file, const QDateTime &zero)
        : m_file(file)
        , m_zeroMs(zero.toMSecsSinceEpoch())
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
        har.insert("request"_L1, requestOf(handshake->request, u"ws"_s));
        har.insert("response"_L1, responseOf(handshake->response, response ? response->statusCode() : 0, false));
        har.insert("_resourceType"_L1, u"websocket"_s);
        waitMs = double(record.timeUs - entry.startedUs) / 1e3;
    } else {
        const auto &exchange = std::get<HttpExchange>(record.event);
        har.insert("request"_L1, requestOf(exchange.request, u"http"_s));
        QJsonObject response = responseOf(exchange.response, exchange.status, record.payloadDropped);
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

} // namespace

bool write(QIODevice &file, const TrafficLog &log, QString *errorOut)
{
    const bool ok = Writer(file, log.startedAt()).write(entriesOf(log));
    if (!ok && errorOut)
        *errorOut = file.errorString();
    return ok;
}

} // namespace Duplex::HarExport
