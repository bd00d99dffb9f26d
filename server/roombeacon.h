// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>
#include <QUdpSocket>

#include "room/roomannouncement.h"

namespace Duplex {

// A room shared on the LAN says so to Duplex on the same networks (RoomAnnouncement): at once, then every interval,
// on each interface its bound address reaches (those that come up later too), from that address.
class RoomBeacon final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoomBeacon)

public:
    RoomBeacon(const QHostAddress &bound, const RoomAnnouncement::Room &room, QObject *parent = nullptr);

private:
    void announce();

    QHostAddress m_bound;
    QByteArray m_datagram;
    QUdpSocket m_socket;
    QTimer m_timer;
};

} // namespace Duplex
