// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include <sys/resource.h>
#include <unistd.h>

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

    void keepsTheHeapTopForTheNextMessage()
    {
#ifdef DUPLEX_SANITIZE
        QSKIP("AddressSanitizer's allocator stands in for glibc's here; the build without it checks this");
#endif
        QVERIFY(Duplex::keepHeapTop());
        // Blocks of 64 KiB, as messages are, come from the heap's top; freed, the heap keeps them for the next ones.
        std::vector<char *> blocks(16);
        for (char *&block : blocks)
            block = static_cast<char *>(std::malloc(64 << 10));
        const char *first = blocks.front();
        for (char *block : blocks)
            std::free(block);
        QVERIFY(static_cast<char *>(::sbrk(0)) - first >= Duplex::topPadBytes);
    }
};

QTEST_GUILESS_MAIN(tst_ProcessLimits)
#include "tst_processlimits.moc"
