// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The room over SSE, long polls and short polls, beside WebSocket members: curl, Python's http.client and raw
// sockets against the real server on 127.0.0.1.
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include "app/processlimits.h"
#include "models/framefiltermodel.h"
#include "models/framelogmodel.h"
#include "support/eventwait.h"
#include "support/jsonclient.h"
#include "support/rawpeers.h"
#include "support/testserver.h"
#include "support/trafficevents.h"
#include "wire/eventstreamparser.h"

using namespace Duplex;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using Event = EventStreamParser::Event;

namespace {

// An SSE subscriber on a raw socket: the response head as it came, then the body through the WHATWG-rules parser.
class EventStream
{
public:
    explicit EventStream(quint16 port, const QByteArray &extraHeaders = {}, const QByteArray &query = {})
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected();
        m_socket.write("GET /chat/events" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n");
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { read(); });
    }

    QByteArray head()
    {
        return Test::waitUntil([this] { return !m_head.isEmpty(); }) ? m_head : QByteArray();
    }
    // The next event, waiting up to timeoutMs.
    std::optional<Event> next(int timeoutMs = 5000)
    {
        if (!Test::waitUntil([this] { return !m_events.isEmpty(); }, timeoutMs))
            return std::nullopt;
        return m_events.takeFirst();
    }
    QJsonObject nextObject(QStringView type)
    {
        while (const auto event = next()) {
            if (event->type == type)
                return QJsonDocument::fromJson(event->data.toUtf8()).object();
        }
        return {};
    }
    bool waitClosed()
    {
        return Test::waitUntil([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; });
    }
    void abort() { m_socket.abort(); }
    void write(const QByteArray &bytes) { m_socket.write(bytes); }
    const EventStreamParser &parser() const { return m_parser; }

private:
    void read()
    {
        m_buffer += m_socket.readAll();
        if (m_head.isEmpty()) {
            const qsizetype length = HttpHead::headLength(m_buffer);
            if (length < 0)
                return;
            m_head = m_buffer.first(length);
            m_buffer.remove(0, length);
        }
        m_parser.feed(m_buffer);
        m_buffer.clear();
        m_events += m_parser.takeEvents();
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_head;
    EventStreamParser m_parser;
    QList<Event> m_events;
};

QByteArray bodyOf(const QByteArray &response)
{
    return response.sliced(HttpHead::headLength(response));
}

QJsonArray pollAnswer(quint16 port, const QByteArray &session, const QByteArray &query = "?wait=0")
{
    const QByteArray response = Test::httpExchange(
        port, "GET /chat/poll" + query + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + session + "\r\n\r\n");
    return Test::statusOf(response) == 200 ? QJsonDocument::fromJson(bodyOf(response)).array() : QJsonArray();
}

// POST /chat/join: the hello.
QJsonObject join(quint16 port, const QByteArray &query = {})
{
    const QByteArray response = Test::httpExchange(port, "POST /chat/join" + query + " HTTP/1.1\r\nHost: x\r\n\r\n");
    return QJsonDocument::fromJson(bodyOf(response)).object();
}

QByteArray sendRequest(const QByteArray &session, const QByteArray &body)
{
    return "POST /chat/send HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + session
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray sendAs(quint16 port, const QByteArray &session, const QByteArray &body)
{
    return Test::httpExchange(port, sendRequest(session, body));
}

QJsonObject message(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("message")}, {QStringLiteral("text"), text}};
}

// Runs curl to its end, bounded in time.
bool runCurl(QProcess &curl, const QStringList &arguments)
{
    return Test::runToEnd(curl, QStringLiteral("curl"),
        QStringList {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("20")} + arguments);
}

// "sse 500, long-poll 499": who is in the room, for a failure to say.
QString membersByTransport(const ChatRoom &room)
{
    QMap<QString, int> counts;
    const QJsonObject users = QJsonDocument::fromJson(ChatProtocol::users(room.roster()).event.data).object();
    for (const QJsonValue &member : users.value(u"members").toArray())
        ++counts[member.toObject().value(u"transport").toString()];
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts.append(it.key() + u' ' + QString::number(it.value()));
    return parts.join(u", ");
}

ServerConfig unthrottled()
{
    ServerConfig config = Test::loopbackConfig();
    config.messagesPerSecond = 0;
    return config;
}

} // namespace

