// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>

class QChart;
class QPalette;
class QWidget;

// Colours that read on whatever the palette is: the app's accents are chosen for a light palette, and a dark one
// (Breeze Dark, a dark GTK theme) would leave dark green or red text on a near-black row.
namespace Duplex::Contrast {

// The app's accents as chosen for a light palette: pass them through readable() for the palette in use.
namespace Accent {
constexpr QRgb failure = 0x9c0006;     // a protocol violation, a refusal, an error
constexpr QRgb success = 0x1b6b2f;     // the server's frames, a handshake that checks out
constexpr QRgb control = 0x2b4a7a;     // control frames
constexpr QRgb aside = 0x757575;       // what the chat says of the room rather than what members wrote
constexpr QRgb frameHeader = 0x1f5fbf; // a frame's header bytes
constexpr QRgb maskingKey = 0xd07000;  // its masking key's
constexpr QRgb failureWash = 0xf03c3c; // hues for tinted() backgrounds of the same
constexpr QRgb successWash = 0x4caf50;
constexpr QRgb controlWash = 0x7496c8;
} // namespace Accent

// The contrast ratio of WCAG 2 between two colours, from 1 (the same) to 21 (black and white).
double ratio(const QColor &a, const QColor &b);

// WCAG AA for text.
constexpr double readableRatio = 4.5;

// ink as it is if it reads on background; otherwise of the same hue, darker or lighter by as little as it takes.
QColor readable(const QColor &ink, const QColor &background);

// Gives widget's text (WindowText) the failure accent, readable on background: an error, a refusal, a problem.
void inkAsFailure(QWidget &widget, const QColor &background);

// Gives chart Qt Charts' dark theme on a dark palette (one whose windows white text reads on better than black),
// the light one otherwise; true if that changed it, which also gave each of its series the theme's colours.
bool themeChart(QChart &chart, const QPalette &palette);

// background with amount (0 to 1) of hue mixed in: a faint wash of the hue on a light palette and a dark one alike.
QColor tinted(const QColor &background, const QColor &hue, double amount);

} // namespace Duplex::Contrast
