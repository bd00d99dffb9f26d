// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/roomfinder.h"

#include <QNetworkDatagram>

namespace Duplex {

QUrl FoundRoom::page() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(address.toString());
    url.setPort(room.port);
    url.setPath(QStringLiteral("/"));
    return url;
}

RoomFinder::RoomFinder(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QUdpSocket::readyRead, this, &RoomFinder::read);
    connect(&m_sweep, &QTimer::timeout, this, [this] {
        forgetSilentRooms();
        joinNewInterfaces();
    });
}

bool RoomFinder::start()
{
    // Bound to the group itself, not to "any": only announcements arrive, and nothing else of the port's.
    if (!m_socket.bind(RoomAnnouncement::group, RoomAnnouncement::udpPort,
            QAbstractSocket::ShareAddress | QAbstractSocket::ReuseAddressHint))
        return false;
    joinNewInterfaces();
    m_sweep.start(RoomAnnouncement::interval);
    return true;
}

void RoomFinder::joinNewInterfaces()
{
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces()) {
        const auto flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) || !flags.testFlag(QNetworkInterface::CanMulticast)
            || m_joined.contains(interface.index()))
            continue;
        if (m_socket.joinMulticastGroup(RoomAnnouncement::group, interface))
            m_joined.insert(interface.index());
    }
}

void RoomFinder::read()
{
    bool changed = false;
    while (m_socket.hasPendingDatagrams()) {
        const QNetworkDatagram datagram = m_socket.receiveDatagram(RoomAnnouncement::maxBytes + 1);
        const std::optional<RoomAnnouncement::Room> room = RoomAnnouncement::decode(datagram.data());
        if (!room)
            continue;
        const FoundRoom found {QHostAddress(datagram.senderAddress().toIPv4Address()), *room};
        const auto known = std::find_if(m_rooms.begin(), m_rooms.end(),
            [&found](const FoundRoom &r) { return r.address == found.address && r.room.port == found.room.port; });
        if (known == m_rooms.end() && m_rooms.size() >= maxRooms)
            continue;
        if (known == m_rooms.end()) {
            m_rooms.append(found);
            m_heardUntil.append(QDeadlineTimer(RoomAnnouncement::lifetime));
            changed = true;
            continue;
        }
        m_heardUntil[known - m_rooms.begin()] = QDeadlineTimer(RoomAnnouncement::lifetime);
        if (known->room != found.room) { // renamed, or a password set: a room started again
            *known = found;
            changed = true;
        }
    }
    if (changed)
        Q_EMIT roomsChanged();
}

void RoomFinder::forgetSilentRooms()
{
    bool changed = false;
    for (qsizetype i = m_rooms.size() - 1; i >= 0; --i) {
        if (m_heardUntil[i].hasExpired()) {
            m_rooms.removeAt(i);
            m_heardUntil.removeAt(i);
            changed = true;
        }
    }
    if (changed)
        Q_EMIT roomsChanged();
}

} // namespace Duplex
