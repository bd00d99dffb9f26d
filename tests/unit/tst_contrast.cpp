// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "ui/contrast.h"

using namespace Duplex;

class tst_Contrast : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The figures WCAG's own examples give.
    void ratioIsWcags()
    {
        QCOMPARE(Contrast::ratio(Qt::black, Qt::white), 21.0);
        QCOMPARE(Contrast::ratio(Qt::white, Qt::black), 21.0);
        QCOMPARE(Contrast::ratio(QColor(0x75, 0x75, 0x75), QColor(0x75, 0x75, 0x75)), 1.0);
        QCOMPARE(qRound(Contrast::ratio(QColor(0x77, 0x77, 0x77), Qt::white) * 100), 448); // just short of AA
        QCOMPARE(qRound(Contrast::ratio(QColor(0x76, 0x76, 0x76), Qt::white) * 100), 454);
    }

    // An accent that reads on the background is kept as it is; one that does not comes back of the same hue,
    // readable, and no further from what it was than it has to be.
    void readableKeepsTheHueAndChangesNoMoreThanItMust_data()
    {
        QTest::addColumn<QColor>("background");
        QTest::newRow("white") << QColor(Qt::white);
        QTest::newRow("light grey") << QColor(0xef, 0xef, 0xef);
        QTest::newRow("mid grey") << QColor(0x77, 0x77, 0x77);
        QTest::newRow("Breeze Dark") << QColor(0x23, 0x26, 0x29);
        QTest::newRow("black") << QColor(Qt::black);
        QTest::newRow("dark red") << QColor(0x4a, 0x10, 0x10);
    }
    void readableKeepsTheHueAndChangesNoMoreThanItMust()
    {
        QFETCH(QColor, background);
        for (int hue = 0; hue < 360; hue += 15) {
            for (const int lightness : {40, 90, 128, 170, 220}) {
                const QColor ink = QColor::fromHsl(hue, 200, lightness);
                const QColor shown = Contrast::readable(ink, background);
                const QString what = QStringLiteral("%1 on %2 → %3").arg(ink.name(), background.name(), shown.name());
                QVERIFY2(Contrast::ratio(shown, background) >= Contrast::readableRatio, qPrintable(what));
                if (Contrast::ratio(ink, background) >= Contrast::readableRatio) {
                    QCOMPARE(shown, ink);
                    continue;
                }
                const bool nearBlackOrWhite = shown.lightness() < 16 || shown.lightness() > 240; // 8 bits lose hue
                QVERIFY2(qAbs(shown.toHsl().hslHue() - hue) <= 2 || nearBlackOrWhite, qPrintable(what));
                // A step less would not read: the search stopped at the nearest lightness that does.
                const QColor nearer = QColor::fromHslF(shown.toHsl().hslHueF(), shown.toHsl().hslSaturationF(),
                    shown.toHsl().lightnessF() + (shown.lightness() < ink.lightness() ? 0.01f : -0.01f));
                QVERIFY2(Contrast::ratio(nearer, background) < Contrast::readableRatio, qPrintable(what));
            }
        }
    }

    void aGreyStaysGrey()
    {
        const QColor shown = Contrast::readable(QColor(0x75, 0x75, 0x75), QColor(0x1e, 0x1e, 0x1e));
        QVERIFY(Contrast::ratio(shown, QColor(0x1e, 0x1e, 0x1e)) >= Contrast::readableRatio);
        QCOMPARE(shown.red(), shown.green());
        QCOMPARE(shown.green(), shown.blue());
    }

    void tintedMixes()
    {
        QCOMPARE(Contrast::tinted(Qt::white, Qt::black, 0).name(), u"#ffffff");
        QCOMPARE(Contrast::tinted(Qt::white, Qt::black, 1).name(), u"#000000");
        QCOMPARE(Contrast::tinted(Qt::white, QColor(0xf0, 0x3c, 0x3c), 0.2).name(), u"#fcd8d8");
        QCOMPARE(Contrast::tinted(QColor(0x23, 0x26, 0x29), QColor(0xf0, 0x3c, 0x3c), 0.2).name(), u"#4c2a2d");
    }
};

QTEST_GUILESS_MAIN(tst_Contrast)
#include "tst_contrast.moc"
