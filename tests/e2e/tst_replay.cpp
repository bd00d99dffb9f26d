// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Replaying what a client said: the script read from a connection the monitor recorded (our client talking to the
// room's echo), and the replay itself against a Qt WebSockets server that answers as told and notes the order of
// what it heard and said.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocketServer>

#include "client/replay.h"
#include "models/connectionlistmodel.h"
#include "models/framelogmodel.h"
#include "support/quietclient.h"
#include "support/testserver.h"
#include "traffic/trafficlog.h"
#include "ui/replaybar.h"

using namespace Duplex;
using namespace std::chrono_literals;

namespace {

// Answers "ask N" with N messages "reply 1" … "reply N", spacedMs apart, and "bye" by closing; keeps the order of
// what it heard and said ("heard ask 2", "said reply 1", …), and when it heard each message.
class AnsweringServer : public QObject
{
public:
    explicit AnsweringServer(int spacedMs)
        : m_server(u"answering"_qs, QWebSocketServer::NonSecureMode)
        , m_spacedMs(spacedMs)
    {
        m_clock.start();
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            QWebSocket *socket = m_server.nextPendingConnection();
            socket->setParent(this);
            connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString &message) { answer(socket, message); });
            connect(socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &message) {
                events << u"heard binary "_qs + QString::fromLatin1(message.toHex());
            });
        });
    }
    QUrl url() const { return QUrl(u"ws://127.0.0.1:%1/replayed"_qs.arg(m_server.serverPort())); }

    QStringList events;
    QList<qint64> heardAtMs;

private:
    void answer(QWebSocket *socket, const QString &message)
    {
        events << u"heard "_qs + message;
        heardAtMs << m_clock.elapsed();
        if (message == u"bye")
            return socket->close();
        if (!message.startsWith(u"ask "))
            return;
        const int count = message.mid(4).toInt();
        for (int i = 1; i <= count; ++i) {
            QTimer::singleShot(m_spacedMs * (i - 1), socket, [this, socket, i] {
                events << u"said reply %1"_qs.arg(i);
                socket->sendTextMessage(u"reply %1"_qs.arg(i));
            });
        }
    }

    QWebSocketServer m_server;
    int m_spacedMs;
    QElapsedTimer m_clock;
};

RecordedMessage text(const QString &words, int repliesBefore = 0, qint64 gapUs = 0)
{
    return {words.toUtf8(), true, gapUs, repliesBefore};
}

} // namespace

class tst_Replay : public QObject
{
    Q_OBJECT

    CertificateTrust m_trust;

