// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSignalSpy>
#include <QTest>

#include "models/heartbeattracker.h"
#include "support/trafficevents.h"
#include "traffic/trafficlog.h"

using namespace Duplex;

class tst_HeartbeatTracker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pongAnswersThePingWithItsPayload()
    {
        HeartbeatTracker tracker;
        QSignalSpy added(&tracker, &HeartbeatTracker::pointAdded);
        tracker.observe(Test::frameRecord(1000, 7, Direction::ServerToClient, Opcode::ping, "a"));
        tracker.observe(
            Test::frameRecord(1100, 7, Direction::ServerToClient, Opcode::pong, "a")); // same side: not an answer
        tracker.observe(Test::frameRecord(1200, 7, Direction::ClientToServer, Opcode::pong, "b")); // other payload
        QCOMPARE(added.size(), 0);
        tracker.observe(Test::frameRecord(1450, 7, Direction::ClientToServer, Opcode::pong, "a"));
        QCOMPARE(added.size(), 1);
        QCOMPARE(tracker.points(7).front().sentUs, 1000);
        QCOMPARE(tracker.points(7).front().roundTripUs, 450);
        QCOMPARE(tracker.lastRoundTripUs(7), 450);
        QVERIFY(tracker.points(8).empty());
    }

    void bothEndsPingTheSameConnection()
    {
        HeartbeatTracker tracker;
        tracker.observe(Test::frameRecord(0, 1, Direction::ServerToClient, Opcode::ping, "s"));
        tracker.observe(Test::frameRecord(10, 1, Direction::ClientToServer, Opcode::ping, "c"));
        tracker.observe(Test::frameRecord(30, 1, Direction::ClientToServer, Opcode::pong, "s"));
        tracker.observe(Test::frameRecord(50, 1, Direction::ServerToClient, Opcode::pong, "c"));
        QCOMPARE(tracker.stats(1).answered, 2);
        QCOMPARE(tracker.stats(1).missed, 0);
        QCOMPARE(tracker.stats(1).minUs, 30);
        // Each round trip says which side pinged, so a chart can keep the two apart.
        const auto &points = tracker.points(1);
        QCOMPARE(points.size(), 2u);
        QCOMPARE(points[0].direction, Direction::ServerToClient);
        QCOMPARE(points[0].roundTripUs, 30);
        QCOMPARE(points[1].direction, Direction::ClientToServer);
        QCOMPARE(points[1].roundTripUs, 40);
    }

    void aPingOvertakenOrCutOffIsMissed()
    {
        HeartbeatTracker tracker;
        tracker.observe(Test::frameRecord(0, 1, Direction::ServerToClient, Opcode::ping, "1"));
        tracker.observe(Test::frameRecord(100, 1, Direction::ServerToClient, Opcode::ping, "2")); // 1 missed
        tracker.observe({200, 1, ConnectionClosed {Closer::Nobody, std::nullopt, {}, false}});    // 2 missed
        tracker.observe(Test::frameRecord(0, 2, Direction::ServerToClient, Opcode::ping, "x"));
        tracker.observe({50, 2, ConnectionClosed {Closer::Client, 1000, {}, true}}); // clean: not missed
        QCOMPARE(tracker.stats(1).missed, 2);
        QCOMPARE(tracker.stats(1).answered, 0);
        QVERIFY(!tracker.lastRoundTripUs(1));
        QVERIFY(tracker.points(2).empty());
    }

    void statsAreNearestRank()
    {
        HeartbeatTracker tracker;
        for (int i = 1; i <= 100; ++i) {
            const QByteArray payload = QByteArray::number(i);
            tracker.observe(Test::frameRecord(i * 1000, 3, Direction::ClientToServer, Opcode::ping, payload));
            tracker.observe(Test::frameRecord(i * 1000 + i * 10, 3, Direction::ServerToClient, Opcode::pong, payload));
        }
        const HeartbeatTracker::Stats stats = tracker.stats(3);
        QCOMPARE(stats.answered, 100);
        QCOMPARE(stats.minUs, 10);
        QCOMPARE(stats.medianUs, 500);
        QCOMPARE(stats.p99Us, 990);
    }

    void followsTheLogAndItsClearing()
    {
        TrafficLog log;
        HeartbeatTracker tracker;
        tracker.follow(log);
        QSignalSpy cleared(&tracker, &HeartbeatTracker::cleared);
        log.append(Test::frameRecord(-1, 4, Direction::ServerToClient, Opcode::ping, "p"));
        log.append(Test::frameRecord(-1, 4, Direction::ClientToServer, Opcode::pong, "p"));
        QCOMPARE(tracker.connections(), QList<quint64> {4});
        QVERIFY(*tracker.lastRoundTripUs(4) >= 0);
        log.clear(TrafficLog::Clearing::ToLive);
        QCOMPARE(cleared.size(), 1);
        QVERIFY(tracker.connections().isEmpty());
    }

    // Clear Monitor, or a capture file opened and closed, while a ping is on its way: its pong still answers it.
    void aPingInFlightOutlivesAClearing()
    {
        TrafficLog log;
        HeartbeatTracker tracker;
        tracker.follow(log);
        log.append(Test::frameRecord(100, 4, Direction::ServerToClient, Opcode::ping, "live"));
        log.clear(TrafficLog::Clearing::ToLive);
        log.append(Test::frameRecord(150, 4, Direction::ClientToServer, Opcode::pong, "live"));
        QCOMPARE(tracker.lastRoundTripUs(4), 50);

        log.append(Test::frameRecord(200, 4, Direction::ServerToClient, Opcode::ping, "live"));
        log.clear(TrafficLog::Clearing::ToCapture);
        // The file's connection 4 is another: its pings and pongs are its own, and its ping in flight is forgotten.
        log.append(Test::frameRecord(10, 4, Direction::ServerToClient, Opcode::ping, "file"));
        log.append(Test::frameRecord(20, 4, Direction::ClientToServer, Opcode::pong, "live")); // not the file's ping
        QVERIFY(tracker.points(4).empty());
        log.append(Test::frameRecord(30, 4, Direction::ClientToServer, Opcode::pong, "file"));
        QCOMPARE(tracker.lastRoundTripUs(4), 20);
        log.append(Test::frameRecord(40, 4, Direction::ServerToClient, Opcode::ping, "file 2"));
        log.clear(TrafficLog::Clearing::ToCapture); // another file replaces it
        log.append(Test::frameRecord(50, 4, Direction::ClientToServer, Opcode::pong, "file 2"));
        QVERIFY(tracker.points(4).empty());
        log.clear(TrafficLog::Clearing::ToLive);
        log.append(
            Test::frameRecord(50, 4, Direction::ClientToServer, Opcode::pong, "file 2")); // back live: not a live ping
        QVERIFY(tracker.points(4).empty());
        log.append(Test::frameRecord(290, 4, Direction::ClientToServer, Opcode::pong, "live"));
        QCOMPARE(tracker.lastRoundTripUs(4), 90);
        QCOMPARE(tracker.stats(4).missed, 0);
    }
};

QTEST_GUILESS_MAIN(tst_HeartbeatTracker)
#include "tst_heartbeattracker.moc"
