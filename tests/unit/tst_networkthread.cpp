// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSignalSpy>
#include <QTest>

#include "eventwait.h"
#include "networkthread.h"
#include "trafficlog.h"

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
};

QTEST_GUILESS_MAIN(tst_NetworkThread)
#include "tst_networkthread.moc"
