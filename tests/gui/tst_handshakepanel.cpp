// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The Handshake tab's check of Sec-WebSocket-Accept, passed or failed, readable on a light palette and a dark one.
#include <QLabel>
#include <QTest>

#include "models/connectionlistmodel.h"
#include "support/legibility.h"
#include "ui/handshakepanel.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

class tst_HandshakePanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theCheckReadsOnLightAndDarkPalettes_data()
    {
        QTest::addColumn<QString>("shownOn");
        QTest::addColumn<QString>("palette");
        QTest::addColumn<QByteArray>("accept");
        QTest::addColumn<QString>("verdict");
        // RFC 6455 §1.3's example key and the answer it calls for.
        const QByteArray right = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
        const QByteArray wrong = "not+the+answer+at+all+xx=";
        QTest::newRow("light, passed") << u"light"_s << u"light"_s << right << u"PASS"_s;
        QTest::newRow("light, failed") << u"light"_s << u"light"_s << wrong << u"FAIL"_s;
        QTest::newRow("dark, passed") << u"dark"_s << u"dark"_s << right << u"PASS"_s;
        QTest::newRow("dark, failed") << u"dark"_s << u"dark"_s << wrong << u"FAIL"_s;
        // The desktop turns dark or light while the check is shown.
        QTest::newRow("light, then dark") << u"light"_s << u"dark"_s << wrong << u"FAIL"_s;
        QTest::newRow("dark, then light") << u"dark"_s << u"light"_s << right << u"PASS"_s;
    }
    void theCheckReadsOnLightAndDarkPalettes()
    {
        QFETCH(QString, shownOn);
        QFETCH(QString, palette);
        QFETCH(QByteArray, accept);
        QFETCH(QString, verdict);
        ConnectionListModel connections;
        connections.observe({100, 3, ConnectionOpened {u"127.0.0.1:41260"_s, "/chat"}});
        connections.observe({200, 3,
            HandshakeExchanged {"GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Accept: "
                    + accept + "\r\n\r\n"}});
        HandshakePanel panel(connections);
        panel.setPalette(Test::paletteNamed(shownOn));
        QFont large = panel.font();
        large.setPixelSize(40);
        panel.acceptCheck()->setFont(large);
        panel.resize(1600, 1000);
        panel.show();
        panel.setConnection(3);
        panel.setPalette(Test::paletteNamed(palette));
        QLabel *check = panel.acceptCheck();
        QVERIFY2(check->text().contains(verdict), qPrintable(check->text()));
        const QImage picture = check->grab().toImage();
        const double contrast = Test::inkContrast(picture, picture.rect().adjusted(1, 1, -1, -1));
        QVERIFY2(contrast >= Contrast::readableRatio, qPrintable(QString::number(contrast)));
        // The box stands apart from the pane around it, light or dark alike: a wash, not a white block on black.
        const QColor box = picture.pixelColor(1, 1);
        const QColor base = panel.palette().color(QPalette::Base);
        QVERIFY2(Contrast::ratio(box, base) < 1.5, qPrintable(box.name() + u" on "_s + base.name()));
        QVERIFY(box != base);
    }
};

QTEST_MAIN(tst_HandshakePanel)
#include "tst_handshakepanel.moc"
