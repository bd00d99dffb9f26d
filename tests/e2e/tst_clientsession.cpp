// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The client session against the real server in the test, against raw servers that misbehave, and against a
// duplex-server process that is killed and restarted.
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTest>

#include <csignal>

#include "client/clientsession.h"
#include "models/heartbeattracker.h"
#include "support/eventwait.h"
#include "support/rawpeers.h"
#include "support/scriptedserver.h"
#include "support/testserver.h"
#include "support/trafficevents.h"
#include "traffic/trafficlog.h"
#include "wire/framedecoder.h"
#include "wire/frameencoder.h"
#include "wire/handshake.h"

using namespace Duplex;
using namespace std::chrono_literals;

namespace {

// Short delays, so that reconnection and timeouts happen within a test.
ClientSession::Options quick()
{
    ClientSession::Options options;
    options.handshakeTimeout = 2s;
    options.heartbeatInterval = 0ms;
    options.firstRetryDelay = 50ms;
    options.maxRetryDelay = 400ms;
    return options;
}

QUrl url(quint16 port, const QString &path)
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port).arg(path));
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(QRandomGenerator::global()->bounded(256));
    return bytes;
}

ConnectionClosed closedFrom(const QSignalSpy &spy, int at = 0)
{
    return spy.at(at).at(0).value<ConnectionClosed>();
}

QString failureFrom(const QSignalSpy &spy, int at = 0)
{
    return spy.at(at).at(1).toString();
}

// A duplex-server process, to be killed as a crash would and started again on the same port.
class ServerProcess
{
public:
    bool start(quint16 port = 0)
    {
        m_process.start(QStringLiteral(DUPLEX_SERVER), {QStringLiteral("--port"), QString::number(port)});
        if (!QTest::qWaitFor([&] { return m_process.canReadLine(); }, 10000))
            return false;
        m_port = quint16(QUrl(QString::fromUtf8(m_process.readLine().trimmed())).port());
        return m_port != 0;
    }
    void kill()
    {
        m_process.kill();
        m_process.waitForFinished();
    }
    quint16 port() const { return m_port; }
    ~ServerProcess() { kill(); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace

class tst_ClientSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_log = std::make_unique<TrafficLog>();
        m_server = Test::startServer();
        QVERIFY(m_server);
    }

