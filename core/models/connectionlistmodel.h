// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QHash>

#include <deque>
#include <optional>

#include "room/roomhost.h"
#include "traffic/trafficlog.h"

namespace Duplex {

// What the traffic log knows about one connection, or about one plain HTTP request the server answered itself
// (a refused upgrade, the status page): those have no connection id and get a row each.
struct ConnectionInfo
{
    quint64 id = 0; // 0 for a plain HTTP exchange
    quint64 session = 0;
    qint64 firstSeenUs = 0;
    QString peer;
    QString local;      // our end, of our client's or our relay's connection
    QString relayedFor; // the client our relay carries the connection for
    QString relayedTo;  // the server our intercepting relay carries this client's connection to
    QByteArray path;
    // The other end of the same conversation, when our client talks to our own room: the room's connection for the
    // client's, and the other way round.
    quint64 otherEnd = 0;
    QByteArray request; // heads exactly as they crossed the wire
    QByteArray response;
    int status = 0; // of the HTTP answer: 101, or why the upgrade was refused; 0 while none came
    QByteArray reason;
    std::optional<ConnectionClosed> closed;
    // What crossed it one way: frames (an SSE stream's events), and their payloads' bytes as the application had
    // them (inflated).
    struct Traffic
    {
        qint64 frames = 0;
        qint64 bytes = 0;
    };
    Traffic toServer; // client to server
    Traffic toClient;
};

// The connections and HTTP exchanges of a traffic log, newest last: the monitor's connection picker and its list
// of handshakes, refused ones included. Connections are named by who is at the other end (a room member's
// nickname, or our client) and their state; when our client talks to our own room, its connection and the room's
// are known as two ends of one conversation.
class ConnectionListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionListModel)

public:
    enum Column { IdColumn, WhoColumn, PeerColumn, PathColumn, TrafficColumn, ResultColumn, ColumnCount };
    enum Role { ConnectionRole = Qt::UserRole + 1, SessionRole, StatusRole, OpenRole };
    static constexpr qsizetype defaultCapacity = 10'000;
    // The addresses a member's connections are named by at most: the first and the latest.
    static constexpr qsizetype maxAddressesOfMember = 16;

    explicit ConnectionListModel(qsizetype capacity = defaultCapacity, QObject *parent = nullptr);

    void follow(const TrafficLog &log);
    void observe(const TrafficRecord &record);
    // Forgets the rows, but for the live connections still open, which live traffic goes on with, and which a
    // capture file's rows put aside until live traffic comes back.
    void clear(TrafficLog::Clearing next);

    const ConnectionInfo &at(int row) const { return m_rows.at(size_t(row)); }
    std::optional<int> rowOf(quint64 connection) const;
    // The latest connection to our own server (session 0) from peer ("address:port"), or 0.
    quint64 connectionFrom(const QString &peer) const { return m_byPeer.value(peer); }
    // Names the room's connections by their members' nicknames as they come, rename and go (their addresses tell
    // which is whose; a member over HTTP may have several).
    void nameMembersOf(const RoomHost &host);
    // "alice · /chat · open", "client 1 → /echo · closed 1000": who, where, and how it stands.
    QString label(int row) const;
    // Who is at the other end, in a word or two ("alice", "client 1", "client 1, the room's end"), or its address
    // when nobody is known ("127.0.0.1:41262"); empty for a connection not listed.
    QString who(quint64 connection) const;
    // "open", "closed 1000", "lost", …
    QString state(int row) const { return state(at(row)); }
    // The room's end of a conversation with our own client, whose end shows the same frames.
    bool isRoomEndOfOwnClient(quint64 connection) const;

    // A change of dataChanged's that is only of what crossed the connections (TrafficColumn): those come with every
    // frame, a pass of the event loop for all a batch of records counted, and matter only to the table's view.
    static bool onlyTraffic(const QModelIndex &topLeft, const QModelIndex &bottomRight)
    {
        return topLeft.column() == TrafficColumn && bottomRight.column() == TrafficColumn;
    }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // Our client's connection and our room's turned out to be the two ends of one conversation.
    void endsPaired(quint64 clientEnd, quint64 roomEnd);

private:
    ConnectionInfo &rowFor(const TrafficRecord &record);
    // The open connections of rows, which are the live ones' unless a capture file's are shown, their traffic not
    // yet counted.
    static std::deque<ConnectionInfo> stillOpen(std::deque<ConnectionInfo> rows);
    void changed(quint64 connection);
    void count(quint64 connection, Direction direction, qint64 bytes);
    void showCounts(); // of the rows counted since the last time
    void pair(quint64 clientEnd, quint64 roomEnd);
    void nameAddress(const QString &nick, const QString &peer);
    void setNick(const QString &peer, const QString &nick); // an empty nick: nobody's now
    QString who(const ConnectionInfo &info) const;
    QString state(const ConnectionInfo &info) const;
    QString result(const ConnectionInfo &info) const;
    static QString traffic(const ConnectionInfo &info); // "↑ 12 · 640 B  ↓ 15 · 3.4 KiB"

    qsizetype m_capacity;
    std::deque<ConnectionInfo> m_rows;
    QHash<quint64, qint64> m_position;                  // connection id → position counted since the first row ever
    qint64 m_removed = 0;                               // rows dropped from the front, to turn positions into rows
    std::optional<std::pair<qint64, qint64>> m_counted; // the positions of the first and last row counted, not shown
    QHash<QString, quint64> m_byPeer;                   // the room's connections by their peer
    QHash<QString, quint64> m_byLocal;                  // our client's connections by our end
    QHash<QString, QString> m_nicks;                    // room members' nicknames by their addresses
    // Each member's addresses, first the one it joined from: over HTTP it may come on a connection a request.
    QHash<QString, QStringList> m_addressesOf;
    // The live connections still open, put aside while a capture file's are shown.
    std::optional<std::deque<ConnectionInfo>> m_liveSetAside;
};

} // namespace Duplex
