// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QApplication>
#include <QImage>
#include <QPalette>
#include <QStyle>

#include <algorithm>

#include "ui/contrast.h"

// Whether what a widget paints reads, on the palettes a person may run the app in (for widget tests, which link
// duplex_ui).
namespace Duplex::Test {

// Qt's light default, or a dark one as Breeze Dark gives.
inline QPalette paletteNamed(const QString &name)
{
    if (name == u"light")
        return QApplication::style()->standardPalette();
    QPalette dark(QColor(0x31, 0x36, 0x3b), QColor(0x23, 0x26, 0x29)); // button, window
    dark.setColor(QPalette::Base, QColor(0x1b, 0x1e, 0x20));
    dark.setColor(QPalette::AlternateBase, QColor(0x23, 0x26, 0x29));
    dark.setColor(QPalette::Text, QColor(0xfc, 0xfc, 0xfc));
    dark.setColor(QPalette::WindowText, QColor(0xfc, 0xfc, 0xfc));
    for (const auto role : {QPalette::Text, QPalette::WindowText}) // greyed, as Breeze Dark's inactive items are
        dark.setColor(QPalette::Disabled, role, QColor(0x6e, 0x71, 0x75));
    return dark;
}

// How well the text in area of a picture reads: the contrast with the area's background (its first pixel, in the
// padding) of the pixel that stands out most, the full ink of a glyph's stem in a large font.
inline double inkContrast(const QImage &picture, const QRect &area)
{
    const QColor background = picture.pixelColor(area.topLeft());
    double most = 1;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x)
            most = std::max(most, Contrast::ratio(picture.pixelColor(x, y), background));
    }
    return most;
}

} // namespace Duplex::Test
