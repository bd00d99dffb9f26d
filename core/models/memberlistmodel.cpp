// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/memberlistmodel.h"

#include <QLocale>

#include "models/connectionlistmodel.h"
#include "models/heartbeattracker.h"

namespace Duplex {

MemberListModel::MemberListModel(
    const RoomHost &host, const ConnectionListModel &connections, const HeartbeatTracker &heartbeats, QObject *parent)
    : QAbstractTableModel(parent)
    , m_host(host)
    , m_connections(connections)
    , m_heartbeats(heartbeats)
    , m_members(host.members())
{
    // Each change made to the model's own list too, inside its begin/end pair as a view expects.
    connect(&host, &RoomHost::memberAdded, this, [this](int row) {
        beginInsertRows({}, row, row);
        m_members.insert(row, m_host.members().at(row));
        endInsertRows();
    });
    connect(&host, &RoomHost::memberRemoved, this, [this](int row) {
        beginRemoveRows({}, row, row);
        m_members.removeAt(row);
        endRemoveRows();
    });
    connect(&host, &RoomHost::memberRenamed, this, [this](int row) {
        m_members[row] = m_host.members().at(row);
        Q_EMIT dataChanged(index(row, NickColumn), index(row, NickColumn));
    });
    connect(&host, &RoomHost::membersCleared, this, [this] {
        beginResetModel();
        m_members.clear();
        endResetModel();
    });
    // A room of a thousand answers a ping every few milliseconds: the column is redrawn a few times a second
    // rather than for each answer.
    m_roundTripsChanged.setSingleShot(true);
    m_roundTripsChanged.setInterval(roundTripRefresh);
    connect(&heartbeats, &HeartbeatTracker::pointAdded, this, [this] {
        if (!m_roundTripsChanged.isActive())
            m_roundTripsChanged.start();
    });
    connect(&m_roundTripsChanged, &QTimer::timeout, this, [this] {
        if (!m_members.isEmpty())
            Q_EMIT dataChanged(index(0, RoundTripColumn), index(rowCount() - 1, RoundTripColumn));
    });
}

int MemberListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_members.size());
}

int MemberListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<qint64> MemberListModel::roundTripUs(const RoomMember &member) const
{
    return m_heartbeats.lastRoundTripUs(m_connections.connectionFrom(member.peer));
}

QVariant MemberListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RoomMember &member = m_members.at(index.row());
    if (role == NickRole)
        return member.nick;
    if (role == RoundTripUsRole) {
        const auto rtt = roundTripUs(member);
        return rtt ? QVariant(*rtt) : QVariant();
    }
    if (role == RecentRoundTripsRole)
        return QVariant::fromValue(m_heartbeats.recentRoundTripsMs(m_connections.connectionFrom(member.peer)));
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case NickColumn:
        return member.nick;
    case TransportColumn:
        return member.transport;
    case PeerColumn:
        return member.peer;
    case SinceColumn:
        return QLocale().toString(member.since.time(), QLocale::ShortFormat);
    case RoundTripColumn:
        if (const auto rtt = roundTripUs(member))
            return tr("%1 ms").arg(double(*rtt) / 1000, 0, 'f', 2);
        // Only WebSocket has pings: an HTTP member's liveness is its stream or its next poll.
        if (ChatProtocol::transportNamed(member.transport) != ChatProtocol::Transport::WebSocket)
            return tr("no pings over %1").arg(member.transport);
        return tr("no ping yet");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant MemberListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NickColumn:
        return tr("Nickname");
    case TransportColumn:
        return tr("Transport");
    case PeerColumn:
        return tr("Address");
    case SinceColumn:
        return tr("Connected since");
    case RoundTripColumn:
        return tr("Last RTT");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Duplex
