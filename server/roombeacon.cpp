// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/roombeacon.h"

namespace Duplex {

RoomBeacon::RoomBeacon(const QHostAddress &bound, const RoomAnnouncement::Room &room, QObject *parent)
    : QObject(parent)
    , m_bound(bound)
    , m_datagram(RoomAnnouncement::encode(room))
{
    // From the room's own address: a room on one interface speaks on that one only. A room on "any" speaks IPv4 from
    // any: a socket of both protocols would take the multicast options below as IPv6's (Qt sets IPV6_MULTICAST_IF).
    m_socket.bind(bound == QHostAddress::Any ? QHostAddress(QHostAddress::AnyIPv4) : bound, 0);
    m_socket.setSocketOption(QAbstractSocket::MulticastTtlOption, 1);      // this network, never beyond a router
    m_socket.setSocketOption(QAbstractSocket::MulticastLoopbackOption, 1); // this computer's Duplex hears it too
    connect(&m_timer, &QTimer::timeout, this, &RoomBeacon::announce);
    m_timer.start(RoomAnnouncement::interval);
    announce();
}

void RoomBeacon::announce()
{
    for (const QNetworkInterface &interface : RoomAnnouncement::interfacesFor(m_bound)) {
        m_socket.setMulticastInterface(interface);
        m_socket.writeDatagram(m_datagram, RoomAnnouncement::group, RoomAnnouncement::udpPort);
    }
}

} // namespace Duplex
