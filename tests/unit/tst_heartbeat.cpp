// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

#include "support/eventwait.h"
#include "support/rawpeers.h"
#include "support/testserver.h"
#include "traffic/heartbeat.h"

using namespace Duplex;
using namespace std::chrono_literals;

namespace {

// A heartbeat over a QWebSocket: a peer that shares no code with Duplex's connections.
std::unique_ptr<Heartbeat> heartbeatOver(QWebSocket &client, std::chrono::milliseconds interval)
{
    auto heartbeat = std::make_unique<Heartbeat>(
        [&client](const QByteArray &payload) {
            client.ping(payload);
            return client.state() == QAbstractSocket::ConnectedState;
        },
        interval, nullptr);
    QObject::connect(&client, &QWebSocket::pong, heartbeat.get(),
        [beat = heartbeat.get()](quint64, const QByteArray &payload) { beat->takePong(payload); });
    return heartbeat;
}

} // namespace

class tst_Heartbeat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timesEachPingInMicroseconds()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        QWebSocket client;
        client.open(Test::webSocketUrl(*server, u"/echo"));
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);

        const auto heartbeat = heartbeatOver(client, 30ms);
        QSignalSpy pongs(heartbeat.get(), &Heartbeat::pongReceived);
        QSignalSpy missed(heartbeat.get(), &Heartbeat::pongMissed);
        QTRY_VERIFY(pongs.size() >= 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(pongs.at(i).at(0).toULongLong(), quint64(i + 1)); // sequence
            const qint64 rttUs = pongs.at(i).at(1).toLongLong();
            QVERIFY2(rttUs > 0 && rttUs < 1'000'000, qPrintable(QString::number(rttUs)));
        }
        QCOMPARE(missed.size(), 0);
    }

    void intervalChangesWhileConnected()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        QWebSocket client;
        client.open(Test::webSocketUrl(*server, u"/echo"));
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);

        const auto heartbeat = heartbeatOver(client, 0ms);
        QSignalSpy pongs(heartbeat.get(), &Heartbeat::pongReceived);
        QTest::qWait(150);
        QCOMPARE(pongs.size(), 0); // off
        heartbeat->setInterval(20ms);
        QCOMPARE(heartbeat->interval(), 20ms);
        QTRY_VERIFY(pongs.size() >= 2);
    }

    void silentPeerIsDeclaredDeadAfterTwoMissedPongs()
    {
        Test::SilentWebSocketServer silent;
        QVERIFY(silent.isListening());
        QWebSocket client;
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(silent.serverPort())));
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);

        const auto heartbeat = heartbeatOver(client, 30ms);
        QSignalSpy missed(heartbeat.get(), &Heartbeat::pongMissed);
        QSignalSpy dead(heartbeat.get(), &Heartbeat::peerDead);
        QTRY_COMPARE(dead.size(), 1);
        QCOMPARE(missed.size(), Heartbeat::missesBeforeDead);
        QCOMPARE(missed.at(0).at(1).toInt(), 1);
        QCOMPARE(missed.at(1).at(1).toInt(), 2);
        QTest::qWait(100);
        QCOMPARE(dead.size(), 1); // declared once, then quiet
    }

    void pingsThroughAFunctionUntilTheConnectionCloses()
    {
        bool open = true;
        QList<QByteArray> pings;
        Heartbeat heartbeat(
            [&](const QByteArray &payload) {
                if (open)
                    pings.append(payload);
                return open;
            },
            50ms, nullptr);
        QSignalSpy sent(&heartbeat, &Heartbeat::pingSent);
        QSignalSpy pongs(&heartbeat, &Heartbeat::pongReceived);
        QSignalSpy missed(&heartbeat, &Heartbeat::pongMissed);
        QVERIFY(Test::waitUntil([&] { return pings.size() == 1; }));
        heartbeat.takePong("late"); // not the answer: the payload carries the sequence number
        heartbeat.takePong(pings[0]);
        QCOMPARE(pongs.size(), 1);
        QCOMPARE(pongs[0][0].toULongLong(), quint64(1));

        QVERIFY(Test::waitUntil([&] { return pings.size() == 2; })); // left unanswered
        open = false;
        QTest::qWait(150);
        // A closing connection is not a dead one: no more pings, and no verdict on the last.
        QCOMPARE(sent.size(), 2);
        QCOMPARE(missed.size(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_Heartbeat)
#include "tst_heartbeat.moc"