class tst_ChatOverHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void curlJoinsOverSseHearsAndSpeaks()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        Test::JsonClient ann;
        QVERIFY(ann.join(Test::webSocketUrl(*server, u"/chat")));

        QProcess curl;
        QByteArray out;
        connect(&curl, &QProcess::readyReadStandardOutput, &curl, [&] { out += curl.readAllStandardOutput(); });
        curl.start(QStringLiteral("curl"),
            {QStringLiteral("-sSN"), QStringLiteral("-D"), QStringLiteral("-"), QStringLiteral("--max-time"),
                QStringLiteral("20"), QStringLiteral("http://127.0.0.1:%1/chat/events").arg(server->port())});
        const auto join = ann.nextOfType(u"join");
        QVERIFY(join);
        QCOMPARE(join->value(u"transport").toString(), u"sse");
        QVERIFY(Test::waitUntil([&] { return out.contains("event: hello"); }));
        const QByteArray head = out.first(HttpHead::headLength(out));
        QVERIFY(head.contains("Content-Type: text/event-stream; charset=utf-8\r\n"));
        QVERIFY(head.contains("Cache-Control: no-store\r\n"));
        QVERIFY(head.contains("X-Accel-Buffering: no\r\n"));
        QVERIFY(head.contains("Set-Cookie: duplex_session="));
        QVERIFY(bodyOf(out).startsWith("retry: 3000\n: ")); // sent at once, before any news

        ann.sendJson(message(QStringLiteral("to the stream")));
        const auto posted = ann.nextOfType(u"message");
        QVERIFY(Test::waitUntil([&] { return out.contains("to the stream"); }));
        EventStreamParser parser;
        parser.feed(bodyOf(out));
        const QList<Event> events = parser.takeEvents();
        QCOMPARE(events.first().type, u"hello");
        const QJsonObject hello = QJsonDocument::fromJson(events.first().data.toUtf8()).object();
        QCOMPARE(hello.value(u"transport").toString(), u"sse");
        QCOMPARE(events.last().type, u"message");
        QCOMPARE(events.last().lastEventId, QString::number(posted->value(u"id").toInteger()));
        QCOMPARE(parser.retry(), 3000);

        // What the SSE member says goes by POST, with its session, and comes back on everyone's stream.
        const QByteArray sessionHeader = "Authorization: Bearer " + hello.value(u"session").toString().toLatin1();
        QProcess post;
        QVERIFY(runCurl(post,
            {QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"), QStringLiteral("%{http_code}"),
                QStringLiteral("-H"), QString::fromLatin1(sessionHeader), QStringLiteral("--data-binary"),
                u"{\"type\":\"message\",\"text\":\"from curl: café ✓\"}"_s,
                QStringLiteral("http://127.0.0.1:%1/chat/send").arg(server->port())}));
        QCOMPARE(post.readAllStandardOutput(), "204");
        const auto fromCurl = ann.nextOfType(u"message");
        QVERIFY(fromCurl);
        QCOMPARE(fromCurl->value(u"text").toString(), u"from curl: café ✓");
        QCOMPARE(fromCurl->value(u"from").toString(), hello.value(u"you").toString());

        curl.kill(); // the stream closes: the member leaves
        const auto left = ann.nextOfType(u"leave");
        QVERIFY(left);
        QCOMPARE(left->value(u"reason").toString(), u"left");
        curl.waitForFinished();
    }

    // A stream's request is its last: what its peer sends after it is read and dropped, and the news goes on.
    void anSseSubscriberThatSendsMoreStillHears()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        Test::JsonClient ann;
        QVERIFY(ann.join(Test::webSocketUrl(*server, u"/chat")));
        EventStream stream(server->port());
        QVERIFY(!stream.nextObject(u"hello").isEmpty());
        stream.write("GET /chat/events HTTP/1.1\r\nHost: x\r\n\r\n" + QByteArray(64 << 10, 'z'));
        QTest::qWait(50);
        ann.sendJson(message(QStringLiteral("after the noise")));
        QCOMPARE(stream.nextObject(u"message").value(u"text").toString(), u"after the noise");
    }

    // A subscriber that stops reading is dropped once its queue passes the bound, and holds no more than that.
    void anSseSubscriberThatStopsReadingIsDroppedWithMemoryBounded()
    {
        ServerConfig config = unthrottled();
        config.maxSendQueue = 128 << 10;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        Test::JsonClient sender;
        QVERIFY(sender.open(Test::webSocketUrl(*server, u"/chat")));
        QTcpSocket stalled; // takes one byte, then leaves the rest in the kernel
        stalled.setReadBufferSize(1);
        stalled.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(stalled.waitForConnected());
        stalled.write("GET /chat/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_COMPARE(server->room()->nicknames().size(), 2);

        const QString problem = Test::floodDropsSlowMember(*server, sender, u"guest-2"_s, config.maxSendQueue);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(sender.socket.state(), QAbstractSocket::ConnectedState);
    }

    void curlLongPollIsHeldUntilThereIsNews()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        Test::JsonClient ann;
        QVERIFY(ann.open(Test::webSocketUrl(*server, u"/chat")));
        const QString base = QStringLiteral("http://127.0.0.1:%1/chat/").arg(server->port());
        QProcess joining;
        QVERIFY(runCurl(joining, {QStringLiteral("-X"), QStringLiteral("POST"), base + u"join"}));
        const QJsonObject hello = QJsonDocument::fromJson(joining.readAllStandardOutput()).object();
        const QString bearer = u"Authorization: Bearer "_s + hello.value(u"session").toString();

        QProcess polling;
        polling.start(QStringLiteral("curl"),
            {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("20"), QStringLiteral("-H"), bearer,
                base + u"poll?since=" + QString::number(hello.value(u"lastId").toInteger())});
        QVERIFY(ann.nextOfType(u"join"));
        QTest::qWait(300);
        QCOMPARE(polling.state(), QProcess::Running); // held: there is no news yet
        ann.sendJson(message(QStringLiteral("news for curl")));
        QVERIFY(Test::waitUntil([&polling] { return polling.state() == QProcess::NotRunning; }, 10000));
        const QJsonArray batch = QJsonDocument::fromJson(polling.readAllStandardOutput()).array();
        QCOMPARE(batch.size(), 1);
        QCOMPARE(batch.first().toObject().value(u"text").toString(), u"news for curl");

        QProcess sending;
        QVERIFY(runCurl(sending,
            {QStringLiteral("-H"), bearer, QStringLiteral("--data-binary"), QStringLiteral("curl says hi"),
                base + u"send"}));
        QCOMPARE(ann.nextOfType(u"message")->value(u"text").toString(), u"news for curl");
        QCOMPARE(ann.nextOfType(u"message")->value(u"text").toString(), u"curl says hi");
    }

    void pythonLongPollerTalksWithAWebSocketMember()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        Test::JsonClient ann;
        QVERIFY(ann.join(Test::webSocketUrl(*server, u"/chat")));

        QProcess python;
        python.start(
            QStringLiteral("/usr/bin/python3"), {QStringLiteral(PYTHON_POLLER), QString::number(server->port())});
        const auto join = ann.nextOfType(u"join", 10000);
        QVERIFY(join);
        QCOMPARE(join->value(u"transport").toString(), u"long-poll");
        QVERIFY(Test::waitUntil([&] { return python.canReadLine(); }, 10000));
        const QJsonObject hello = QJsonDocument::fromJson(python.readLine()).object();
        QCOMPARE(hello.value(u"type").toString(), u"hello");
        QCOMPARE(hello.value(u"members").toArray().last().toObject().value(u"transport").toString(), u"long-poll");
        QVERIFY(!hello.value(u"session").toString().isEmpty());

        ann.sendJson(message(QStringLiteral("bye")));
        const auto heard = ann.nextOfType(u"message", 10000); // ann's own "bye" first
        QVERIFY(heard);
        const auto answer = ann.nextOfType(u"message", 10000);
        QVERIFY(answer);
        QCOMPARE(answer->value(u"text").toString(), u"heard bye");
        QCOMPARE(answer->value(u"from").toString(), hello.value(u"you").toString());
        QVERIFY(python.waitForFinished(10000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    }

    // Each of an HTTP member's connections is theirs: the room tells whoever names connections (the monitor) when a
    // request comes from another address than the request before.
    void theRoomTellsWhichConnectionsAreAnHttpMembers()
    {
        const auto server = Test::startServer(unthrottled());
        QVERIFY(server);
        QSignalSpy reached(server->room(), &ChatRoom::memberReached);
        const QJsonObject hello = join(server->port());
        const QString nick = hello.value(u"you").toString();
        const QByteArray session = hello.value(u"session").toString().toUtf8();
        QVERIFY(!session.isEmpty());
        QCOMPARE(reached.size(), 0); // where it joined from, the room knows

        // Two requests on one connection kept alive: one address more.
        QTcpSocket keptAlive;
        keptAlive.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(keptAlive.waitForConnected(5000));
        QByteArray answers;
        connect(&keptAlive, &QTcpSocket::readyRead, this, [&] { answers += keptAlive.readAll(); });
        for (int sent = 1; sent <= 2; ++sent) {
            keptAlive.write(sendRequest(session, "hi"));
            QVERIFY(Test::waitUntil([&] { return answers.count("HTTP/1.1 204") == sent; }));
        }
        QCOMPARE(reached.size(), 1);
        QCOMPARE(reached.first().at(0).toString(), nick);
        QCOMPARE(reached.first().at(1).toString(), u"127.0.0.1:%1"_s.arg(keptAlive.localPort()));

        // A connection a request, as curl in a loop: each is told.
        QCOMPARE(Test::statusOf(sendAs(server->port(), session, "one")), 204);
        QCOMPARE(Test::statusOf(sendAs(server->port(), session, "two")), 204);
        QCOMPARE(reached.size(), 3);
        QVERIFY(reached.at(1).at(1) != reached.at(2).at(1));
    }

    void presenceCrossesTransports()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const QJsonObject poller = join(server->port(), "?transport=poll");
        QCOMPARE(poller.value(u"transport").toString(), u"poll");
        const QByteArray session = poller.value(u"session").toString().toLatin1();
        EventStream stream(server->port());
        const QJsonObject sseHello = stream.nextObject(u"hello");
        QCOMPARE(sseHello.value(u"members").toArray().first().toObject().value(u"transport").toString(), u"poll");

        const QJsonArray batch = pollAnswer(server->port(), session); // one poll sees the SSE member arrive
        QCOMPARE(batch.size(), 1);
        QCOMPARE(batch.first().toObject().value(u"type").toString(), u"join");
        QCOMPARE(batch.first().toObject().value(u"transport").toString(), u"sse");

        // The poller's users request is answered in its POST; its message reaches the stream.
        const QByteArray users = sendAs(server->port(), session, "{\"type\":\"users\"}");
        QCOMPARE(Test::statusOf(users), 200);
        QCOMPARE(QJsonDocument::fromJson(bodyOf(users)).object().value(u"members").toArray().size(), 2);
        QCOMPARE(Test::statusOf(sendAs(server->port(), session, "plain words")), 204);
        QCOMPARE(stream.nextObject(u"message").value(u"text").toString(), u"plain words");
        QCOMPARE(pollAnswer(server->port(), session).first().toObject().value(u"text").toString(), u"plain words");

        // The scheme's name is case-insensitive (RFC 9110 §11.1): "bearer" is the same scheme.
        const QByteArray lowercase = Test::httpExchange(server->port(),
            "GET /chat/poll?wait=0 HTTP/1.1\r\nHost: x\r\nAuthorization: bearer  " + session + "\r\n\r\n");
        QCOMPARE(Test::statusOf(lowercase), 200);
    }

    // The monitor's one search finds a message whatever carried it, and what it records is what crossed the wire.
    void theMonitorFindsAMessageOnEveryCarrier()
    {
        TrafficLog log;
        const auto server = Test::startServer(Test::loopbackConfig(), &log);
        QVERIFY(server);
        Test::JsonClient ann;
        QVERIFY(ann.open(Test::webSocketUrl(*server, u"/chat")));
        const QByteArray session = join(server->port()).value(u"session").toString().toLatin1();
        EventStream stream(server->port());
        QVERIFY(stream.next()); // hello
        ann.sendJson(message(QStringLiteral("find me")));
        QCOMPARE(stream.nextObject(u"message").value(u"text").toString(), u"find me");
        QCOMPARE(pollAnswer(server->port(), session).size(), 2); // the SSE member's join, and the message

        FrameLogModel frames;
        for (const TrafficRecord &record : log.records())
            frames.append(record);
        frames.flush();
        FrameFilterModel filter;
        filter.setSourceModel(&frames);
        QVERIFY(filter.setSearch(QStringLiteral("find me"), false));
        QSet<FrameLogModel::Carrier> carriers;
        for (int row = 0; row < filter.rowCount(); ++row)
            carriers.insert(filter.index(row, 0).data(FrameLogModel::CarrierRole).value<FrameLogModel::Carrier>());
        QCOMPARE(carriers,
            QSet({FrameLogModel::Carrier::WebSocket, FrameLogModel::Carrier::Sse, FrameLogModel::Carrier::Http}));

        // Every SSE event recorded is exactly what the subscriber's parser read, id and all.
        const QList<SseEvent> recorded = Test::eventsOf<SseEvent>(log);
        QCOMPARE(recorded.size(), 2);
        QCOMPARE(recorded.last().type, "message");
        QCOMPARE(QString::fromLatin1(recorded.last().id), stream.parser().lastEventId());
        QCOMPARE(QJsonDocument::fromJson(recorded.last().data).object().value(u"text").toString(), u"find me");
        // The poll's connection is one conversation in the log, opened and answered.
        const auto exchanges = Test::eventsOf<HttpExchange>(log);
        QVERIFY(std::any_of(exchanges.cbegin(), exchanges.cend(), [](const HttpExchange &e) {
            return e.request.startsWith("GET /chat/poll") && e.response.contains("find me");
        }));
    }

    void aLostPollAnswerIsReplayedOnce()
    {
        const auto server = Test::startServer(unthrottled());
        QVERIFY(server);
        Test::JsonClient ann;
        QVERIFY(ann.open(Test::webSocketUrl(*server, u"/chat")));
        const QJsonObject hello = join(server->port());
        const QByteArray session = hello.value(u"session").toString().toLatin1();
        const QByteArray since = QByteArray::number(hello.value(u"lastId").toInteger());
        ann.sendJson(message(QStringLiteral("one")));
        QVERIFY(ann.nextOfType(u"message"));
        const QJsonArray first = pollAnswer(server->port(), session, "?wait=0&since=" + since);
        QCOMPARE(first.size(), 1); // "one", whose answer the poller then "loses"
        ann.sendJson(message(QStringLiteral("two")));
        QVERIFY(ann.nextOfType(u"message"));
        QStringList texts;
        for (const QJsonValue &item : pollAnswer(server->port(), session, "?wait=0&since=" + since))
            texts.append(item.toObject().value(u"text").toString());
        QCOMPARE(texts, QStringList({"one", "two"})); // replayed, then the news; nothing twice

        // A since the room cannot honour: a reset that says why, then the whole history, never a silent gap.
        const QJsonArray reset = pollAnswer(server->port(), session, "?wait=0&since=abc");
        QCOMPARE(reset.size(), 2);
        QCOMPARE(reset.at(0).toObject().value(u"type").toString(), u"reset");
        QVERIFY(reset.at(0).toObject().value(u"reason").toString().contains(u"not an id of this room"));
        QCOMPARE(reset.at(1).toObject().value(u"messages").toArray().size(), 2);
    }

    // Over SSE and polls as over WebSocket: a private message reaches its two ends only. A poll answer lost on the
    // way brings its private messages back to that member, and to nobody else.
    void privateMessagesCrossTransports()
    {
        const auto server = Test::startServer(unthrottled());
        QVERIFY(server);
        Test::JsonClient ann; // guest-1
        QVERIFY(ann.join(Test::webSocketUrl(*server, u"/chat")));
        EventStream stream(server->port()); // guest-2
        QVERIFY(stream.next());
        const QJsonObject hello = join(server->port(), "?transport=poll"); // guest-3
        const QByteArray session = hello.value(u"session").toString().toLatin1();
        const QByteArray since = QByteArray::number(hello.value(u"lastId").toInteger());
        const auto privately = [](const QString &text, const QString &to) {
            QJsonObject object = message(text);
            object.insert(u"to"_s, to);
            return ChatProtocol::encode(object);
        };

        ann.sendJson(QJsonDocument::fromJson(privately(u"to the stream"_s, u"guest-2"_s)).object());
        const QJsonObject heard = stream.nextObject(u"message");
        QCOMPARE(heard.value(u"text").toString(), u"to the stream");
        QCOMPARE(heard.value(u"to").toString(), u"guest-2");
        QCOMPARE(stream.parser().lastEventId(), QString::number(heard.value(u"id").toInteger()));
        QCOMPARE(Test::statusOf(sendAs(server->port(), session, privately(u"to ann"_s, u"guest-1"_s))), 204);
        const QJsonObject toAnn = *ann.nextOfType(u"message");
        QCOMPARE(toAnn.value(u"text").toString(), u"to the stream"); // her own copy first
        QCOMPARE(ann.nextOfType(u"message")->value(u"text").toString(), u"to ann");

        const auto texts = [](const QJsonArray &objects) {
            QStringList list;
            for (const QJsonValue &object : objects)
                list.append(object.toObject().value(u"text").toString());
            return list;
        };
        QCOMPARE(texts(pollAnswer(server->port(), session, "?wait=0&since=" + since)), QStringList {u"to ann"_s});
        ann.sendJson(message(u"to all"_s));
        QCOMPARE(stream.nextObject(u"message").value(u"text").toString(), u"to all"); // not "to ann"
        // The answer above was "lost": asked again from before it, the poller gets its own private message again.
        QCOMPARE(texts(pollAnswer(server->port(), session, "?wait=0&since=" + since)),
            QStringList({u"to ann"_s, u"to all"_s}));

        // A refusal answers the send, as any other does.
        const QByteArray refused = sendAs(server->port(), session, privately(u"hello?"_s, u"nobody"_s));
        QCOMPARE(Test::statusOf(refused), 400);
        QCOMPARE(QJsonDocument::fromJson(bodyOf(refused)).object().value(u"code").toString(), u"invalid-recipient");
    }

    // An empty body once posted an empty message to everyone.
    void aBlankSendPostsNothing()
    {
        const auto server = Test::startServer(unthrottled());
        QVERIFY(server);
        const QJsonObject hello = join(server->port());
        const QByteArray session = hello.value(u"session").toString().toLatin1();
        for (const QByteArray &blank :
            {QByteArray(), QByteArray(" \r\n"), QByteArray(R"({"type":"message","text":" "})")}) {
            const QByteArray refused = sendAs(server->port(), session, blank);
            QCOMPARE(Test::statusOf(refused), 400);
            QCOMPARE(QJsonDocument::fromJson(bodyOf(refused)).object().value(u"code").toString(), u"invalid-message");
        }
        const QByteArray since = QByteArray::number(hello.value(u"lastId").toInteger());
        QCOMPARE(pollAnswer(server->port(), session, "?wait=0&since=" + since), QJsonArray());
    }

    void sendRefusalsAreJsonWithTheRoomsCodes()
    {
        ServerConfig config = Test::loopbackConfig();
        config.messagesPerSecond = 1;
        config.burst = 1;
        config.maxChatMessage = 1000; // below HTTP's own limit on bodies (64 KiB)
        const auto server = Test::startServer(config);
        QVERIFY(server);
        const QByteArray unknown = sendAs(server->port(), "nobody", "hi");
        QCOMPARE(Test::statusOf(unknown), 401);
        QVERIFY(unknown.contains("WWW-Authenticate: Bearer\r\n"));
        QCOMPARE(QJsonDocument::fromJson(bodyOf(unknown)).object().value(u"code").toString(), u"unknown-session");

        const QByteArray session = join(server->port()).value(u"session").toString().toLatin1();
        const QByteArray invalid = sendAs(server->port(), session, "{\"type\":");
        QCOMPARE(Test::statusOf(invalid), 400);
        QCOMPARE(QJsonDocument::fromJson(bodyOf(invalid)).object().value(u"code").toString(), u"invalid-json");
        // The invalid one took the only token; the bucket refills at one a second.
        const QByteArray limited = sendAs(server->port(), session, "too fast");
        QCOMPARE(Test::statusOf(limited), 429);
        QCOMPARE(QJsonDocument::fromJson(bodyOf(limited)).object().value(u"code").toString(), u"rate-limited");
        for (const QByteArray &notUtf8 : {QByteArray("\xff\xfe"), QByteArray("caf\xc3")}) { // the last one cut short
            const QByteArray refused = sendAs(server->port(), session, notUtf8);
            QCOMPARE(Test::statusOf(refused), 400);
            QCOMPARE(QJsonDocument::fromJson(bodyOf(refused)).object().value(u"code").toString(), u"invalid-utf8");
        }
        const QByteArray tooBig = sendAs(server->port(), session, QByteArray(config.maxChatMessage + 1, 'a'));
        QCOMPARE(Test::statusOf(tooBig), 413);
        QCOMPARE(QJsonDocument::fromJson(bodyOf(tooBig)).object().value(u"code").toString(), u"too-big");
    }

    void longPollIsHeldAndReleasedAndAPollerThatStopsTimesOut()
    {
        ServerConfig config = Test::loopbackConfig();
        config.pollHold = 1s; // long enough that "at once" below stays far from it on a loaded machine
        const auto server = Test::startServer(config);
        QVERIFY(server);
        Test::JsonClient ann;
        QVERIFY(ann.open(Test::webSocketUrl(*server, u"/chat")));
        const QByteArray session = join(server->port()).value(u"session").toString().toLatin1();
        QElapsedTimer held;
        held.start();
        QCOMPARE(pollAnswer(server->port(), session, ""), QJsonArray()); // nothing happened: empty, after the hold
        QVERIFY2(held.elapsed() >= 900, // the hold is a coarse timer, which may end up to 5 % early
            qPrintable(QString::number(held.elapsed())));

        // A second poll releases the first, empty, at once.
        QTcpSocket first;
        first.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(first.waitForConnected());
        first.write("GET /chat/poll HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + session + "\r\n\r\n");
        QTest::qWait(50);
        ann.sendJson(message(QStringLiteral("news")));
        QVERIFY(Test::waitUntil([&] { return first.peek(4096).contains("news"); }));
        first.readAll();
        held.restart();
        first.write("GET /chat/poll HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + session + "\r\n\r\n");
        QTest::qWait(50);
        QCOMPARE(pollAnswer(server->port(), session, "?wait=0"), QJsonArray());
        QVERIFY(Test::waitUntil([&] { return first.peek(4096).endsWith("\r\n\r\n[]"); }));
        QVERIFY(held.elapsed() < 900);

        // Silent for twice the hold: gone.
        const auto left = ann.nextOfType(u"leave", 5000);
        QVERIFY(left);
        QVERIFY(left->value(u"reason").toString().startsWith(u"timed out"));
    }

    void resumesWithLastEventIdExactlyOnce()
    {
        const auto server = Test::startServer(unthrottled());
        QVERIFY(server);
        Test::JsonClient ann;
        QVERIFY(ann.open(Test::webSocketUrl(*server, u"/chat")));
        ann.sendJson(message(QStringLiteral("before")));
        QString lastSeen;
        {
            EventStream stream(server->port());
            QVERIFY(stream.next());                            // hello
            QCOMPARE(stream.nextObject(u"message").size(), 0); // "before" is history, not news
            lastSeen = stream.parser().lastEventId();
            QVERIFY(!lastSeen.isEmpty());
        }
        QVERIFY(ann.nextOfType(u"leave"));
        for (int i = 1; i <= 5; ++i)
            ann.sendJson(message(QStringLiteral("missed %1").arg(i)));
        for (int i = 1; i <= 5; ++i)
            QVERIFY(ann.nextOfType(u"message"));

        for (const QByteArray &how : {QByteArray("header"), QByteArray("query")}) {
            const QByteArray id = lastSeen.toLatin1();
            EventStream resumed(server->port(), how == "header" ? QByteArray("Last-Event-ID: " + id + "\r\n") : "",
                how == "query" ? QByteArray("?lastEventId=" + id) : "");
            const auto hello = resumed.next();
            QVERIFY(hello);
            QCOMPARE(hello->type, u"hello"); // no reset
            const QJsonArray missed
                = QJsonDocument::fromJson(hello->data.toUtf8()).object().value(u"history").toArray();
            QStringList texts;
            for (const QJsonValue &m : missed)
                texts.append(m.toObject().value(u"text").toString());
            QCOMPARE(texts, QStringList({"missed 1", "missed 2", "missed 3", "missed 4", "missed 5"}));
            QCOMPARE(hello->lastEventId, QString::number(missed.last().toObject().value(u"id").toInteger()));
        }
    }

    void anIdThatCannotBeHonouredGetsReset()
    {
        ServerConfig config = unthrottled();
        config.historySize = 3;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        Test::JsonClient ann;
        QVERIFY(ann.open(Test::webSocketUrl(*server, u"/chat")));
        QList<qint64> ids;
        for (int i = 0; i < 5; ++i) {
            ann.sendJson(message(QString::number(i)));
            ids.append(ann.nextOfType(u"message")->value(u"id").toInteger());
        }
        const QList<QByteArray> unhonourable = {QByteArray::number(ids.first()), // older than the history
            QByteArray::number(ids.last() + 1000),                               // from before a restart
            "not-a-number"};
        for (const QByteArray &id : unhonourable) {
            EventStream stream(server->port(), QByteArray("Last-Event-ID: " + id + "\r\n"));
            const auto reset = stream.next();
            QVERIFY(reset);
            QCOMPARE(reset->type, u"reset");
            const auto hello = stream.next();
            QCOMPARE(hello->type, u"hello");
            QCOMPARE(QJsonDocument::fromJson(hello->data.toUtf8()).object().value(u"history").toArray().size(), 3);
        }
        // One just inside the history is honoured.
        EventStream stream(server->port(), QByteArray("Last-Event-ID: " + QByteArray::number(ids[2]) + "\r\n"));
        QCOMPARE(stream.next()->type, u"hello");
    }

    void aKickedMemberIsAnswered204()
    {
        ServerConfig config = Test::loopbackConfig();
        config.pingInterval = 100ms;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        EventStream stream(server->port());
        const QJsonObject hello = stream.nextObject(u"hello");
        QVERIFY(stream.next(1000) || stream.parser().comments() > 1); // the heartbeat comment comes when idle
        QVERIFY(Test::waitUntil([&] { return stream.parser().comments() >= 2; }, 2000));
        QVERIFY(server->room()->kick(hello.value(u"you").toString(), QStringLiteral("behave")));
        QVERIFY(stream.waitClosed());
        QTRY_VERIFY(server->room()->nicknames().isEmpty());

        const QByteArray cookie = "duplex_session=" + hello.value(u"session").toString().toLatin1();
        const QByteArray again = Test::httpExchange(
            server->port(), "GET /chat/events HTTP/1.1\r\nHost: x\r\nCookie: other=1; " + cookie + "\r\n\r\n");
        QCOMPARE(Test::statusOf(again), 204); // EventSource stops here
        QCOMPARE(Test::statusOf(sendAs(server->port(), hello.value(u"session").toString().toLatin1(), "hi")), 410);
    }

    // A held poll learns why it ends: kicked is final (410), a room shutting down may come back (503, try later).
    void aHeldPollSaysWhetherToComeBack()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const auto held = [&server](const QByteArray &session) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, server->port());
            socket->waitForConnected();
            socket->write("GET /chat/poll HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + session + "\r\n\r\n");
            return socket;
        };
        const auto answer = [](QTcpSocket &socket) {
            return Test::waitUntil([&socket] { return socket.peek(4096).endsWith("}"); }) ? socket.readAll()
                                                                                          : QByteArray();
        };
        const QJsonObject kicked = join(server->port());
        const QJsonObject stays = join(server->port());
        pollAnswer(server->port(), kicked.value(u"session").toString().toLatin1()); // stays' join: nothing pending
        const auto kickedPoll = held(kicked.value(u"session").toString().toLatin1());
        QTest::qWait(50); // held

        QVERIFY(server->room()->kick(kicked.value(u"you").toString(), QStringLiteral("behave")));
        const QByteArray gone = answer(*kickedPoll);
        QCOMPARE(Test::statusOf(gone), 410);
        QVERIFY(gone.contains("\"code\":\"session-ended\""));

        pollAnswer(server->port(), stays.value(u"session").toString().toLatin1()); // the leave: nothing pending
        const auto staysPoll = held(stays.value(u"session").toString().toLatin1());
        QTest::qWait(50);
        server->shutdown();
        const QByteArray closing = answer(*staysPoll);
        QCOMPARE(Test::statusOf(closing), 503);
        QVERIFY(closing.contains("\"code\":\"closing\""));
    }

    void thousandClientsAbortingMidStreamAndMidPollLeaveNothing()
    {
        raiseOpenFileLimit();
        ServerConfig config = Test::loopbackConfig();
        config.maxHttpPerAddress = 2000;
        config.pollHold = 5s; // a poller that stops polling leaves after twice this
        const auto server = Test::startServer(config);
        QVERIFY(server);
        QSignalSpy left(server->room(), &ChatRoom::memberLeft);
        constexpr int perKind = 500;
        // Connected without waiting, which would block the event loop the server runs on; writes wait in the socket.
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        const auto open = [&](const QByteArray &request) {
            QTcpSocket *socket = clients.emplace_back(std::make_unique<QTcpSocket>()).get();
            socket->connectToHost(QHostAddress::LocalHost, server->port());
            socket->write(request);
            return socket;
        };
        // A poller polls again as soon as an answer is whole, as long as it lives.
        const auto startPolling = [&](const QByteArray &session) {
            const QByteArray poll
                = "GET /chat/poll HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + session + "\r\n\r\n";
            QTcpSocket *socket = open(poll);
            connect(socket, &QTcpSocket::readyRead, socket, [socket, poll] {
                // Peek only what is there: peek() first allocates all it may return (1 MiB a poll: 40 s under ASan).
                const QByteArray bytes = socket->peek(socket->bytesAvailable());
                const auto head = HttpHead::parseResponse(bytes);
                const qsizetype length
                    = head ? HttpHead::headLength(bytes) + head->value("Content-Length").toLongLong() : -1;
                if (head && bytes.size() >= length) {
                    socket->read(length);
                    socket->write(poll);
                }
            });
        };
        // The pollers join on one connection, every request written at once (answers come in order), and each polls
        // as soon as its hello is in: on a busy machine, the first would be silent for longer than the room allows
        // (10 s) if they all waited for the last hello, or behind the streams' arrivals.
        QTcpSocket joiner;
        joiner.connectToHost(QHostAddress::LocalHost, server->port());
        joiner.write(QByteArray("POST /chat/join HTTP/1.1\r\nHost: x\r\n\r\n").repeated(perKind));
        QByteArray answers;
        int pollers = 0;
        connect(&joiner, &QTcpSocket::readyRead, &joiner, [&] {
            answers += joiner.readAll();
            for (qsizetype at = answers.indexOf("\"session\":\""); at >= 0; at = answers.indexOf("\"session\":\"")) {
                const qsizetype end = answers.indexOf('"', at + 11);
                if (end < 0)
                    break; // the rest of this hello is still on its way
                startPolling(answers.sliced(at + 11, end - at - 11));
                answers.remove(0, end);
                ++pollers;
            }
        });
        // Every join is news to the pollers in, who poll again at once: half a second in a release build, 5 under ASan,
        // and many times that with the suite's other tests on both cores of a busy machine.
        QVERIFY(Test::waitUntil([&] { return pollers == perKind; }, 120'000));
        for (int i = 0; i < perKind; ++i)
            open("GET /chat/events HTTP/1.1\r\nHost: x\r\n\r\n");
        // 500 arrivals told to up to 1000 members, in coalesced batches, each an SSE event or a queued poll item,
        // all recorded: under a second in a release build, 2 s under ASan, far more on a busy machine.
        QVERIFY2(Test::waitUntil([&] { return server->room()->nicknames().size() == 2 * perKind; }, 120'000),
            qPrintable(membersByTransport(*server->room()) + u", left: "_s + QString::number(left.size())
                + (left.isEmpty() ? QString() : u" (" + left.first().at(1).toString() + u')')));
        for (auto &socket : clients)
            socket->abort();
        // Streams leave as their connections close, before any poller can (they leave once silent for 10 s).
        QVERIFY(Test::waitUntil([&] { return server->room()->nicknames().size() <= perKind; }, 9000));
        QVERIFY(Test::waitUntil([&] { return server->room()->nicknames().isEmpty(); }, 30000));
        QCOMPARE(server->room()->queuedBytes(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_ChatOverHttp)
#include "tst_chatoverhttp.moc"
