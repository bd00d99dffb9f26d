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
        Q_EMIT membersChanged();
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
    Q_EMIT membersChanged();
}

void RoomHost::removeMember(const QString &nick)
{
    m_members.removeIf([&nick](const RoomMember &member) { return member.nick == nick; });
    Q_EMIT membersChanged();
}

void RoomHost::renameMember(const QString &from, const QString &to)
{
    for (RoomMember &member : m_members) {
        if (member.nick == from)
            member.nick = to;
    }
    Q_EMIT membersChanged();
}

} // namespace Duplex
