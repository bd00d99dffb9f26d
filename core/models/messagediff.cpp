// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/messagediff.h"

#include <QJsonDocument>

#include <algorithm>
#include <optional>
#include <vector>

namespace Duplex::MessageDiff {

QStringList linesOf(const QByteArray &payload, bool text, bool formatJson)
{
    if (!text) {
        QStringList lines;
        for (qsizetype at = 0; at < payload.size(); at += 16)
            lines << QString::fromLatin1(payload.mid(at, 16).toHex(' '));
        return lines;
    }
    if (formatJson) {
        const QJsonDocument json = QJsonDocument::fromJson(payload);
        if (!json.isNull())
            return QString::fromUtf8(json.toJson(QJsonDocument::Indented)).trimmed().split(u'\n');
    }
    return QString::fromUtf8(payload).split(u'\n');
}

Result compare(const QStringList &before, const QStringList &after, int maxEdits)
{
    Result result;
    const auto add = [&result](Line::Kind kind, const QString &text) {
        result.lines.append({kind, text});
        result.removed += kind == Line::Kind::Removed;
        result.added += kind == Line::Kind::Added;
    };
    // The common start and end cost nothing to align, and are most of two messages of one kind.
    qsizetype start = 0;
    while (start < before.size() && start < after.size() && before[start] == after[start])
        ++start;
    qsizetype end = 0;
    while (end < before.size() - start && end < after.size() - start
        && before[before.size() - 1 - end] == after[after.size() - 1 - end])
        ++end;
    const qsizetype n = before.size() - start - end;
    const qsizetype m = after.size() - start - end;
    const auto a = [&](qsizetype i) -> const QString & { return before[start + i]; };
    const auto b = [&](qsizetype j) -> const QString & { return after[start + j]; };

    // Myers: for each number of edits d, the furthest x reached on each diagonal k = x - y. What step d read is kept
    // for the way back: diagonals -d-1..d+1, from index 0.
    const int most = int(std::min<qsizetype>(n + m, maxEdits));
    const int offset = most + 1;
    std::vector<int> furthest(size_t(2 * offset + 1), 0);
    std::vector<std::vector<int>> read;
    std::optional<int> edits;
    for (int d = 0; d <= most && !edits; ++d) {
        read.emplace_back(furthest.begin() + offset - d - 1, furthest.begin() + offset + d + 2);
        for (int k = -d; k <= d; k += 2) {
            int &here = furthest[size_t(offset + k)];
            const int below = furthest[size_t(offset + k - 1)];
            const int above = furthest[size_t(offset + k + 1)];
            int x = k == -d || (k != d && below < above) ? above : below + 1;
            int y = x - k;
            while (x < n && y < m && a(x) == b(y))
                ++x, ++y;
            here = x;
            if (x >= n && y >= m) {
                edits = d;
                break;
            }
        }
    }

    for (qsizetype i = 0; i < start; ++i)
        add(Line::Kind::Same, before[i]);
    if (!edits) {
        result.aligned = false;
        for (qsizetype i = 0; i < n; ++i)
            add(Line::Kind::Removed, a(i));
        for (qsizetype j = 0; j < m; ++j)
            add(Line::Kind::Added, b(j));
    } else {
        // Back from the end: each step's run of shared lines, then the edit that led to it.
        QList<Line> middle;
        int x = int(n);
        int y = int(m);
        for (int d = *edits; d >= 0; --d) {
            const std::vector<int> &v = read[size_t(d)];
            const auto reached = [&](int k) { return v[size_t(k + d + 1)]; };
            const int k = x - y;
            const bool down = k == -d || (k != d && reached(k - 1) < reached(k + 1));
            const int previousK = down ? k + 1 : k - 1;
            const int previousX = reached(previousK);
            const int previousY = previousX - previousK;
            while (x > previousX && y > previousY) {
                middle.append({Line::Kind::Same, a(--x)});
                --y;
            }
            if (d == 0)
                break;
            if (x == previousX)
                middle.append({Line::Kind::Added, b(--y)});
            else
                middle.append({Line::Kind::Removed, a(--x)});
        }
        std::for_each(middle.crbegin(), middle.crend(), [&](const Line &line) { add(line.kind, line.text); });
    }
    for (qsizetype i = before.size() - end; i < before.size(); ++i)
        add(Line::Kind::Same, before[i]);
    return result;
}

} // namespace Duplex::MessageDiff
