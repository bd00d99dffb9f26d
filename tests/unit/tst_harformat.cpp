// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// A traffic log as an HTTP Archive: one entry per WebSocket connection with its messages as Chrome's
// "_webSocketMessages", one per HTTP exchange with its bodies, an SSE stream's events as "_eventSourceMessages";
// and a HAR, Chrome's or Duplex's own, read back as records, its damaged parts skipped and counted.
#include <QBuffer>

#include <algorithm>

#include "support/trafficevents.h"
#include "traffic/harformat.h"
#include "traffic/trafficlog.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

namespace {

const QDateTime zero = QDateTime::fromString(u"2026-12-06T00:00:00.000Z"_s, Qt::ISODateWithMs);

double secondsAt(qint64 timeUs)
{
    return double(zero.toMSecsSinceEpoch()) / 1e3 + double(timeUs) / 1e6;
}

// The fields HAR 1.2 requires (http://www.softwareishard.com/blog/har-12-spec/) that entry lacks.
QStringList missingFields(const QJsonObject &entry)
{
    QStringList missing;
    const auto need = [&missing](const QJsonObject &object, const QString &path, const QStringList &names) {
        for (const QString &name : names) {
            if (!object.contains(name))
                missing << path + name;
        }
    };
    need(entry, {}, {u"startedDateTime"_s, u"time"_s, u"request"_s, u"response"_s, u"cache"_s, u"timings"_s});
    need(entry["request"_L1].toObject(), u"request."_s,
        {u"method"_s, u"url"_s, u"httpVersion"_s, u"cookies"_s, u"headers"_s, u"queryString"_s, u"headersSize"_s,
            u"bodySize"_s});
    need(entry["response"_L1].toObject(), u"response."_s,
        {u"status"_s, u"statusText"_s, u"httpVersion"_s, u"cookies"_s, u"headers"_s, u"content"_s, u"redirectURL"_s,
            u"headersSize"_s, u"bodySize"_s});
    need(entry["response"_L1]["content"_L1].toObject(), u"response.content."_s, {u"size"_s, u"mimeType"_s});
    need(entry["timings"_L1].toObject(), u"timings."_s, {u"send"_s, u"wait"_s, u"receive"_s});
    return missing;
}

// The "log" of what HarFormat writes, or nothing when that is not JSON with every field HAR requires.
QJsonObject exported(const TrafficLog &log, HarFormat::Sensitive sensitive = HarFormat::Sensitive::Kept)
{
    QBuffer file;
    file.open(QIODevice::WriteOnly);
    if (!HarFormat::write(file, log, sensitive))
        return {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.data(), &error);
    if (error.error != QJsonParseError::NoError) {
        qWarning() << "not JSON:" << error.errorString() << "at" << error.offset;
        return {};
    }
    const QJsonObject har = document.object().value("log"_L1).toObject();
    for (const QJsonValue entry : har.value("entries"_L1).toArray()) {
        if (const QStringList missing = missingFields(entry.toObject()); !missing.isEmpty()) {
            qWarning() << "an entry lacks" << missing;
            return {};
        }
    }
    return har;
}

// Connection 1, a WebSocket: a message in two fragments with a ping between them, a binary one, a compressed one,
// one whose payload the budget dropped, and the client's close.
void appendWebSocket(TrafficLog &log)
{
    log.append({1000, 1, ConnectionOpened {u"127.0.0.1:40001"_s, "/chat"}});
    log.append({3000, 1,
        HandshakeExchanged {"GET /chat?lastEventId=3 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"}});
    log.append(Test::frameRecord(4000, 1, Direction::ClientToServer, Opcode::text, "hel", false));
    log.append(Test::frameRecord(4100, 1, Direction::ServerToClient, Opcode::ping, "p"));
    log.append(Test::frameRecord(4200, 1, Direction::ClientToServer, Opcode::continuation, "lo", true, Opcode::text));
    log.append(Test::frameRecord(5000, 1, Direction::ServerToClient, Opcode::binary, QByteArray("\x00\xff", 2)));
    TrafficRecord compressed = Test::frameRecord(6000, 1, Direction::ServerToClient, Opcode::text, "\xf2\x48");
    std::get<Frame>(compressed.event).compressed = true;
    std::get<Frame>(compressed.event).inflated = "inflated text";
    log.append(compressed);
    TrafficRecord dropped = Test::frameRecord(7000, 1, Direction::ClientToServer, Opcode::text, {});
    dropped.payloadDropped = true;
    log.append(dropped);
    log.append(Test::frameRecord(8000, 1, Direction::ClientToServer, Opcode::close,
        "\x03\xe8"
        "bye"));
}

// Connection 3, an SSE stream and two events, one of them of no type.
void appendEventStream(TrafficLog &log)
{
    log.append({20'000, 3,
        HttpExchange {"GET /chat/events HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nLast-Event-ID: 3\r\n\r\n", 200, {},
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n", 0}});
    log.append({21'000, 3, SseEvent {"join", "4", "{\"nick\":\"ann\"}"}});
    log.append({22'000, 3, SseEvent {{}, "5", "plain"}});
}

// A HAR of tests/unit/har.
QByteArray sample(const QString &name)
{
    QFile file(QStringLiteral(HAR_SAMPLES "/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

CaptureFormat::Reading readInto(TrafficLog &log, const QByteArray &har, const CaptureFormat::Progress &progress = {})
{
    QByteArray bytes = har;
    QBuffer file(&bytes);
    file.open(QIODevice::ReadOnly);
    return HarFormat::read(file, log, progress);
}

// Every record of log as a capture's line: two logs with the same lines hold the same records.
QList<QByteArray> linesOf(const TrafficLog &log)
{
    QList<QByteArray> lines;
    for (const TrafficRecord &record : log.records())
        lines.append(CaptureFormat::recordLine(record));
    return lines;
}

// The entry whose connection is connection.
QJsonObject entryOf(const QJsonObject &log, quint64 connection)
{
    for (const QJsonValue entry : log.value("entries"_L1).toArray()) {
        if (entry["connection"_L1].toString() == QString::number(connection))
            return entry.toObject();
    }
    return {};
}

QString header(const QJsonObject &message, const QString &name)
{
    for (const QJsonValue field : message.value("headers"_L1).toArray()) {
        if (field["name"_L1].toString() == name)
            return field["value"_L1].toString();
    }
    return {};
}

} // namespace

class tst_HarFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Sanitized, as Chrome's export for sharing: no credential headers, no password or bearer token in a URL, and not
    // the text of a request that could not be read; the rest as sent. Kept, everything.
    void aSanitizedArchiveLeavesOutCredentials()
    {
        TrafficLog log;
        log.append({1000, 1,
            HandshakeExchanged {
                "GET /chat?password=open+sesame&room=x%20y&access_token=T0KEN HTTP/1.1\r\nHost: h:8080\r\n"
                "Authorization: Bearer S3CRET\r\ncookie: c=C00KIE\r\nUpgrade: websocket\r\n\r\n",
                "HTTP/1.1 101 Switching Protocols\r\nSet-Cookie: s=SETC00KIE\r\nUpgrade: websocket\r\n\r\n"}});
        log.append({2000, 2,
            HttpExchange {
                "POST /chat/join?password=PASS HTTP/1.1\r\nHost: h:8080\r\nProxy-Authorization: Basic PR0XY\r\n"
                "Content-Length: 0\r\n\r\n",
                200, {}, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", 0}});
        log.append({3000, 3,
            HttpExchange {"GET /chat/events?lastEventId=3 HTTP/1.1\r\nHost: h:8080\r\n\r\n", 200, {},
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n", 0}});
        log.append({4000, 4, HttpExchange {"GET /chat?password=UNREAD", 431, "too long", "HTTP/1.1 431 x\r\n\r\n", 0}});
        const QList<QByteArray> secrets {"sesame", "T0KEN", "S3CRET", "C00KIE", "SETC00KIE", "PASS", "PR0XY", "UNREAD"};
        const auto text = [](const QJsonObject &har) { return QJsonDocument(har).toJson(); };

        const QJsonObject kept = exported(log, HarFormat::Sensitive::Kept);
        QVERIFY(!kept.isEmpty());
        for (const QByteArray &secret : secrets)
            QVERIFY2(text(kept).contains(secret), secret.constData());

        const QJsonObject sanitized = exported(log, HarFormat::Sensitive::LeftOut);
        QVERIFY(!sanitized.isEmpty());
        for (const QByteArray &secret : secrets)
            QVERIFY2(!text(sanitized).contains(secret), secret.constData());
        const QJsonObject upgrade = entryOf(sanitized, 1);
        QCOMPARE(upgrade["request"_L1]["url"_L1].toString(), u"ws://h:8080/chat?room=x%20y"_s);
        QCOMPARE(upgrade["request"_L1]["queryString"_L1].toArray(),
            (QJsonArray {QJsonObject {{"name"_L1, u"room"_s}, {"value"_L1, u"x y"_s}}}));
        QStringList headers;
        for (const QJsonValue header : upgrade["request"_L1]["headers"_L1].toArray())
            headers << header["name"_L1].toString();
        QCOMPARE(headers, (QStringList {u"Host"_s, u"Upgrade"_s}));
        QCOMPARE(upgrade["response"_L1]["headers"_L1].toArray().size(), 1); // Upgrade
        QCOMPARE(entryOf(sanitized, 2)["request"_L1]["url"_L1].toString(), u"http://h:8080/chat/join"_s);
        QCOMPARE(
            entryOf(sanitized, 3)["request"_L1]["url"_L1].toString(), u"http://h:8080/chat/events?lastEventId=3"_s);
    }

    void aWebSocketConnectionIsAnEntryWithItsMessages()
    {
        TrafficLog log;
        log.setStartedAt(zero);
        appendWebSocket(log);
        log.append({9000, 1, ConnectionClosed {Closer::Client, 1000, "bye", true}});

        const QJsonObject har = exported(log);
        QCOMPARE(har.value("version"_L1).toString(), u"1.2"_s);
        QCOMPARE(har.value("creator"_L1)["name"_L1].toString(), u"Duplex"_s);
        const QJsonObject entry = entryOf(har, 1);
        QCOMPARE(entry.value("_resourceType"_L1).toString(), u"websocket"_s);
        QCOMPARE(entry.value("startedDateTime"_L1).toString(), u"2026-12-06T00:00:00.001Z"_s); // opened at 1 ms
        QCOMPARE(entry.value("time"_L1).toDouble(), 2.0);                                      // to the handshake's end
        QCOMPARE(entry.value("timings"_L1)["wait"_L1].toDouble(), 2.0);
        const QJsonObject request = entry.value("request"_L1).toObject();
        QCOMPARE(request.value("method"_L1).toString(), u"GET"_s);
        QCOMPARE(request.value("url"_L1).toString(), u"ws://127.0.0.1:8080/chat?lastEventId=3"_s);
        QCOMPARE(request.value("queryString"_L1)[0]["name"_L1].toString(), u"lastEventId"_s);
        QCOMPARE(request.value("queryString"_L1)[0]["value"_L1].toString(), u"3"_s);
        QCOMPARE(header(request, u"Upgrade"_s), u"websocket"_s);
        const QJsonObject response = entry.value("response"_L1).toObject();
        QCOMPARE(response.value("status"_L1).toInt(), 101);
        QCOMPARE(response.value("statusText"_L1).toString(), u"Switching Protocols"_s);
        QVERIFY(!entry.contains("serverIPAddress"_L1)); // a member of our room: the server is us

        const QJsonArray messages = entry.value("_webSocketMessages"_L1).toArray();
        QCOMPARE(messages.size(), 6);
        const auto expect = [&](int i, const QString &type, double time, int opcode, const QString &data) {
            const QJsonObject message = messages[i].toObject();
            QCOMPARE(message.value("type"_L1).toString(), type);
            QCOMPARE(message.value("time"_L1).toDouble(), secondsAt(qint64(time)));
            QCOMPARE(message.value("opcode"_L1).toInt(), opcode);
            QCOMPARE(message.value("data"_L1).toString(), data);
        };
        expect(0, u"receive"_s, 4100, Opcode::ping, u"cA=="_s);          // a control frame between two fragments
        expect(1, u"send"_s, 4200, Opcode::text, u"hello"_s);            // the message whole, at its last frame
        expect(2, u"receive"_s, 5000, Opcode::binary, u"AP8="_s);        // base64
        expect(3, u"receive"_s, 6000, Opcode::text, u"inflated text"_s); // what the application got
        expect(4, u"send"_s, 7000, Opcode::text, QString());
        QVERIFY(messages[4]["_payloadDropped"_L1].toBool());
        QVERIFY(!messages[3].toObject().contains("_payloadDropped"_L1));
        expect(5, u"send"_s, 8000, Opcode::close, u"A+hieWU="_s);
    }

    void httpExchangesAreEntriesWithTheirBodies()
    {
        TrafficLog log;
        log.setStartedAt(zero);
        log.append({10'000, 2,
            HttpExchange {"POST /chat/send HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\n"
                          "Content-Length: 13\r\n\r\n{\"text\":\"hi\"}",
                200, {}, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", 500}});
        log.append({11'000, 2,
            HttpExchange {"GET /icon.png HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n", 200, {},
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n\x89PNG", 0}});
        TrafficRecord dropped {12'000, 2,
            HttpExchange {"GET /big HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n", 200, {},
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5000000\r\n\r\n", 0}};
        dropped.payloadDropped = true;
        log.append(dropped);
        log.append({13'000, 0,
            HttpExchange {"GARBAGE\r\n", 400, "The request line is not HTTP.",
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", 0}});

        const QJsonArray entries = exported(log).value("entries"_L1).toArray();
        QCOMPARE(entries.size(), 4);
        const QJsonObject post = entries[0].toObject();
        QCOMPARE(post.value("startedDateTime"_L1).toString(), u"2026-12-06T00:00:00.009Z"_s); // held 0.5 ms
        QCOMPARE(post.value("time"_L1).toDouble(), 0.5);
        QCOMPARE(post["request"_L1]["method"_L1].toString(), u"POST"_s);
        QCOMPARE(post["request"_L1]["url"_L1].toString(), u"http://127.0.0.1:8080/chat/send"_s);
        QCOMPARE(post["request"_L1]["bodySize"_L1].toInt(), 13);
        QCOMPARE(post["request"_L1]["postData"_L1]["mimeType"_L1].toString(), u"application/json"_s);
        QCOMPARE(post["request"_L1]["postData"_L1]["text"_L1].toString(), u"{\"text\":\"hi\"}"_s);
        QCOMPARE(post["response"_L1]["status"_L1].toInt(), 200);
        QCOMPARE(post["response"_L1]["content"_L1]["mimeType"_L1].toString(), u"application/json"_s);
        QCOMPARE(post["response"_L1]["content"_L1]["text"_L1].toString(), u"{}"_s);
        QCOMPARE(post["response"_L1]["bodySize"_L1].toInt(), 2);
        QVERIFY(!post.contains("_resourceType"_L1)); // devtools tell it by its content's type

        const QJsonObject binary = entries[1]["response"_L1]["content"_L1].toObject();
        QCOMPARE(binary.value("encoding"_L1).toString(), u"base64"_s);
        QCOMPARE(QByteArray::fromBase64(binary.value("text"_L1).toString().toLatin1()), QByteArray("\x89PNG"));
        QCOMPARE(binary.value("size"_L1).toInt(), 4);

        const QJsonObject big = entries[2]["response"_L1]["content"_L1].toObject();
        QVERIFY(big.value("_payloadDropped"_L1).toBool());
        QVERIFY(!big.contains("text"_L1));
        QCOMPARE(big.value("size"_L1).toInt(), 5'000'000); // as the head said

        const QJsonObject refused = entries[3].toObject();
        QCOMPARE(refused["response"_L1]["status"_L1].toInt(), 400);
        QCOMPARE(refused["response"_L1]["_error"_L1].toString(), u"The request line is not HTTP."_s);
        QCOMPARE(refused["request"_L1]["comment"_L1].toString(), u"GARBAGE\r\n"_s); // what came, as it came
        QVERIFY(!refused.contains("connection"_L1));
    }

    void anEventStreamIsAnEntryWithItsEvents()
    {
        TrafficLog log;
        log.setStartedAt(zero);
        appendEventStream(log);

        const QJsonObject entry = entryOf(exported(log), 3);
        QCOMPARE(entry.value("_resourceType"_L1).toString(), u"eventsource"_s);
        QCOMPARE(header(entry.value("request"_L1).toObject(), u"Last-Event-ID"_s), u"3"_s);
        const QJsonArray events = entry.value("_eventSourceMessages"_L1).toArray();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0]["eventName"_L1].toString(), u"join"_s);
        QCOMPARE(events[0]["eventId"_L1].toString(), u"4"_s);
        QCOMPARE(events[0]["data"_L1].toString(), u"{\"nick\":\"ann\"}"_s);
        QCOMPARE(events[0]["time"_L1].toDouble(), secondsAt(21'000));
        QCOMPARE(events[1]["eventName"_L1].toString(), u"message"_s); // no "event:" field
        QVERIFY(!entry.contains("_webSocketMessages"_L1));
    }

    void ourClientsConnectionsNameTheServer()
    {
        TrafficLog log;
        log.setStartedAt(zero);
        TrafficRecord opened {1000, 4, ConnectionOpened {u"[::1]:9000"_s, "/echo", u"[::1]:5555"_s}};
        opened.session = 7;
        log.append(opened);
        TrafficRecord handshake {2000, 4,
            HandshakeExchanged {
                "GET /echo HTTP/1.1\r\nHost: [::1]:9000\r\n\r\n", "HTTP/1.1 101 Switching Protocols\r\n\r\n"}};
        handshake.session = 7;
        log.append(handshake);

        const QJsonObject entry = entryOf(exported(log), 4);
        QCOMPARE(entry.value("serverIPAddress"_L1).toString(), u"::1"_s);
        QCOMPARE(entry["request"_L1]["url"_L1].toString(), u"ws://[::1]:9000/echo"_s);
        QCOMPARE(entry.value("_webSocketMessages"_L1).toArray().size(), 0);
    }

    void entriesComeInTheOrderTheirRequestsCame()
    {
        TrafficLog log;
        log.setStartedAt(zero);
        // A long poll answered after the WebSocket's handshake, though it was asked before the connection opened.
        log.append({5000, 1, ConnectionOpened {u"127.0.0.1:40001"_s, "/chat"}});
        log.append({6000, 1, HandshakeExchanged {"GET /chat HTTP/1.1\r\nHost: h\r\n\r\n", "HTTP/1.1 101 OK\r\n\r\n"}});
        log.append({9000, 2,
            HttpExchange {"GET /chat/poll HTTP/1.1\r\nHost: h\r\n\r\n", 200, {}, "HTTP/1.1 200 OK\r\n\r\n", 8000}});
        const QJsonArray entries = exported(log).value("entries"_L1).toArray();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0]["connection"_L1].toString(), u"2"_s);
        QCOMPARE(entries[1]["connection"_L1].toString(), u"1"_s);
    }

    // A HAR as Chrome saves one: a WebSocket with its messages, and a request with its answer.
    void aChromeHarReadsAsConnectionsFramesAndExchanges()
    {
        TrafficLog log;
        const CaptureFormat::Reading reading = readInto(log, sample(u"chrome.har"_s));
        QVERIFY2(reading.ok, qPrintable(reading.error));
        QCOMPARE(reading.skipped, 0);
        QCOMPARE(log.startedAt(), QDateTime::fromString(u"2026-12-06T10:00:00.000Z"_s, Qt::ISODateWithMs));

        const auto &records = log.records(); // in the order of their times
        QCOMPARE(records.size(), size_t(6)); // opened, handshake, the exchange, 2 frames, closed
        const auto &opened = std::get<ConnectionOpened>(records[0].event);
        QCOMPARE(opened.peer, u"[::1]:8080"_s);
        QCOMPARE(opened.path, QByteArray("/chat"));
        const quint64 webSocket = records[0].connection;
        const auto &handshake = std::get<HandshakeExchanged>(records[1].event);
        QCOMPARE(records[1].timeUs, 3000); // "time": 3 ms to the 101
        QVERIFY(handshake.request.startsWith("GET /chat?lastEventId=3 HTTP/1.1\r\nUpgrade: websocket\r\n"));
        QVERIFY(handshake.request.contains("Evil: a  Injected: yes\r\n")); // a header cannot end the head early
        QVERIFY(handshake.request.endsWith("\r\n\r\n"));
        QVERIFY(handshake.response.startsWith("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"));

        const auto &exchange = std::get<HttpExchange>(records[2].event);
        QVERIFY(records[2].connection != webSocket);
        QCOMPARE(records[2].timeUs, 250'000 + 12'500); // answered 12.5 ms after it was asked
        QCOMPARE(exchange.heldUs, 12'500);
        QCOMPARE(exchange.status, 200);
        QVERIFY(exchange.request.startsWith("POST /chat/send HTTP/1.1\r\n"));
        QVERIFY(exchange.request.endsWith("\r\n\r\n{\"text\":\"hi\"}"));
        QVERIFY(exchange.response.endsWith("\r\n\r\n{}"));

        const auto &sent = std::get<Frame>(records[3].event);
        QCOMPARE(records[3].timeUs, 500'000);
        QCOMPARE(sent.direction, Direction::ClientToServer);
        QCOMPARE(sent.opcode, Opcode::text);
        QCOMPARE(sent.payload, QByteArray("hello"));
        QVERIFY(sent.fin && sent.masked && sent.maskingKey == 0); // a browser masks; the HAR has no key
        QCOMPARE(sent.headerSize, 6);
        const auto &received = std::get<Frame>(records[4].event);
        QCOMPARE(received.direction, Direction::ServerToClient);
        QCOMPARE(received.opcode, Opcode::binary);
        QCOMPARE(received.payload, QByteArray("\x00\xff", 2));
        QVERIFY(!received.masked);
        QCOMPARE(records[5].connection, webSocket);
        QCOMPARE(std::get<ConnectionClosed>(records[5].event).closer, Closer::Nobody); // no close in the file
    }

    // What Duplex writes reads back as what it was: written again, the same messages, events and bodies.
    void whatDuplexWritesReadsBack()
    {
        TrafficLog log;
        log.setStartedAt(zero);
        appendWebSocket(log);
        log.append(Test::frameRecord(8500, 1, Direction::ServerToClient, Opcode::close, "\x03\xe8"));
        appendEventStream(log);
        log.append({30'000, 4,
            HttpExchange {"GET /icon.png HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n", 200, {},
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n\x89PNG", 700}});

        QBuffer first;
        first.open(QIODevice::WriteOnly);
        QVERIFY(HarFormat::write(first, log, HarFormat::Sensitive::Kept));
        TrafficLog again;
        const CaptureFormat::Reading reading = readInto(again, first.data());
        QVERIFY2(reading.ok && reading.skipped == 0, qPrintable(reading.error + reading.firstSkipped));
        const auto closed = std::find_if(again.records().cbegin(), again.records().cend(),
            [](const TrafficRecord &r) { return std::holds_alternative<ConnectionClosed>(r.event); });
        QVERIFY(closed != again.records().cend());
        const auto &ending = std::get<ConnectionClosed>(closed->event);
        QCOMPARE(ending.closer, Closer::Client); // the client's close came first, and the server answered it
        QCOMPARE(ending.code, std::optional<quint16>(1000));
        QCOMPARE(ending.reason, QByteArray("bye"));
        QVERIFY(ending.clean);

        const QJsonArray before = exported(log).value("entries"_L1).toArray();
        const QJsonArray after = exported(again).value("entries"_L1).toArray();
        QCOMPARE(after.size(), before.size());
        for (qsizetype i = 0; i < before.size(); ++i) {
            QJsonObject was = before[i].toObject();
            QJsonObject is = after[i].toObject();
            is.remove("connection"_L1); // ids are the reader's own
            was.remove("connection"_L1);
            for (const auto messages : {"_webSocketMessages"_L1, "_eventSourceMessages"_L1}) {
                const QJsonArray wasMessages = was.take(messages).toArray();
                const QJsonArray isMessages = is.take(messages).toArray();
                QCOMPARE(isMessages.size(), wasMessages.size());
                for (qsizetype m = 0; m < wasMessages.size(); ++m) { // the same, at the same time to the µs
                    QJsonObject message = isMessages[m].toObject();
                    QJsonObject expected = wasMessages[m].toObject();
                    QVERIFY(std::abs(message.take("time"_L1).toDouble() - expected.take("time"_L1).toDouble()) < 2e-6);
                    QCOMPARE(message, expected);
                }
            }
            QCOMPARE(is, was);
        }
    }

    // With progress, the parse runs on a thread of the pool: the same records, and progress rising to the end.
    void progressRisesToTheEndOfTheSameRead()
    {
        TrafficLog direct;
        QVERIFY(readInto(direct, sample(u"chrome.har"_s)));
        TrafficLog followed;
        QList<double> heard;
        const CaptureFormat::Reading reading = readInto(followed, sample(u"chrome.har"_s), [&heard](double done) {
            heard.append(done);
            return true;
        });
        QVERIFY2(reading.ok, qPrintable(reading.error));
        QCOMPARE(linesOf(followed), linesOf(direct));
        QCOMPARE(followed.startedAt(), direct.startedAt());
        QVERIFY2(heard.size() >= 3, "reading the file, waiting for the parse, filling the log");
        QVERIFY(std::is_sorted(heard.cbegin(), heard.cend()));
        QVERIFY(heard.first() > 0 && heard.last() >= 0.9 && heard.last() < 1);
    }

    // A stop returns at once, whether the parse is still going or the log is being filled, and says so.
    void aStopEndsTheReadAtOnce_data()
    {
        QTest::addColumn<int>("stopAtCall");
        QTest::addRow("reading the file") << 1;
        QTest::addRow("waiting for the parse") << 2;
        QTest::addRow("filling the log") << 3;
    }
    void aStopEndsTheReadAtOnce()
    {
        QFETCH(int, stopAtCall);
        TrafficLog log;
        int calls = 0;
        const CaptureFormat::Reading reading
            = readInto(log, sample(u"chrome.har"_s), [&calls, stopAtCall](double) { return ++calls < stopAtCall; });
        QCOMPARE(calls, stopAtCall);
        QVERIFY(!reading.ok);
        QCOMPARE(reading.error, u"stopped"_s);
        QVERIFY(log.records().empty()); // the chrome sample's six records go into the log after the third call
    }

    void damagedPartsAreSkippedAndCounted()
    {
        TrafficLog log;
        const CaptureFormat::Reading reading = readInto(log, sample(u"damaged.har"_s));
        QVERIFY(reading.ok);
        QCOMPARE(reading.skipped, 7);
        QCOMPARE(reading.firstSkipped, u"entry 1: its startedDateTime is not a date"_s);
        const auto &records = log.records();
        QCOMPARE(records.size(), size_t(4)); // the WebSocket: opened, handshake, the frame kept, closed
        QCOMPARE(std::get<Frame>(records[2].event).payload, QByteArray("kept"));
    }

    void aFileThatIsNoHarSaysWhy()
    {
        TrafficLog log;
        CaptureFormat::Reading reading = readInto(log, "{\"t\":1,\"conn\":1}\n{\"t\":2}\n");
        QVERIFY(!reading.ok);
        QVERIFY2(reading.error.startsWith(u"it is not JSON: "_s), qPrintable(reading.error));
        reading = readInto(log, "{\"log\": {\"version\": \"1.2\"}}");
        QVERIFY(!reading.ok);
        QCOMPARE(reading.error, u"it is not an HTTP Archive: it has no log.entries"_s);
        QVERIFY(log.records().empty());
    }

    void aWriteThatFailsSaysWhy()
    {
        TrafficLog log;
        log.append({0, 2, HttpExchange {"GET / HTTP/1.1\r\nHost: h\r\n\r\n", 200, {}, "HTTP/1.1 200 OK\r\n\r\n", 0}});
        QBuffer readOnly;
        readOnly.open(QIODevice::ReadOnly);
        QString error;
        QVERIFY(!HarFormat::write(readOnly, log, HarFormat::Sensitive::Kept, &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_HarFormat)
#include "tst_harformat.moc"
