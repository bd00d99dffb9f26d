// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "client/certificatetrust.h"

using namespace Duplex;

class tst_CertificateTrust : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void remembersOnlyWhatItIsToldToPerHostAndFingerprint()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"trust.ini"_qs), QSettings::IniFormat);
        const QByteArray room = QByteArray(32, '\x01');
        const QByteArray other = QByteArray(32, '\x02');
        {
            CertificateTrust trust(&settings);
            QVERIFY(!trust.isTrusted(u"192.0.2.1:443"_qs, room));
            trust.trust(u"192.0.2.1:443"_qs, room, true);
            trust.trust(u"[::1]:8443"_qs, other, false); // for this run only
            QVERIFY(trust.isTrusted(u"192.0.2.1:443"_qs, room));
            QVERIFY(trust.isTrusted(u"[::1]:8443"_qs, other));
            QVERIFY(!trust.isTrusted(u"192.0.2.1:443"_qs, other)); // another certificate on the same host
            QVERIFY(!trust.isTrusted(u"192.0.2.1:444"_qs, room));  // the same certificate elsewhere
        }
        CertificateTrust later(&settings);
        QVERIFY(later.isTrusted(u"192.0.2.1:443"_qs, room));
        QVERIFY(!later.isTrusted(u"[::1]:8443"_qs, other));
    }

    void describesACertificateAsBrowsersDo()
    {
        CertificateInfo info;
        info.sha256 = QByteArray::fromHex("00ff10");
        QCOMPARE(info.fingerprint(), u"00:FF:10"_qs);
    }
};

QTEST_GUILESS_MAIN(tst_CertificateTrust)
#include "tst_certificatetrust.moc"
