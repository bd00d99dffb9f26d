// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include <sys/resource.h>

#include "app/processlimits.h"

class tst_ProcessLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void raisesSoftLimitToHardLimit()
    {
        rlimit limit = {};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
        if (limit.rlim_max > 64) { // start low, as a desktop session does
            limit.rlim_cur = 64;
            QCOMPARE(::setrlimit(RLIMIT_NOFILE, &limit), 0);
        }
        const long raised = Duplex::raiseOpenFileLimit();
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
        QCOMPARE(raised, long(limit.rlim_max));
        QCOMPARE(limit.rlim_cur, limit.rlim_max);
    }
};

QTEST_GUILESS_MAIN(tst_ProcessLimits)
#include "tst_processlimits.moc"
