// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

#include "support/eventwait.h"
#include "support/rawpeers.h"
#include "support/testserver.h"

using namespace Duplex;
using namespace std::chrono_literals;
using Test::waitUntil;

namespace {

RecordedMessage text(const QByteArray &words, int repliesBefore = 0, qint64 gapUs = 0)
{
    return {words, true, gapUs, repliesBefore};
}

// A client of /replay that keeps what it hears, text as it is and binary as "binary:" and its bytes.
struct Listener
{
    explicit Listener(const Server &server)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
            [this](const QString &message) { heard.append(message.toUtf8()); });
        QObject::connect(&socket, &QWebSocket::binaryMessageReceived, &socket,
            [this](const QByteArray &message) { heard.append("binary:" + message); });
        socket.open(Test::webSocketUrl(server, u"/replay"));
    }
    bool open()
    {
        return waitUntil([this] { return socket.state() == QAbstractSocket::ConnectedState; });
    }

    QWebSocket socket;
    QByteArrayList heard;
};

} // namespace

// The room's /replay plays the server's side of a recorded connection to each client that connects: what the
// client says counts as the replies each message waited for.
class tst_ReplayEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isRefusedWithAReasonUntilAConnectionIsChosen()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const QByteArray refused = Test::httpExchange(server->port(), Test::upgradeRequest("/replay"));
        QCOMPARE(Test::statusOf(refused), 404);
        QVERIFY(refused.contains("Replay Connection from the Room"));
        server->setReplay({text("hello")}, ReplayPacer::Pacing::Replies);
        QCOMPARE(Test::statusOf(Test::httpExchange(server->port(), Test::upgradeRequest("/replay"))), 101);
        server->setReplay({}, ReplayPacer::Pacing::Replies);
        QCOMPARE(Test::statusOf(Test::httpExchange(server->port(), Test::upgradeRequest("/replay"))), 404);
    }

    void eachMessageWaitsForTheClientsMessagesBeforeIt_data()
    {
        QTest::addColumn<bool>("tap");
        QTest::newRow("tapped") << true;
        QTest::newRow("through QtWebSockets") << false;
    }
    void eachMessageWaitsForTheClientsMessagesBeforeIt()
    {
        QFETCH(bool, tap);
        ServerConfig config = Test::loopbackConfig();
        config.tap = tap;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        server->setReplay({text("hello"), text("answer 1", 1), text("answer 2"), {"\x01\x02", false, 0, 2}},
            ReplayPacer::Pacing::Replies);
        Listener client(*server);
        QVERIFY(client.open());
        QVERIFY(waitUntil([&] { return client.heard.size() == 1; }));
        QTest::qWait(200); // nothing more before the client speaks
        QCOMPARE(client.heard, QByteArrayList {"hello"});
        client.socket.sendTextMessage(u"question 1"_qs);
        QVERIFY(waitUntil([&] { return client.heard.size() == 3; }));
        QCOMPARE(client.heard, (QByteArrayList {"hello", "answer 1", "answer 2"}));
        client.socket.sendTextMessage(u"question 2"_qs);
        QTest::qWait(200); // the binary message had two before it
        QCOMPARE(client.heard.size(), 3);
        client.socket.sendBinaryMessage("question 3");
        QVERIFY(waitUntil([&] { return client.heard.size() == 4; }));
        QCOMPARE(client.heard.last(), QByteArray("binary:\x01\x02"));
        QTest::qWait(200); // all said, the connection stays open as a server's would
        QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
    }

    void keepsTheRecordedGaps()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        server->setReplay({text("first", 0, 0), text("second", 0, 400'000)}, ReplayPacer::Pacing::Timing);
        Listener client(*server);
        QVERIFY(client.open());
        QVERIFY(waitUntil([&] { return client.heard.size() == 1; }));
        QElapsedTimer sinceFirst;
        sinceFirst.start();
        QVERIFY(waitUntil([&] { return client.heard.size() == 2; }));
        QVERIFY2(sinceFirst.elapsed() >= 300, qPrintable(QString::number(sinceFirst.elapsed()))); // of 400
    }

    // Every client hears the recording from its start; a new one is for the clients that come next.
    void eachClientHearsItsOwnPlay()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        server->setReplay({text("hello"), text("after one", 1)}, ReplayPacer::Pacing::Replies);
        Listener first(*server);
        QVERIFY(first.open());
        Listener second(*server);
        QVERIFY(second.open());
        QVERIFY(waitUntil([&] { return first.heard.size() == 1 && second.heard.size() == 1; }));
        server->setReplay({text("another recording")}, ReplayPacer::Pacing::Replies);
        Listener third(*server);
        QVERIFY(third.open());
        QVERIFY(waitUntil([&] { return third.heard.size() == 1; }));
        QCOMPARE(third.heard.first(), "another recording");
        first.socket.sendTextMessage(u"go on"_qs);
        QVERIFY(waitUntil([&] { return first.heard.size() == 2; }));
        QCOMPARE(first.heard.last(), "after one");
        QCOMPARE(second.heard.size(), 1); // its own play waits for its own client
    }

    // A client that never reads cannot make the room hold the whole recording for it: past the send queue's bound
    // it is cut off, as /echo cuts off such a client.
    void aClientThatNeverReadsIsCutOff()
    {
        ServerConfig config = Test::loopbackConfig();
        config.maxSendQueue = 1 << 20;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        // 16 MiB in all: more than loopback's kernel buffers hold.
        server->setReplay(QList<RecordedMessage>(16, text(QByteArray(1 << 20, 'x'))), ReplayPacer::Pacing::Immediate);
        const auto socket = Test::openSilentWebSocket(server->port(), "/replay");
        QVERIFY(socket);
        QVERIFY(waitUntil([&] { return server->gateway()->openClients() == 0; }, 10'000));
    }
};

QTEST_GUILESS_MAIN(tst_ReplayEndpoint)
#include "tst_replayendpoint.moc"
