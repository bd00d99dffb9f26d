// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "server/passwordguesses.h"

using namespace Duplex;
using namespace std::chrono_literals;

class tst_PasswordGuesses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // An address waits from its tenth wrong password to the end of the window its first began, then starts afresh;
    // other addresses never wait for it.
    void holdsOffAnAddressForTheRestOfItsWindow()
    {
        PasswordGuesses guesses(300ms);
        const QHostAddress guesser(QHostAddress::LocalHost);
        const QHostAddress other(QHostAddress::LocalHostIPv6);
        for (int i = 0; i < PasswordGuesses::maxWrong - 1; ++i)
            guesses.countWrong(guesser);
        QCOMPARE(guesses.wait(guesser), 0ms);
        guesses.countWrong(guesser);
        const auto wait = guesses.wait(guesser);
        QVERIFY2(wait > 0ms && wait <= 300ms, qPrintable(QString::number(wait.count())));
        QCOMPARE(guesses.wait(other), 0ms);
        QTRY_COMPARE_WITH_TIMEOUT(guesses.wait(guesser), 0ms, 2000);
        guesses.countWrong(guesser); // a new window, one wrong password in it
        QCOMPARE(guesses.wait(guesser), 0ms);
    }
};

QTEST_GUILESS_MAIN(tst_PasswordGuesses)
#include "tst_passwordguesses.moc"
