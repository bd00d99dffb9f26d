// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "handshake.h"

class tst_Handshake : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptMatchesRfc6455Example()
    {
        // RFC 6455 §1.3.
        QCOMPARE(Duplex::Handshake::acceptFor("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    void validatesKeys_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<bool>("valid");
        QTest::newRow("rfc example") << QByteArray("dGhlIHNhbXBsZSBub25jZQ==") << true;
        QTest::newRow("random 16 bytes") << QByteArray::fromHex("00112233445566778899aabbccddeeff").toBase64() << true;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("not base64") << QByteArray("!!!!!!!!!!!!!!!!!!!!!!==") << false;
        QTest::newRow("15 bytes") << QByteArray(15, 'x').toBase64() << false;
        QTest::newRow("17 bytes") << QByteArray(17, 'x').toBase64() << false;
        QTest::newRow("no padding") << QByteArray("dGhlIHNhbXBsZSBub25jZQ") << false;
        QTest::newRow("non-canonical padding bits") << QByteArray("dGhlIHNhbXBsZSBub25jZR==") << false;
        QTest::newRow("short word") << QByteArray("abc") << false;
    }
    void validatesKeys()
    {
        QFETCH(QByteArray, key);
        QFETCH(bool, valid);
        QCOMPARE(Duplex::Handshake::isValidKey(key), valid);
    }
};

QTEST_GUILESS_MAIN(tst_Handshake)
#include "tst_handshake.moc"
