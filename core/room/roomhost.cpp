// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "room/roomhost.h"

namespace Duplex {

void RoomHost::setState(State state)
{
    if (std::exchange(m_state, state) == state)
        return;
    if (state == State::Stopped && !m_members.isEmpty()) {
        m_members.clear();
        Q_EMIT membersCleared();
    }
    Q_EMIT stateChanged(state);
}

void RoomHost::setListening(quint16 port, const QList<QUrl> &urls)
{
    m_port = port;
    m_urls = urls;
    m_messagesPosted = 0;
}

void RoomHost::addMember(const RoomMember &member)
{
    m_members.append(member);
    Q_EMIT memberAdded(int(m_members.size() - 1));
}

qsizetype RoomHost::indexOf(const QString &nick) const
{
    const auto it = std::find_if(
        m_members.cbegin(), m_members.cend(), [&nick](const RoomMember &member) { return member.nick == nick; });
    return it == m_members.cend() ? -1 : it - m_members.cbegin();
}

void RoomHost::removeMember(const QString &nick)
{
    if (const qsizetype index = indexOf(nick); index >= 0) {
        const RoomMember member = m_members.takeAt(index);
        Q_EMIT memberRemoved(int(index), member);
    }
}

void RoomHost::renameMember(const QString &from, const QString &to)
{
    if (const qsizetype index = indexOf(from); index >= 0) {
        m_members[index].nick = to;
        Q_EMIT memberRenamed(int(index), from);
    }
}

} // namespace Duplex
