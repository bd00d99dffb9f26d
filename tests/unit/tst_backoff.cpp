// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "client/backoff.h"

using namespace Duplex;
using namespace std::chrono_literals;

class tst_Backoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void doublesWithJitterUpToTheCeiling()
    {
        Backoff backoff(500ms, 30s);
        std::chrono::milliseconds nominal = 500ms;
        QSet<qint64> seen;
        for (int attempt = 1; attempt <= 12; ++attempt) {
            const std::chrono::milliseconds delay = backoff.next();
            QCOMPARE(backoff.attempts(), attempt);
            QVERIFY2(delay >= nominal / 2 && delay <= nominal,
                qPrintable(
                    u"attempt %1: %2 ms, nominal %3 ms"_qs.arg(attempt).arg(delay.count()).arg(nominal.count())));
            seen.insert(delay.count());
            nominal = std::min(nominal * 2, std::chrono::milliseconds(30s));
        }
        QCOMPARE(nominal, 30s);   // the ceiling was reached and held
        QVERIFY(seen.size() > 6); // spread, not a fixed schedule

        // After a stable connection, the next loss starts again from the first delay.
        backoff.reset();
        QCOMPARE(backoff.attempts(), 0);
        QVERIFY(backoff.next() <= 500ms);
    }

    void manyAttemptsDoNotOverflow()
    {
        Backoff backoff(30s, 60s);
        for (int attempt = 0; attempt < 100; ++attempt)
            QVERIFY(backoff.next() >= 15s);
        QVERIFY(backoff.next() <= 60s);
    }
};

QTEST_GUILESS_MAIN(tst_Backoff)
#include "tst_backoff.moc"
