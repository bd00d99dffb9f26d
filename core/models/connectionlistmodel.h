// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QHash>

#include <deque>
#include <optional>

#include "traffic/trafficrecord.h"

namespace Duplex {

class TrafficLog;

// What the traffic log knows about one connection, or about one plain HTTP request the server answered itself
// (a refused upgrade, the status page): those have no connection id and get a row each.
struct ConnectionInfo
{
    quint64 id = 0; // 0 for a plain HTTP exchange
    quint64 session = 0;
    qint64 firstSeenUs = 0;
    QString peer;
    QByteArray path;
    QByteArray request; // heads exactly as they crossed the wire
    QByteArray response;
    int status = 0; // of the HTTP answer: 101, or why the upgrade was refused; 0 while none came
    QByteArray reason;
    std::optional<ConnectionClosed> closed;
};

// The connections and HTTP exchanges of a traffic log, newest last: the monitor's connection picker and its list
// of handshakes, refused ones included.
class ConnectionListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionListModel)

public:
    enum Column { IdColumn, PeerColumn, PathColumn, ResultColumn, ColumnCount };
    enum Role { ConnectionRole = Qt::UserRole + 1, SessionRole, StatusRole };
    static constexpr qsizetype defaultCapacity = 10'000;

    explicit ConnectionListModel(qsizetype capacity = defaultCapacity, QObject *parent = nullptr);

    void follow(const TrafficLog &log);
    void observe(const TrafficRecord &record);
    void clear();

    const ConnectionInfo &at(int row) const { return m_rows.at(size_t(row)); }
    std::optional<int> rowOf(quint64 connection) const;
    // The latest connection to our own server (session 0) from peer ("address:port"), or 0.
    quint64 connectionFrom(const QString &peer) const { return m_byPeer.value(peer); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    ConnectionInfo &rowFor(const TrafficRecord &record);
    void changed(quint64 connection);
    QString result(const ConnectionInfo &info) const;

    qsizetype m_capacity;
    std::deque<ConnectionInfo> m_rows;
    QHash<quint64, qint64> m_position; // connection id → position counted since the first row ever
    qint64 m_removed = 0;              // rows dropped from the front, to turn positions into rows
    QHash<QString, quint64> m_byPeer;
};

} // namespace Duplex