    // Plays messages on a new session to server as paced, and waits for the replay's end; its outcome.
    QString play(const QUrl &url, const QList<RecordedMessage> &messages, ReplayPacer::Pacing pacing,
        std::chrono::milliseconds replyWait = ReplayPacer::defaultReplyWait, QStringList *notes = nullptr)
    {
        TrafficLog log;
        ClientSession session(log, m_trust, Test::quietClient());
        Replay replay(session, messages, pacing, replyWait);
        QSignalSpy finished(&replay, &Replay::finished);
        if (notes)
            connect(&replay, &Replay::note, this, [notes](const QString &line) { notes->append(line); });
        if (!session.open({url, {}, {}, {}}))
            return u"did not open"_qs;
        replay.start(); // while connecting: it waits for the connection to open
        if (!finished.wait(15'000))
            return u"did not finish"_qs;
        QTest::qWait(100); // what the last message makes the server do
        return finished.first().first().toString();
    }

private Q_SLOTS:
    void scriptOfARecordedConnection()
    {
        TrafficLog log;
        const auto server = Test::startServer(Test::loopbackConfig(), &log);
        QVERIFY(server);
        FrameLogModel frames;
        frames.follow(log);
        ConnectionListModel connections;
        connections.follow(log);

        ClientSession session(log, m_trust, Test::quietClient());
        QSignalSpy echoes(&session, &ClientSession::textReceived);
        QSignalSpy binaryEchoes(&session, &ClientSession::binaryReceived);
        QVERIFY(session.open({Test::webSocketUrl(*server, u"/echo"), {u"chat.v1"_qs, u"chat.v0"_qs},
            {{"Authorization", "Bearer t0ken"}, {"X-Trace", "7"}}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        QTest::qWait(200); // a gap the script keeps
        QVERIFY(session.sendText(u"first ✓"_qs));
        QTRY_COMPARE(echoes.size(), 1);
        QVERIFY(session.sendBinary(QByteArray("\x00\x01\xff", 3)));
        QTRY_COMPARE(binaryEchoes.size(), 1);
        session.setFragmentBytes(4);
        QVERIFY(session.sendText(u"in fragments"_qs)); // three frames, one message
        QTRY_COMPARE(echoes.size(), 2);
        frames.flush();

        for (const quint64 end : {session.connectionId(),
                 connections.connectionFrom(connections.at(*connections.rowOf(session.connectionId())).local)}) {
            QString error;
            const auto script = ReplayBar::scriptOf(frames, connections.at(*connections.rowOf(end)), &error);
            QVERIFY2(script, qPrintable(error));
            QCOMPARE(script->request.url, Test::webSocketUrl(*server, u"/echo"));
            QCOMPARE(script->request.subprotocols, QStringList({u"chat.v1"_qs, u"chat.v0"_qs}));
            QVERIFY(script->request.origin.isEmpty());
            QCOMPARE(script->request.headers,
                (QList<std::pair<QByteArray, QByteArray>> {
                    {"User-Agent", "Duplex/" DUPLEX_VERSION}, {"Authorization", "Bearer t0ken"}, {"X-Trace", "7"}}));
            QVERIFY(script->request.offerDeflate);
            QCOMPARE(script->lost, 0);
            QCOMPARE(script->messages.size(), 3);
            QCOMPARE(script->messages[0].payload, u"first ✓"_qs.toUtf8());
            QVERIFY(script->messages[0].text);
            QVERIFY(script->messages[0].gapUs >= 150'000);
            QCOMPARE(script->messages[0].repliesBefore, 0);
            QCOMPARE(script->messages[1].payload, QByteArray("\x00\x01\xff", 3));
            QVERIFY(!script->messages[1].text);
            QCOMPARE(script->messages[1].repliesBefore, 1);
            QCOMPARE(script->messages[2].payload, QByteArray("in fragments"));
            QVERIFY(script->messages[2].text);
            QCOMPARE(script->messages[2].repliesBefore, 1);
        }

        // Once the monitor lets a payload go, that message cannot be said again, and the script says so.
        frames.setPayloadBudget(0);
        const auto trimmed = ReplayBar::scriptOf(frames, connections.at(*connections.rowOf(session.connectionId())));
        QVERIFY(trimmed);
        QCOMPARE(trimmed->messages.size() + trimmed->lost, 3);
        QVERIFY(trimmed->lost > 0);
    }

    void requestOfAHead_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("peerPort");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("subprotocols");
        QTest::addColumn<QByteArray>("headers"); // "name: value;" each
        const QByteArray upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                                   "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
        QTest::newRow("origin form") << "GET /chat?room=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n" + upgrade
                + "Cookie: a=1\r\n\r\n"
                                     << 8080 << u"ws://127.0.0.1:8080/chat?room=1"_qs << QStringList()
                                     << QByteArray("Cookie: a=1;");
        QTest::newRow("port 443 named by the peer")
            << "GET /live HTTP/1.1\r\nHost: example.com\r\n" + upgrade
                + "Sec-WebSocket-Protocol: mqtt, ,v2\r\nUser-Agent: Chrome\r\nOrigin: https://example.com\r\n\r\n"
            << 443 << u"wss://example.com/live"_qs << QStringList({u"mqtt"_qs, u"v2"_qs})
            << QByteArray("User-Agent: Chrome;");
        QTest::newRow("port 443 in the Host field")
            << "GET / HTTP/1.1\r\nHost: example.com:443\r\n" + upgrade + "\r\n"
            << 55000 << u"wss://example.com/"_qs << QStringList() << QByteArray();
        QTest::newRow("absolute form") << "GET http://other.example:9000/feed HTTP/1.1\r\nHost: example.com\r\n"
                + upgrade + "\r\n" << 9000
                                       << u"ws://other.example:9000/feed"_qs << QStringList() << QByteArray();
    }

    void requestOfAHead()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, peerPort);
        QString error;
        const auto request = ReplayScript::requestOf(head, quint16(peerPort), &error);
        QVERIFY2(request, qPrintable(error));
        QTEST(request->url.toString(), "url");
        QTEST(request->subprotocols, "subprotocols");
        QCOMPARE(request->origin, head.contains("Origin: ") ? u"https://example.com"_qs : QString());
        QByteArray headers;
        for (const auto &[name, value] : request->headers)
            headers += name + ": " + value + ';';
        QTEST(headers, "headers");
        QVERIFY(!request->offerDeflate);
    }

    void requestOfWhatIsNoRequest()
    {
        QString error;
        QVERIFY(!ReplayScript::requestOf("HTTP/1.1 101 Switching Protocols\r\n\r\n", 80, &error));
        QVERIFY2(error.startsWith(u"the recorded request cannot be read: "), qPrintable(error));
        QVERIFY(!ReplayScript::requestOf({}, 80, &error));
    }

    // Waiting for the replies, the message after "ask 2" goes once the second reply came; one after another, it
    // goes before.
    void pacedByReplies()
    {
        AnsweringServer server(300);
        const QList<RecordedMessage> messages {text(u"ask 2"_qs), text(u"after"_qs, 2)};
        QCOMPARE(play(server.url(), messages, ReplayPacer::Pacing::Replies), u"all 2 messages sent"_qs);
        QCOMPARE(
            server.events, QStringList({u"heard ask 2"_qs, u"said reply 1"_qs, u"said reply 2"_qs, u"heard after"_qs}));

        AnsweringServer hasty(300);
        QCOMPARE(play(hasty.url(), messages, ReplayPacer::Pacing::Immediate), u"all 2 messages sent"_qs);
        QTRY_COMPARE(hasty.events.size(), 4);
        QCOMPARE(hasty.events.mid(0, 3), QStringList({u"heard ask 2"_qs, u"said reply 1"_qs, u"heard after"_qs}));
    }

    void pacedByTheRecordedGaps()
    {
        AnsweringServer server(0);
        const QList<RecordedMessage> messages {
            text(u"one"_qs), text(u"two"_qs, 0, 400'000), {QByteArray("\x07", 1), false, 0, 0}};
        QCOMPARE(play(server.url(), messages, ReplayPacer::Pacing::Timing), u"all 3 messages sent"_qs);
        QTRY_COMPARE(server.events, QStringList({u"heard one"_qs, u"heard two"_qs, u"heard binary 07"_qs}));
        QVERIFY2(server.heardAtMs[1] - server.heardAtMs[0] >= 380,
            qPrintable(QString::number(server.heardAtMs[1] - server.heardAtMs[0])));
    }

    // A reply that does not come holds the replay up for replyWait, not for ever, and the person is told.
    void goesOnWhenRepliesDoNotCome()
    {
        AnsweringServer server(0);
        QStringList notes;
        QCOMPARE(
            play(server.url(), {text(u"ask 1"_qs), text(u"after"_qs, 3)}, ReplayPacer::Pacing::Replies, 300ms, &notes),
            u"all 2 messages sent"_qs);
        QCOMPARE(server.events, QStringList({u"heard ask 1"_qs, u"said reply 1"_qs, u"heard after"_qs}));
        QCOMPARE(notes, QStringList({u"Message 2 went after 0.3 s with 1 of the 3 replies recorded before it"_qs}));
    }

    void endsWithTheConnection()
    {
        AnsweringServer server(0);
        QCOMPARE(play(server.url(), {text(u"bye"_qs), text(u"after"_qs, 1)}, ReplayPacer::Pacing::Replies),
            u"the connection ended after 1 of 2 messages"_qs);
        QCOMPARE(server.events, QStringList({u"heard bye"_qs}));

        TrafficLog log;
        ClientSession closed(log, m_trust, Test::quietClient());
        Replay replay(closed, {text(u"never"_qs)}, ReplayPacer::Pacing::Immediate);
        QSignalSpy finished(&replay, &Replay::finished);
        replay.start();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toString(), u"the connection did not open, so nothing was sent"_qs);
    }

    void stops()
    {
        AnsweringServer server(0);
        TrafficLog log;
        ClientSession session(log, m_trust, Test::quietClient());
        QVERIFY(session.open({server.url(), {}, {}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        Replay replay(session, {text(u"ask 0"_qs), text(u"after"_qs, 5)}, ReplayPacer::Pacing::Replies);
        QSignalSpy sent(&replay, &Replay::messageSent);
        QSignalSpy finished(&replay, &Replay::finished);
        replay.start();
        QTRY_COMPARE(sent.size(), 1);
        QCOMPARE(sent.first(), (QVariantList {qsizetype(1), qsizetype(2)}));
        replay.stop();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toString(), u"stopped after 1 of 2 messages"_qs);
        QTest::qWait(200);
        QCOMPARE(server.events, QStringList({u"heard ask 0"_qs}));
        replay.stop(); // once ended, nothing more
        QCOMPARE(finished.size(), 1);
    }
};

QTEST_MAIN(tst_Replay)
#include "tst_replay.moc"
