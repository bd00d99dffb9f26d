// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <algorithm>
#include <deque>

namespace Duplex {

// The files a room's members shared, held in memory while the room runs: the newest within a budget of bytes, which
// the files still arriving count against too. Each is found by a token nobody can guess (128 random bits), which
// its URL carries: whoever the room showed the file to can fetch it, nobody else can find it.
class FileShelf
{
public:
    struct File
    {
        QByteArray bytes;
        QString name;
        QString mime;
    };
    // What a file counts against the budget at least: its bookkeeping, so that a flood of tiny files is bounded too.
    static constexpr qint64 minimumCharge = 4 << 10;

    explicit FileShelf(qint64 budget)
        : m_budget(budget)
    { }

    // Makes room for size bytes about to arrive, forgetting the oldest files as needed; false when the files
    // arriving already take too much of the budget for these to fit.
    bool reserve(qint64 size);
    // Gives back what reserve() took, for bytes that did not all come.
    void release(qint64 size) { m_arriving -= charge(size); }
    // The reserved bytes arrived: held from now on, under the token returned.
    QByteArray shelve(File file);
    const File *find(const QByteArray &token) const;
    qsizetype count() const { return m_files.size(); }

private:
    static qint64 charge(qint64 size) { return std::max(size, minimumCharge); }

    qint64 m_budget;
    qint64 m_arriving = 0; // reserved, not shelved yet
    qint64 m_held = 0;
    QHash<QByteArray, File> m_files;
    std::deque<QByteArray> m_order; // the tokens, oldest first
};

} // namespace Duplex
