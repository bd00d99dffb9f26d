// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QTimer>

#include <chrono>

#include "room/roomhost.h"

namespace Duplex {

class ConnectionListModel;
class HeartbeatTracker;

// The hosted room's members as a table, each with the round trip of its latest heartbeat ping, which the traffic
// log's frames give (the member's address names its connection).
class MemberListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemberListModel)

public:
    enum Column { NickColumn, TransportColumn, PeerColumn, SinceColumn, RoundTripColumn, ColumnCount };
    enum Role {
        NickRole = Qt::UserRole + 1,
        RoundTripUsRole,
        RecentRoundTripsRole, // QList<double>: the latest round trips in milliseconds, for a sparkline
    };

    // How often the round trips are redrawn at most.
    static constexpr std::chrono::milliseconds roundTripRefresh {250};
    // How often members are added, removed or renamed at most: a change alone shows at once, the rest of a crowd
    // that comes or goes at the end of each interval.
    static constexpr std::chrono::milliseconds rowsRefresh {100};

    MemberListModel(const RoomHost &host, const ConnectionListModel &connections, const HeartbeatTracker &heartbeats,
        QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // One of the host's changes, as it was made: applied later, its row is still right, since all before it were.
    struct Change
    {
        enum class Kind : quint8 { Added, Removed, Renamed } kind;
        int row;
        RoomMember member; // as added or renamed
    };

    void follow(const Change &change);
    void applyChanges();
    std::optional<qint64> roundTripUs(const RoomMember &member) const;

    const RoomHost &m_host;
    const ConnectionListModel &m_connections;
    const HeartbeatTracker &m_heartbeats;
    QList<RoomMember> m_members;
    QList<Change> m_changes; // not applied yet
    QTimer m_rowsInterval;   // running: a change applied lately, the next wait for its end
    QTimer m_roundTripsChanged;
};

} // namespace Duplex
