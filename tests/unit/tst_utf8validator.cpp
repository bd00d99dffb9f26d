// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "wire/utf8validator.h"

using namespace Duplex;

class tst_Utf8Validator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void judgesEachSequence_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("firstBadByte"); // -1: valid all through
        QTest::addColumn<bool>("complete");    // ends on a character boundary
        QTest::newRow("empty") << QByteArray() << -1 << true;
        QTest::newRow("ASCII") << QByteArray("plain text") << -1 << true;
        QTest::newRow("two bytes: é") << QByteArray("\xc3\xa9") << -1 << true;
        QTest::newRow("three bytes: €") << QByteArray("\xe2\x82\xac") << -1 << true;
        QTest::newRow("four bytes: 😀") << QByteArray("\xf0\x9f\x98\x80") << -1 << true;
        QTest::newRow("U+10FFFF, the last") << QByteArray("\xf4\x8f\xbf\xbf") << -1 << true;
        QTest::newRow("noncharacter U+FFFF") << QByteArray("\xef\xbf\xbf") << -1 << true;
        QTest::newRow("cut inside a character") << QByteArray("ok\xe2\x82") << -1 << false;
        QTest::newRow("stray continuation") << QByteArray("a\x80") << 1 << false;
        QTest::newRow("overlong two bytes") << QByteArray("\xc0\xaf") << 0 << false;
        QTest::newRow("overlong three bytes") << QByteArray("\xe0\x80\xaf") << 1 << false;
        QTest::newRow("overlong four bytes") << QByteArray("\xf0\x80\x80\xaf") << 1 << false;
        QTest::newRow("surrogate U+D800") << QByteArray("\xed\xa0\x80") << 1 << false;
        QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << 1 << false;
        QTest::newRow("F5 never starts a character") << QByteArray("\xf5\x80\x80\x80") << 0 << false;
        QTest::newRow("FF never appears") << QByteArray("x\xff") << 1 << false;
        QTest::newRow("a new start inside a character") << QByteArray("\xe2\x82\x41") << 2 << false;
        QTest::newRow("valid after invalid stays failed") << QByteArray("\x80valid") << 0 << false;
    }
    void judgesEachSequence()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, firstBadByte);
        QFETCH(bool, complete);

        Utf8Validator whole;
        QCOMPARE(whole.feed(bytes), firstBadByte < 0);
        QCOMPARE(whole.isComplete(), complete);
        QCOMPARE(whole.hasFailed(), firstBadByte >= 0);
        QCOMPARE(Utf8Validator::isValid(bytes), complete);

        // Fed a byte at a time, it fails at the first byte that cannot belong to valid UTF-8, and stays failed.
        Utf8Validator piecewise;
        for (qsizetype i = 0; i < bytes.size(); ++i)
            QCOMPARE(piecewise.feed(bytes.sliced(i, 1)), firstBadByte < 0 || i < firstBadByte);
        QCOMPARE(piecewise.isComplete(), complete);

        piecewise.reset();
        QVERIFY(piecewise.isComplete());
        QVERIFY(piecewise.feed("fresh"));
    }
};

QTEST_GUILESS_MAIN(tst_Utf8Validator)
#include "tst_utf8validator.moc"
