// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUdpSocket>
#include <QUrl>

#include "room/roomannouncement.h"

namespace Duplex {

// A room announced on one of this computer's networks.
struct FoundRoom
{
    QHostAddress address; // whence it announced itself
    RoomAnnouncement::Room room;

    QUrl page() const; // http://address:port/: a browser's way in, and ChatClient::roomUrl's
};

// Listens for the rooms announced on this computer's networks (RoomAnnouncement) and keeps those heard lately, in
// the order they were first heard. At most maxRooms at a time: a flood of announcements costs a bounded list.
class RoomFinder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoomFinder)

public:
    static constexpr qsizetype maxRooms = 64;

    explicit RoomFinder(QObject *parent = nullptr);

    // Starts listening (joining the announcements' group on every network that can carry it, and on those that come
    // up later); false, with errorString(), when the port cannot be had.
    bool start();
    QString errorString() const { return m_socket.errorString(); }
    const QList<FoundRoom> &rooms() const { return m_rooms; }

Q_SIGNALS:
    void roomsChanged();

private:
    void read();
    void forgetSilentRooms();
    void joinNewInterfaces();

    QUdpSocket m_socket;
    QSet<int> m_joined; // interface indexes: an interface made anew (a USB adapter plugged in again) is joined anew
    QList<FoundRoom> m_rooms;
    QList<QDeadlineTimer> m_heardUntil; // beside m_rooms
    QTimer m_sweep;
};

} // namespace Duplex
