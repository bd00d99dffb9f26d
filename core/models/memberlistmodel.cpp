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
    connect(&host, &RoomHost::memberAdded, this, [this](int row) {
        follow({Change::Kind::Added, row, m_host.members().at(row)});
    });
    connect(&host, &RoomHost::memberRemoved, this, [this](int row) { follow({Change::Kind::Removed, row, {}}); });
    connect(&host, &RoomHost::memberRenamed, this, [this](int row) {
        follow({Change::Kind::Renamed, row, m_host.members().at(row)});
    });
    connect(&host, &RoomHost::membersCleared, this, [this] {
        beginResetModel();
        m_changes.clear();
        m_members.clear();
        endResetModel();
    });
    m_rowsInterval.setSingleShot(true);
    m_rowsInterval.setInterval(rowsRefresh);
    connect(&m_rowsInterval, &QTimer::timeout, this, [this] {
        if (!m_changes.isEmpty()) {
            applyChanges();
            m_rowsInterval.start();
        }
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

// Each change repaints the table that shows it, and a thousand members leaving within two seconds would repaint it
// nearly a thousand times: a crowd's changes are applied together once an interval, each row still on its own, so
// that a view keeps its place (and the member chosen to kick).
void MemberListModel::follow(const Change &change)
{
    m_changes.append(change);
    if (!m_rowsInterval.isActive()) {
        applyChanges();
        m_rowsInterval.start();
    }
}

void MemberListModel::applyChanges()
{
    for (const Change &change : std::as_const(m_changes)) {
        switch (change.kind) {
        case Change::Kind::Added:
            beginInsertRows({}, change.row, change.row);
            m_members.insert(change.row, change.member);
            endInsertRows();
            break;
        case Change::Kind::Removed:
            beginRemoveRows({}, change.row, change.row);
            m_members.removeAt(change.row);
            endRemoveRows();
            break;
        case Change::Kind::Renamed:
            m_members[change.row] = change.member;
            Q_EMIT dataChanged(index(change.row, NickColumn), index(change.row, NickColumn));
            break;
        }
    }
    m_changes.clear();
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
