// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// duplex-load's latency histogram: percentiles within its 1 % promise, in fixed memory.
#include <QTest>

#include <cmath>

#include "histogram.h"

using Duplex::Load::Histogram;

class tst_LoadHistogram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void percentilesWithinOnePercent()
    {
        Histogram h;
        for (int us = 1; us <= 10'000; ++us)
            h.record(std::int64_t(us) * 1000);
        QCOMPARE(h.count(), 10'000u);
        const auto near = [](double value, double expected) { return std::abs(value - expected) <= expected / 100; };
        QVERIFY2(near(h.percentileUs(0.5), 5000), qPrintable(QString::number(h.percentileUs(0.5))));
        QVERIFY2(near(h.percentileUs(0.99), 9900), qPrintable(QString::number(h.percentileUs(0.99))));
        QVERIFY(h.percentileUs(0.99) <= h.percentileUs(0.999));
        QCOMPARE(h.maxUs(), 10'000.0);
        QVERIFY(near(h.meanUs(), 5000.5));
    }

    void smallAndEmpty()
    {
        Histogram h;
        QCOMPARE(h.percentileUs(0.5), 0.0);
        h.record(-5); // a clock step backwards counts as zero, not as a huge value
        h.record(42);
        QCOMPARE(h.percentileUs(0.5), 0.0);
        QCOMPARE(h.percentileUs(1.0), 0.042);
        QCOMPARE(h.maxUs(), 0.042);
    }
};

QTEST_APPLESS_MAIN(tst_LoadHistogram)
#include "tst_loadhistogram.moc"
