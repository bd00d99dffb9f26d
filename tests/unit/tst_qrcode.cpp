// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "support/qrreader.h"
#include "ui/qrcode.h"

using namespace Duplex;

class tst_QrCode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // What the Host panel shows a phone, read back by an independent reader, at the size the panel draws it.
    void anAddressReadsBack_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("IPv4") << QByteArray("http://192.168.1.20:8080/");
        QTest::newRow("IPv6") << QByteArray("http://[fe80::1c2d:3eff:fe4f:5a6b]:8080/");
        QTest::newRow("long") << QByteArray("http://192.168.1.20:8080/?transport=long-poll&x=" + QByteArray(200, 'a'));
    }
    void anAddressReadsBack()
    {
        QFETCH(QByteArray, text);
        const QImage code = qrCode(text);
        QVERIFY(!code.isNull());
        QCOMPARE(code.width(), code.height());
        QCOMPARE(code.pixel(0, 0), qRgb(255, 255, 255)); // the quiet zone
        QCOMPARE(code.pixel(4, 4), qRgb(0, 0, 0));       // a finder pattern's corner
        QCOMPARE(Test::readQrCode(code.scaled(code.size() * 4)), QString::fromUtf8(text));
    }

    void theSmallestCodeThatHoldsTheText()
    {
        QCOMPARE(qrCode("http://10.0.0.2:8080/").width(), 25 + 8); // version 2 and the quiet zone
    }

    void tooMuchForAnyCodeIsNull()
    {
        QVERIFY(qrCode(QByteArray(4000, 'a')).isNull()); // version 40 at level M holds 2331 bytes
    }
};

QTEST_GUILESS_MAIN(tst_QrCode)
#include "tst_qrcode.moc"