    void echoesTextAndBinaryWithItsHandshakeInTheLog()
    {
        ClientSession session(*m_log, m_trust, quick());
        QSignalSpy texts(&session, &ClientSession::textReceived);
        QSignalSpy binaries(&session, &ClientSession::binaryReceived);
        QVERIFY(session.open({url(m_server->port(), u"/echo"_qs), {u"chat.v1"_qs, u"chat.v0"_qs},
            {{"Authorization", "Bearer t0ken"}}, {}}));
        QCOMPARE(session.state(), ClientSession::State::Connecting);
        QTRY_COMPARE(session.state(), ClientSession::State::Open);

        QVERIFY(session.sendText(u"héllo ✓"_qs));
        const QByteArray binary = randomBytes(100'000);
        QVERIFY(session.sendBinary(binary));
        QTRY_COMPARE(texts.size(), 1);
        QCOMPARE(texts.first().first().toString(), u"héllo ✓"_qs);
        QTRY_COMPARE(binaries.size(), 1);
        QCOMPARE(binaries.first().first().toByteArray(), binary);

        // The log has the real handshake, with the Accept that answers the key the QWebSocket made.
        const auto handshakes = Test::eventsOf<HandshakeExchanged>(*m_log);
        QCOMPARE(handshakes.size(), 1);
        const HandshakeExchanged &exchange = handshakes.first();
        QVERIFY(exchange.request.contains("Authorization: Bearer t0ken\r\n"));
        QVERIFY(exchange.request.contains("Sec-WebSocket-Protocol: chat.v1,chat.v0\r\n")
            || exchange.request.contains("Sec-WebSocket-Protocol: chat.v1, chat.v0\r\n"));
        QVERIFY(exchange.request.contains("Sec-WebSocket-Extensions: permessage-deflate"));
        QVERIFY(exchange.response.startsWith("HTTP/1.1 101"));
        const auto verdict
            = Handshake::check(*HttpHead::parseRequest(exchange.request), *HttpHead::parseResponse(exchange.response));
        QVERIFY(verdict.acceptValid());
        QVERIFY(verdict.upgraded());
        QVERIFY(session.connectionId() != 0);
        for (const TrafficRecord &record : m_log->records()) {
            QCOMPARE(record.session, session.id());
            QCOMPARE(record.connection, session.connectionId());
        }
        const QList<Frame> sent = Test::framesOf(*m_log, Direction::ClientToServer);
        QCOMPARE(sent.size(), 2);
        QCOMPARE(sent.at(0).payload, QByteArray("héllo ✓"));
        QVERIFY(sent.at(0).masked);
        QCOMPARE(Test::framesOf(*m_log, Direction::ServerToClient).size(), 2);
    }

    // A User-Agent among the request's headers (a replayed browser's) replaces Duplex's, not a second copy.
    void givenUserAgentReplacesItsOwn()
    {
        ClientSession session(*m_log, m_trust, quick());
        QVERIFY(session.open({url(m_server->port(), u"/echo"_qs), {}, {{"user-agent", "Mozilla/5.0 probe"}}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        const QByteArray request = Test::eventsOf<HandshakeExchanged>(*m_log).constFirst().request;
        QCOMPARE(request.count("User-Agent"), 0);
        QVERIFY(request.contains("\r\nuser-agent: Mozilla/5.0 probe\r\n"));
    }

    void capturedFramesAreTheBytesOnTheWire()
    {
        // The raw server reads nothing after its handshake, so every byte the session sent waits in its socket.
        Test::SilentWebSocketServer server;
        ClientSession session(*m_log, m_trust, quick());
        QVERIFY(session.open({url(server.serverPort(), u"/raw"_qs), {}, {}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        QVERIFY(session.sendText(u"first"_qs));
        QVERIFY(session.sendBinary(randomBytes(70'000))); // a 64-bit length
        QVERIFY(session.ping("p"));
        QTRY_COMPARE(Test::framesOf(*m_log, Direction::ClientToServer).size(), 3);
        const QList<Frame> logged = Test::framesOf(*m_log, Direction::ClientToServer);
        qint64 wireSize = 0;
        for (const Frame &frame : logged)
            wireSize += frame.wireSize();
        auto *socket = server.findChild<QTcpSocket *>();
        QVERIFY(socket);
        QVERIFY(Test::waitUntil([&] { return socket->bytesAvailable() >= wireSize; }));
        const QByteArray wire = socket->readAll();
        QCOMPARE(wire.size(), wireSize);

        // Each frame on the wire is the one in the log: the same header fields and masking key, and the log's
        // payload (a preview of the large one) unmasked from it.
        QList<Frame> onWire;
        FrameDecoder decoder({.direction = Direction::ClientToServer, .keepBytes = 1 << 20, .deflate = std::nullopt});
        QVERIFY(decoder.feed(wire, onWire));
        QCOMPARE(onWire.size(), logged.size());
        for (qsizetype i = 0; i < logged.size(); ++i) {
            QCOMPARE(logged[i].opcode, onWire[i].opcode);
            QCOMPARE(logged[i].maskingKey, onWire[i].maskingKey);
            QCOMPARE(logged[i].payloadLength, onWire[i].payloadLength);
            QCOMPARE(logged[i].lengthBits, onWire[i].lengthBits);
            QVERIFY(onWire[i].payload.startsWith(logged[i].payload));
        }
        QCOMPARE(logged[1].lengthBits, 64);
        // The small frames, encoded again with the logged key, are byte for byte what was sent.
        QCOMPARE(wire.first(logged[0].wireSize()),
            FrameEncoder::encode(logged[0].payload, {.opcode = Opcode::text, .maskingKey = logged[0].maskingKey}));
        QCOMPARE(wire.last(logged[2].wireSize()),
            FrameEncoder::encode(logged[2].payload, {.opcode = Opcode::ping, .maskingKey = logged[2].maskingKey}));
    }

    void sendsAFileWithProgress()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        const QByteArray content = randomBytes(3 << 20);
        file.write(content);
        file.close();
        ClientSession session(*m_log, m_trust, quick());
        QSignalSpy binaries(&session, &ClientSession::binaryReceived);
        QSignalSpy progress(&session, &ClientSession::fileProgress);
        QVERIFY(session.open({url(m_server->port(), u"/echo"_qs), {}, {}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);

        // A small file leaves in one write, and its progress says so.
        QTemporaryFile small;
        QVERIFY(small.open());
        small.write("a small file");
        small.close();
        QVERIFY(session.sendFile(small.fileName()));
        QTRY_COMPARE(binaries.size(), 1);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), 12);
        QCOMPARE(progress.last().at(1).toLongLong(), 12);
        progress.clear();

        QVERIFY(session.sendFile(file.fileName()));
        QTRY_COMPARE(binaries.size(), 2);
        QCOMPARE(binaries.last().first().toByteArray(), content);
        QVERIFY(progress.size() > 1); // a 3 MiB message leaves in several writes
        qint64 before = 0;
        for (const QList<QVariant> &step : progress) {
            QVERIFY(step.at(0).toLongLong() > before);
            before = step.at(0).toLongLong();
            QCOMPARE(step.at(1).toLongLong(), content.size());
        }
        QCOMPARE(before, content.size());

        QString error;
        QVERIFY(!session.sendFile(u"/nonexistent/file"_qs, &error));
        QVERIFY2(error.contains(u"cannot read /nonexistent/file"), qPrintable(error));
    }

    void timesPingsWithMicroseconds()
    {
        ClientSession::Options options = quick();
        options.heartbeatInterval = 50ms;
        ClientSession session(*m_log, m_trust, options);
        HeartbeatTracker heartbeats; // reads the round trips off the log, as the monitor does
        heartbeats.follow(*m_log);
        QSignalSpy pongs(&session, &ClientSession::pongReceived);
        QVERIFY(session.open({url(m_server->port(), u"/echo"_qs), {}, {}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        QTRY_VERIFY(heartbeats.points(session.connectionId()).size() >= 3);
        qint64 sentBefore = -1;
        for (qsizetype i = 0; i < 3; ++i) {
            const HeartbeatPoint &point = heartbeats.points(session.connectionId()).at(size_t(i));
            QCOMPARE(point.direction, Direction::ClientToServer);
            QVERIFY(point.sentUs > sentBefore);
            sentBefore = point.sentUs;
            QVERIFY(point.roundTripUs);
            QVERIFY2(*point.roundTripUs > 0 && *point.roundTripUs < 1'000'000,
                qPrintable(QString::number(*point.roundTripUs)));
        }

        // Changed while connected: off, and no ping leaves any more.
        session.setHeartbeatInterval(0ms);
        const qsizetype pingsSoFar = std::ranges::count_if(Test::framesOf(*m_log, Direction::ClientToServer),
            [](const Frame &frame) { return frame.opcode == Opcode::ping; });
        QTest::qWait(200);
        QCOMPARE(std::ranges::count_if(Test::framesOf(*m_log, Direction::ClientToServer),
                     [](const Frame &frame) { return frame.opcode == Opcode::ping; }),
            pingsSoFar);

        QVERIFY(session.ping("chosen payload"));
        QTRY_COMPARE(pongs.size(), 1);
        QCOMPARE(pongs.first().at(0).toByteArray(), QByteArray("chosen payload"));
        QVERIFY(pongs.first().at(1).toLongLong() > 0);
        const QList<Frame> answers = Test::framesOf(*m_log, Direction::ServerToClient);
        QCOMPARE(answers.last().opcode, Opcode::pong);
        QCOMPARE(answers.last().payload, QByteArray("chosen payload"));
    }

    // A message in frames of at most 4 bytes: the room reads a text frame and a continuation and echoes the message
    // whole; a pong nobody asked for reaches it too, and one too long is refused.
    void sendsFragmentsAndUnsolicitedPongs()
    {
        TrafficLog serverLog;
        const auto server = Test::startServer(Test::loopbackConfig(), &serverLog);
        QVERIFY(server);
        ClientSession session(*m_log, m_trust, quick());
        QSignalSpy texts(&session, &ClientSession::textReceived);
        QVERIFY(session.open({url(server->port(), u"/echo"_qs), {}, {}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        session.setFragmentBytes(4);
        QVERIFY(session.sendText(u"abcé"_qs)); // 5 bytes of UTF-8, the é split between the two frames
        QVERIFY(session.pong("unasked"));
        QTRY_COMPARE(texts.size(), 1);
        QCOMPARE(texts.first().first().toString(), u"abcé"_qs);
        QVERIFY(!session.pong(QByteArray(126, 'x')));

        QList<std::tuple<quint8, bool, QByteArray>> received;
        for (const Frame &frame : Test::framesOf(serverLog, Direction::ClientToServer))
            received.append({frame.opcode, frame.fin, frame.payload});
        const QByteArray utf8 = u"abcé"_qs.toUtf8();
        QCOMPARE(received,
            (QList<std::tuple<quint8, bool, QByteArray>> {{Opcode::text, false, utf8.first(4)},
                {Opcode::continuation, true, utf8.sliced(4)}, {Opcode::pong, true, "unasked"}}));
        const QList<Frame> sent = Test::framesOf(*m_log, Direction::ClientToServer);
        QCOMPARE(sent.at(1).messageOpcode, Opcode::text); // as the client's own log records it

        session.setFragmentBytes(0);
        QVERIFY(session.sendText(u"whole"_qs));
        QTRY_COMPARE(texts.size(), 2);
        QCOMPARE(Test::framesOf(serverLog, Direction::ClientToServer).last().fin, true);
    }

    void closesWithCodeAndReasonBothWays()
    {
        ClientSession session(*m_log, m_trust, quick());
        QSignalSpy closed(&session, &ClientSession::closed);
        QSignalSpy states(&session, &ClientSession::stateChanged);
        QVERIFY(session.open({url(m_server->port(), u"/echo"_qs), {}, {}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        QVERIFY(session.close(4000, u"done for today"_qs));
        QTRY_COMPARE(session.state(), ClientSession::State::Closed);
        QList<ClientSession::State> seen;
        for (const QList<QVariant> &state : states)
            seen.append(state.first().value<ClientSession::State>());
        QCOMPARE(seen,
            QList({ClientSession::State::Connecting, ClientSession::State::Open, ClientSession::State::Closing,
                ClientSession::State::Closed}));
        QCOMPARE(closed.size(), 1);
        ConnectionClosed how = closedFrom(closed);
        QCOMPARE(how.closer, Closer::Client);
        QCOMPARE(how.code, quint16(4000));
        QCOMPARE(how.reason, QByteArray("done for today"));
        QVERIFY(how.clean);
        QVERIFY(failureFrom(closed).isEmpty());

        // The server closes: /chat takes at most 1 MiB a message, and says so with 1009.
        QVERIFY(session.open({url(m_server->port(), u"/chat"_qs), {}, {}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        QVERIFY(session.sendText(QString(2 << 20, u'x')));
        QTRY_COMPARE(session.state(), ClientSession::State::Closed); // not worth retrying
        QCOMPARE(closed.size(), 2);
        how = closedFrom(closed, 1);
        QCOMPARE(how.closer, Closer::Server);
        QCOMPARE(how.code, quint16(CloseCode::tooBig));
        QVERIFY(!how.reason.isEmpty());
    }

    void closesAsSoonAsItOpens()
    {
        // A close from the very slot that hears of the opening closes the connection, not the finished handshake.
        ClientSession session(*m_log, m_trust, quick());
        QSignalSpy closed(&session, &ClientSession::closed);
        connect(&session, &ClientSession::stateChanged, &session, [&session](ClientSession::State state) {
            if (state == ClientSession::State::Open)
                QVERIFY(session.close(4001, u"at once"_qs));
        });
        QVERIFY(session.open({url(m_server->port(), u"/echo"_qs), {}, {}, {}}));
        QTRY_COMPARE(closed.size(), 1);
        QCOMPARE(closedFrom(closed).closer, Closer::Client);
        QCOMPARE(closedFrom(closed).code, quint16(4001));
        QVERIFY(closedFrom(closed).clean);
        QCOMPARE(session.state(), ClientSession::State::Closed);
    }

    void refusesWhatItCannotSend_data()
    {
        QTest::addColumn<QUrl>("target");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("expected");
        const QUrl good(u"ws://127.0.0.1:9/"_qs);
        QTest::newRow("http") << QUrl(u"http://127.0.0.1/"_qs) << QByteArray() << u"ws:// or wss://"_qs;
        QTest::newRow("no host") << QUrl(u"ws:///path"_qs) << QByteArray() << u"no host"_qs;
        QTest::newRow("fragment") << QUrl(u"ws://127.0.0.1/#x"_qs) << QByteArray() << u"fragment"_qs;
        QTest::newRow("reserved header") << good << QByteArray("Sec-WebSocket-Key") << u"by the session"_qs;
        QTest::newRow("bad header name") << good << QByteArray("Bad Name") << u"not a valid header name"_qs;
    }
    void refusesWhatItCannotSend()
    {
        QFETCH(QUrl, target);
        QFETCH(QByteArray, header);
        QFETCH(QString, expected);
        ClientSession session(*m_log, m_trust, quick());
        ClientSession::Request request {target, {}, {}, {}};
        if (!header.isEmpty())
            request.headers.append({header, "value"});
        QString error;
        QVERIFY(!session.open(request, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QCOMPARE(session.state(), ClientSession::State::Closed);
    }

    void refusesBadCloseCodesPingsAndHex()
    {
        ClientSession session(*m_log, m_trust, quick());
        QVERIFY(session.open({url(m_server->port(), u"/echo"_qs), {}, {}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        QString error;
        QVERIFY(!session.close(1005, {}, &error)); // for reporting only (§7.4.1)
        QVERIFY2(error.contains(u"1005"), qPrintable(error));
        QVERIFY(!session.close(1000, QString(124, u'r'), &error));
        QVERIFY2(error.contains(u"123 bytes"), qPrintable(error));
        QVERIFY(!session.ping(QByteArray(126, 'p'), &error));
        QVERIFY2(error.contains(u"125 bytes"), qPrintable(error));
        QCOMPARE(session.state(), ClientSession::State::Open);

        QCOMPARE(ClientSession::fromHex(u"de:ad be\nef"), QByteArray::fromHex("deadbeef"));
        QVERIFY(!ClientSession::fromHex(u"abc", &error));
        QVERIFY2(error.contains(u"odd"), qPrintable(error));
        QVERIFY(!ClientSession::fromHex(u"0é", &error)); // not a digit in any script
        QVERIFY(!ClientSession::fromHex(u"zz", &error));
        QVERIFY2(error.contains(u"\"z\" is not a hex digit"), qPrintable(error));
    }

    void tellsWhyAConnectionFailed_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("origin");
        QTest::addColumn<QString>("expected");
        QTest::newRow("404") << u"/nowhere"_qs << QString() << u"answered 404 Not Found instead of switching"_qs;
        QTest::newRow("403") << u"/chat"_qs << u"http://elsewhere.example"_qs << u"answered 403 Forbidden"_qs;
    }
    void tellsWhyAConnectionFailed()
    {
        QFETCH(QString, path);
        QFETCH(QString, origin);
        QFETCH(QString, expected);
        ClientSession session(*m_log, m_trust, quick());
        QSignalSpy closed(&session, &ClientSession::closed);
        QVERIFY(session.open({url(m_server->port(), path), {}, {}, origin}));
        QTRY_COMPARE(closed.size(), 1);
        QVERIFY2(failureFrom(closed).contains(expected), qPrintable(failureFrom(closed)));
        QVERIFY2(failureFrom(closed).contains(u": "), qPrintable(failureFrom(closed))); // and the body's words
        QCOMPARE(session.state(), ClientSession::State::Closed); // a first attempt is not retried
        QCOMPARE(session.lastError(), failureFrom(closed));
        QCOMPARE(Test::eventsOf<HandshakeExchanged>(*m_log).size(), 1); // the refusal is in the log
    }

    // Not followed (RFC 6455 §4.1 leaves it to the client): the sentence names where the server sent it instead.
    void namesWhereARedirectPoints()
    {
        Test::ScriptedServer server({"HTTP/1.1 301 Moved Permanently\r\nLocation: wss://secure.example/chat\r\n"
                                     "Content-Length: 0\r\n\r\n"});
        QUrl address = server.url(u"/chat"_qs);
        address.setScheme(u"ws"_qs);
        ClientSession session(*m_log, m_trust, quick());
        QSignalSpy closed(&session, &ClientSession::closed);
        QVERIFY(session.open({address, {}, {}, {}}));
        QTRY_COMPARE(closed.size(), 1);
        QVERIFY2(
            failureFrom(closed).endsWith(
                u"answered 301 Moved Permanently instead of switching protocols: it is at wss://secure.example/chat"),
            qPrintable(failureFrom(closed)));
    }

    void tellsWhenNothingListens()
    {
        quint16 port = 0;
        {
            QTcpServer closedAgain;
            QVERIFY(closedAgain.listen(QHostAddress::LocalHost, 0));
            port = closedAgain.serverPort();
        }
        ClientSession session(*m_log, m_trust, quick());
        QSignalSpy closed(&session, &ClientSession::closed);
        QVERIFY(session.open({url(port, u"/"_qs), {}, {}, {}}));
        QTRY_COMPARE(closed.size(), 1);
        QVERIFY2(failureFrom(closed).contains(u"connection refused by 127.0.0.1:"_qs + QString::number(port)),
            qPrintable(failureFrom(closed)));
        QCOMPARE(session.state(), ClientSession::State::Closed);
    }

    // wss:// to a server without TLS: the TLS handshake fails, and the person is told that, and the likely why.
    void tellsWhenTlsMeetsAPlainServer()
    {
        ClientSession session(*m_log, m_trust, quick());
        QSignalSpy closed(&session, &ClientSession::closed);
        QUrl wss = url(m_server->port(), u"/echo"_qs);
        wss.setScheme(u"wss"_qs);
        QVERIFY(session.open({wss, {}, {}, {}}));
        QTRY_COMPARE(closed.size(), 1);
        QVERIFY2(
            failureFrom(closed).startsWith(u"the TLS handshake with 127.0.0.1:"_qs), qPrintable(failureFrom(closed)));
        QVERIFY2(failureFrom(closed).endsWith(u"try ws:// instead of wss://"_qs), qPrintable(failureFrom(closed)));
    }

    void givesUpAHandshakeThatHangs()
    {
        QTcpServer mute; // accepts TCP and never answers
        QVERIFY(mute.listen(QHostAddress::LocalHost, 0));
        ClientSession::Options options = quick();
        options.handshakeTimeout = 300ms;
        ClientSession session(*m_log, m_trust, options);
        QSignalSpy closed(&session, &ClientSession::closed);
        QVERIFY(session.open({url(mute.serverPort(), u"/"_qs), {}, {}, {}}));
        QTRY_COMPARE(closed.size(), 1);
        QVERIFY2(failureFrom(closed).contains(u"no answer within 0.3 s: the 101 response did not complete"),
            qPrintable(failureFrom(closed)));
        QCOMPARE(session.state(), ClientSession::State::Closed);
    }

    void declaresASilentPeerDeadAndReconnects()
    {
        Test::SilentWebSocketServer server; // completes the handshake, then never answers a ping
        ClientSession::Options options = quick();
        options.heartbeatInterval = 50ms;
        options.handshakeTimeout = 300ms; // also how long the close waits for an answer that never comes
        ClientSession session(*m_log, m_trust, options);
        QSignalSpy closed(&session, &ClientSession::closed);
        HeartbeatTracker heartbeats;
        heartbeats.follow(*m_log);
        QSignalSpy retries(&session, &ClientSession::reconnectScheduled);
        QVERIFY(session.open({url(server.serverPort(), u"/"_qs), {}, {}, {}}));
        QTRY_COMPARE(closed.size(), 1);
        QVERIFY2(failureFrom(closed).contains(u"dead"), qPrintable(failureFrom(closed)));
        const auto &missed = heartbeats.points(m_log->records().front().connection); // the first connection's
        // Unanswered pings: those judged missed, and the one sent as the verdict came.
        QCOMPARE(missed.size(), size_t(Heartbeat::missesBeforeDead + 1));
        QVERIFY(
            std::ranges::none_of(missed, [](const HeartbeatPoint &point) { return point.roundTripUs.has_value(); }));
        QTRY_COMPARE(retries.size(), 1);
        QTRY_COMPARE(session.state(), ClientSession::State::Open); // the silent server accepts again
        QVERIFY(session.close());
        QTRY_COMPARE(session.state(), ClientSession::State::Closed);
    }

    void reconnectsAfterTheServerIsKilledAndRestarted()
    {
        ServerProcess server;
        QVERIFY(server.start());
        ClientSession::Options options = quick();
        options.stableAfter = 300ms;
        ClientSession session(*m_log, m_trust, options);
        QSignalSpy closed(&session, &ClientSession::closed);
        QSignalSpy retries(&session, &ClientSession::reconnectScheduled);
        QSignalSpy texts(&session, &ClientSession::textReceived);
        QVERIFY(session.open({url(server.port(), u"/echo"_qs), {}, {}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        const quint64 firstConnection = session.connectionId();

        server.kill();
        QTRY_COMPARE(closed.size(), 1);
        QVERIFY(!closedFrom(closed).code); // no close frame: 1006
        QTRY_VERIFY(retries.size() >= 3);  // refused while the server is down, and tried again
        QCOMPARE(session.state(), ClientSession::State::Reconnecting);
        for (qsizetype i = 1; i < retries.size(); ++i)
            QCOMPARE(retries.at(i).at(0).toInt(), i + 1);

        QVERIFY(server.start(server.port()));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        QVERIFY(session.connectionId() > firstConnection);
        QVERIFY(session.sendText(u"back"_qs));
        QTRY_COMPARE(texts.size(), 1);

        // Up for longer than stableAfter: the next loss starts the back-off from the first delay again.
        QTest::qWait(500);
        const qsizetype retriesBefore = retries.size();
        server.kill();
        QTRY_VERIFY(retries.size() > retriesBefore);
        QCOMPARE(retries.at(retriesBefore).at(0).toInt(), 1);
        QVERIFY(retries.at(retriesBefore).at(1).value<std::chrono::milliseconds>() <= options.firstRetryDelay);
    }

    void reachesAnIpv6Loopback()
    {
        ServerConfig config = Test::loopbackConfig();
        config.bindAddress = QHostAddress(QHostAddress::LocalHostIPv6);
        if (QTcpServer probe; !probe.listen(config.bindAddress))
            QSKIP("this machine has no IPv6 loopback");
        const auto server = Test::startServer(config);
        QVERIFY(server);
        ClientSession session(*m_log, m_trust, quick());
        QSignalSpy texts(&session, &ClientSession::textReceived);
        QVERIFY(session.open({QUrl(u"ws://[::1]:%1/echo"_qs.arg(server->port())), {}, {}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        QVERIFY(session.sendText(u"six"_qs));
        QTRY_COMPARE(texts.size(), 1);
        QCOMPARE(std::get<ConnectionOpened>(m_log->records().front().event).peer,
            u"[::1]:"_qs + QString::number(server->port()));
    }

    void keepsSeveralSessionsApartInOneLog()
    {
        ClientSession first(*m_log, m_trust, quick());
        ClientSession second(*m_log, m_trust, quick());
        QVERIFY(first.id() != second.id());
        QVERIFY(first.open({url(m_server->port(), u"/echo"_qs), {}, {}, {}}));
        QVERIFY(second.open({url(m_server->port(), u"/echo"_qs), {}, {}, {}}));
        QTRY_VERIFY(first.state() == ClientSession::State::Open && second.state() == ClientSession::State::Open);
        QVERIFY(first.sendText(u"from the first"_qs));
        QVERIFY(second.sendText(u"from the second"_qs));
        QTRY_COMPARE(Test::framesOf(*m_log, Direction::ServerToClient).size(), 2);
        for (const TrafficRecord &record : m_log->records()) {
            const ClientSession &owner = record.session == first.id() ? first : second;
            QCOMPARE(record.session, owner.id());
            QCOMPARE(record.connection, owner.connectionId());
            if (const auto *frame = std::get_if<Frame>(&record.event))
                QCOMPARE(
                    frame->payload, &owner == &first ? QByteArray("from the first") : QByteArray("from the second"));
        }
    }

    void failsAServerThatBreaksTheProtocol()
    {
        // A server that masks its frames (§5.1: it must not).
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        connect(&server, &QTcpServer::newConnection, &server, [&server] {
            QTcpSocket *socket = server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                const QByteArray request = socket->readAll();
                const auto head = HttpHead::parseRequest(request);
                if (!head)
                    return;
                socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Accept: "
                    + Handshake::acceptFor(head->value("Sec-WebSocket-Key")) + "\r\n\r\n"
                    + Test::maskedFrame(0x81, "masked by a server"));
                socket->disconnect();
            });
        });
        ClientSession session(*m_log, m_trust, quick());
        QSignalSpy closed(&session, &ClientSession::closed);
        QSignalSpy texts(&session, &ClientSession::textReceived);
        QVERIFY(session.open({url(server.serverPort(), u"/"_qs), {}, {}, {}}));
        QTRY_COMPARE(closed.size(), 1);
        const ConnectionClosed how = closedFrom(closed);
        QCOMPARE(how.closer, Closer::Guard);
        QCOMPARE(how.code, quint16(CloseCode::protocolError));
        QVERIFY2(failureFrom(closed).contains(u"broke the protocol") && failureFrom(closed).contains(u"1002"),
            qPrintable(failureFrom(closed)));
        QCOMPARE(texts.size(), 0);
        QCOMPARE(Test::eventsOf<ProtocolViolation>(*m_log).size(), 1);
        QCOMPARE(session.state(), ClientSession::State::Closed);
    }

private:
    std::unique_ptr<TrafficLog> m_log;
    std::unique_ptr<Server> m_server;
    CertificateTrust m_trust;
};

QTEST_GUILESS_MAIN(tst_ClientSession)
#include "tst_clientsession.moc"
