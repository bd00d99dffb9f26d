// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// Two messages compared line by line, as `diff -u` and Burp's Comparer show them: the fewest lines removed and
// added that turn one into the other (Myers' algorithm), with the lines both share between them.
namespace Duplex::MessageDiff {

struct Line
{
    enum class Kind : quint8 { Same, Removed, Added };
    Kind kind = Kind::Same;
    QString text;
    friend bool operator==(const Line &, const Line &) = default;
};

struct Result
{
    QList<Line> lines;
    int removed = 0;
    int added = 0;
    // False when the messages differ by more than the edits compare() looks for: the lines between their common
    // start and end are then shown as all removed, then all added.
    bool aligned = true;
};

// What a message is compared by. Text by its lines; JSON, when asked and it is JSON, formatted (each object's keys
// in order, one value a line), so that two messages differ only where their values do; binary as hex, 16 bytes a
// line.
QStringList linesOf(const QByteArray &payload, bool text, bool formatJson);

constexpr int defaultMaxEdits = 2000; // lines removed and added; time and memory grow with their square
Result compare(const QStringList &before, const QStringList &after, int maxEdits = defaultMaxEdits);

} // namespace Duplex::MessageDiff
