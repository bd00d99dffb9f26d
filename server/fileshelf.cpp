// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/fileshelf.h"

#include <QRandomGenerator>

namespace Duplex {

bool FileShelf::reserve(qint64 size)
{
    const qint64 needed = charge(size);
    if (m_arriving + needed > m_budget)
        return false;
    while (m_arriving + m_held + needed > m_budget) {
        m_held -= charge(m_files.take(m_order.front()).bytes.size());
        m_order.pop_front();
    }
    m_arriving += needed;
    return true;
}

QByteArray FileShelf::shelve(File file)
{
    quint32 random[4];
    QRandomGenerator::system()->fillRange(random);
    const QByteArray token = QByteArray(reinterpret_cast<const char *>(random), sizeof random).toHex();
    const qint64 charged = charge(file.bytes.size());
    m_arriving -= charged;
    m_held += charged;
    m_files.insert(token, std::move(file));
    m_order.push_back(token);
    return token;
}

const FileShelf::File *FileShelf::find(const QByteArray &token) const
{
    const auto it = m_files.constFind(token);
    return it == m_files.cend() ? nullptr : &*it;
}

} // namespace Duplex
