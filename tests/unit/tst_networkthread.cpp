// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSignalSpy>
#include <QTest>

#include "support/eventwait.h"
#include "traffic/networkthread.h"
#include "traffic/trafficlog.h"

using namespace Duplex;

class tst_NetworkThread : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordsArriveInOrderInFewBatches()
    {
        TrafficLog mirror;
        NetworkThread network(mirror);
        QCOMPARE(network.call([&network] { return QThread::currentThread() == network.context()->thread(); }), true);
        QVERIFY(network.context()->thread() != QThread::currentThread());

        // The window's thread sees recorded() once per record, but only between batches: count the batches by
        // how often the record count changes while the event loop runs.
        QList<qsizetype> sizesSeen;
        connect(&mirror, &TrafficLog::recorded, this, [&] {
            if (sizesSeen.isEmpty() || sizesSeen.last() != qsizetype(mirror.records().size()) - 1)
                sizesSeen.append(qsizetype(mirror.records().size()));
            else
                sizesSeen.last() = qsizetype(mirror.records().size());
        });
        constexpr int count = 20'000;
        network.call([&network] {
            for (int i = 1; i <= count; ++i)
                network.log().append({-1, quint64(i), ConnectionOpened {}});
        });
        QVERIFY(Test::waitUntil([&] { return mirror.records().size() == count; }));
        for (int i = 0; i < count; ++i)
            QCOMPARE(mirror.records()[size_t(i)].connection, quint64(i + 1));
        QVERIFY(mirror.records().back().timeUs >= mirror.records().front().timeUs);
        QVERIFY2(sizesSeen.size() <= 3, qPrintable(QString::number(sizesSeen.size())));
        QCOMPARE(network.dropped(), 0);
    }

    void aWindowThatFallsBehindLosesTheOldest()
    {
        TrafficLog mirror(2 * NetworkThread::maxPendingRecords);
        NetworkThread network(mirror);
        // The window's thread is busy (it does not run its event loop) while far more than the bound arrive.
        constexpr qsizetype extra = 1000;
        network.call([&network] {
            for (qsizetype i = 0; i < NetworkThread::maxPendingRecords + extra; ++i)
                network.log().append({-1, quint64(i), ConnectionOpened {}});
        });
        QVERIFY(Test::waitUntil([&] { return network.dropped() == extra; }, 30'000));
        QVERIFY(Test::waitUntil(
            [&] { return qsizetype(mirror.records().size()) == NetworkThread::maxPendingRecords; }, 30'000));
        QCOMPARE(mirror.records().front().connection, quint64(extra));
    }

    void recordsWaitingForTheWindowKeepTheNewestPayloads()
    {
        TrafficLog mirror;
        NetworkThread network(mirror);
        network.setPayloadBudget(10'000);
        mirror.setPayloadBudget(1 << 30); // what arrives dropped was dropped on the way
        network.setHeld(true);
        network.call([&network] {
            for (char c = 'a'; c <= 'e'; ++c) {
                Frame frame;
                frame.opcode = frame.messageOpcode = Opcode::text;
                frame.payload = QByteArray(4000, c);
                frame.payloadLength = 4000;
                network.log().append({-1, 1, frame});
            }
        });
        network.setHeld(false);
        QVERIFY(Test::waitUntil([&] { return mirror.records().size() == 5; }));
        for (size_t i = 0; i < 5; ++i) {
            QCOMPARE(mirror.records()[i].payloadDropped, i < 3);
            QCOMPARE(std::get<Frame>(mirror.records()[i].event).payload.size(), i < 3 ? 0 : 4000);
        }
        QCOMPARE(network.dropped(), 0); // no record was lost, only the oldest payloads
    }

    void heldRecordsWaitThenArriveInOrder()
    {
        TrafficLog mirror;
        NetworkThread network(mirror);
        network.setHeld(true);
        QVERIFY(network.isHeld());
        const auto record = [&network](quint64 connection) {
            network.call([&network, connection] { network.log().append({-1, connection, ConnectionOpened {}}); });
        };
        record(1);
        record(2);
        QTest::qWait(int(4 * NetworkThread::batchInterval.count())); // several batch intervals pass
        QVERIFY(mirror.records().empty());
        network.setHeld(false);
        QVERIFY(Test::waitUntil([&] { return mirror.records().size() == 2; }));
        QCOMPARE(mirror.records()[0].connection, 1u);
        QCOMPARE(mirror.records()[1].connection, 2u);
        record(3); // and live again
        QVERIFY(Test::waitUntil([&] { return mirror.records().size() == 3; }));
        QCOMPARE(network.dropped(), 0);
    }

    void aBatchOnItsWayWhenHeldWaitsToo()
    {
        TrafficLog mirror;
        NetworkThread network(mirror);
        network.setHeld(true);
        network.call([&network] {
            for (quint64 i = 1; i <= 3; ++i)
                network.log().append({-1, i, ConnectionOpened {}});
        });
        network.setHeld(false); // posts the batch's sending to the network thread
        // which has sent it once this returns; this thread has not run its event loop since, so the batch is
        // posted here and not yet delivered.
        network.call([] {});
        network.setHeld(true);
        network.call([&network] { network.log().append({-1, 4, ConnectionOpened {}}); });
        QTest::qWait(int(4 * NetworkThread::batchInterval.count()));
        QVERIFY(mirror.records().empty());
        network.setHeld(false);
        QVERIFY(Test::waitUntil([&] { return mirror.records().size() == 4; }));
        for (quint64 i = 0; i < 4; ++i)
            QCOMPARE(mirror.records()[i].connection, i + 1);
    }
};

QTEST_GUILESS_MAIN(tst_NetworkThread)
#include "tst_networkthread.moc"
