// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QNetworkInterface>
#include <QString>

#include <chrono>
#include <optional>

// How a room shared on the LAN makes itself known to Duplex on the same networks (docs/protocol.md, "Finding rooms"):
// a UDP datagram to an organisation-local multicast group every interval, which routers do not forward (TTL 1).
namespace Duplex::RoomAnnouncement {

inline const QHostAddress group {QStringLiteral("239.255.77.77")}; // RFC 2365's scope for a site's own use
constexpr quint16 udpPort = 49877;                                 // where announcements go
constexpr std::chrono::milliseconds interval {2000};
// A room not heard for this long is gone: three announcements missed, one lost datagram forgiven.
constexpr std::chrono::milliseconds lifetime = 3 * interval + interval / 2;
constexpr qsizetype maxBytes = 512; // a datagram over this is not an announcement
constexpr qsizetype maxNameLength = 64;

// What a room says of itself; where it is (the sender's address) the datagram says.
struct Room
{
    QString name;     // the host's computer, as people know it on the LAN
    quint16 port = 0; // where its page and /chat are, on the sender's address
    bool password = false;

    bool operator==(const Room &) const = default;
};

QByteArray encode(const Room &room);
// The room a datagram announces; nothing for anything else (another program's datagram, a damaged one).
std::optional<Room> decode(QByteArrayView datagram);

// The interfaces a room bound to address announces on: that address's interface, or for "any" every interface
// that is up and can multicast, loopback aside (a room on loopback is this computer's only).
QList<QNetworkInterface> interfacesFor(const QHostAddress &bound);

} // namespace Duplex::RoomAnnouncement
