// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/contrast.h"

#include <QChart>
#include <QPalette>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace Duplex::Contrast {

namespace {

// Relative luminance (WCAG 2): sRGB channels made linear, weighted as the eye weighs them.
double luminance(const QColor &colour)
{
    const auto linear = [](float channel) {
        return channel <= 0.04045f ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = colour.toRgb();
    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF());
}

// Black and white have the same ratio on a background of this luminance; above it black reads better.
constexpr double evenLuminance = 0.179;

} // namespace

double ratio(const QColor &a, const QColor &b)
{
    const double one = luminance(a);
    const double other = luminance(b);
    return (std::max(one, other) + 0.05) / (std::min(one, other) + 0.05);
}

QColor readable(const QColor &ink, const QColor &background)
{
    if (ratio(ink, background) >= readableRatio)
        return ink;
    // Darker on a light background, lighter on a dark one: that side always reaches 4.58 at its end (black or white),
    // so a search of the lightness between ink's and that end finds the nearest that reads.
    const bool darken = luminance(background) > evenLuminance;
    const QColor hsl = ink.toHsl();
    const auto shade = [&hsl](double lightness) { // in the 8 bits a channel that is painted has
        return QColor(QColor::fromHslF(hsl.hslHueF(), hsl.hslSaturationF(), float(lightness)).rgb());
    };
    double reads = darken ? 0 : 1; // the lightness known to read, and the one known not to
    double fails = hsl.lightnessF();
    for (int step = 0; step < 16; ++step) {
        const double middle = (reads + fails) / 2;
        (ratio(shade(middle), background) >= readableRatio ? reads : fails) = middle;
    }
    return shade(reads);
}

void inkAsFailure(QWidget &widget, const QColor &background)
{
    QPalette palette = widget.palette();
    palette.setColor(QPalette::WindowText, readable(Accent::failure, background));
    widget.setPalette(palette);
}

bool themeChart(QChart &chart, const QPalette &palette)
{
    const bool dark = luminance(palette.color(QPalette::Window)) < evenLuminance;
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart.theme() == theme)
        return false;
    chart.setTheme(theme);
    return true;
}

QColor tinted(const QColor &background, const QColor &hue, double amount)
{
    const auto mix = [amount](float from, float to) { return float(from + (to - from) * amount); };
    const QColor a = background.toRgb();
    const QColor b = hue.toRgb();
    return QColor(QColor::fromRgbF(mix(a.redF(), b.redF()), mix(a.greenF(), b.greenF()), mix(a.blueF(), b.blueF()))
                      .rgb()); // in 8 bits, as it is painted and as readable() must judge it
}

} // namespace Duplex::Contrast
