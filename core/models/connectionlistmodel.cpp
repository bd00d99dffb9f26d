// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/connectionlistmodel.h"

#include <QLocale>

#include "traffic/protocolglossary.h"
#include "traffic/trafficlog.h"
#include "wire/httphead.h"

namespace Duplex {

ConnectionListModel::ConnectionListModel(qsizetype capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(capacity)
{ }

void ConnectionListModel::follow(const TrafficLog &log)
{
    connect(&log, &TrafficLog::recorded, this, &ConnectionListModel::observe);
    connect(&log, &TrafficLog::cleared, this, &ConnectionListModel::clear);
}

void ConnectionListModel::observe(const TrafficRecord &record)
{
    const auto *exchange = std::get_if<HttpExchange>(&record.event);
    if (!exchange && record.connection == 0)
        return;
    if (exchange) {
        ConnectionInfo &info = rowFor(record);
        info.request = exchange->request;
        if (exchange->reason.isEmpty()) // an answer in a conversation; a refusal shows its reason instead
            info.response = exchange->response;
        info.status = exchange->status;
        info.reason = exchange->reason;
        if (const auto head = HttpHead::parseRequest(exchange->request))
            info.path = head->path();
        return changed(0);
    }
    if (const auto *opened = std::get_if<ConnectionOpened>(&record.event)) {
        ConnectionInfo &info = rowFor(record);
        info.peer = opened->peer;
        info.local = opened->local;
        info.relayedFor = opened->relayedFor;
        info.relayedTo = opened->relayedTo;
        info.path = opened->path;
        if (record.session == 0) {
            m_byPeer.insert(opened->peer, record.connection);
            if (const quint64 clientEnd = m_byLocal.value(opened->peer))
                pair(clientEnd, record.connection);
        } else if (!opened->local.isEmpty()) {
            m_byLocal.insert(opened->local, record.connection);
            if (const quint64 roomEnd = m_byPeer.value(opened->local))
                pair(record.connection, roomEnd);
        }
    } else if (const auto *handshake = std::get_if<HandshakeExchanged>(&record.event)) {
        ConnectionInfo &info = rowFor(record);
        info.request = handshake->request;
        info.response = handshake->response;
        if (const auto head = HttpHead::parseResponse(handshake->response)) {
            info.status = head->statusCode();
            info.reason = head->reasonPhrase();
        }
    } else if (const auto *closed = std::get_if<ConnectionClosed>(&record.event)) {
        rowFor(record).closed = *closed;
    } else if (const auto *frame = std::get_if<Frame>(&record.event)) {
        return count(record.connection, frame->direction,
            qint64(frame->compressed ? frame->inflatedLength : frame->payloadLength));
    } else if (const auto *event = std::get_if<SseEvent>(&record.event)) {
        return count(record.connection, Direction::ServerToClient, event->length());
    } else {
        return;
    }
    changed(record.connection);
}

void ConnectionListModel::clear(TrafficLog::Clearing next)
{
    beginResetModel();
    if (next == TrafficLog::Clearing::ToCapture) {
        if (!m_liveSetAside) // and not a file's rows instead, when a file replaces a file
            m_liveSetAside = stillOpen(std::move(m_rows));
        m_rows.clear();
    } else {
        m_rows = m_liveSetAside ? *std::exchange(m_liveSetAside, std::nullopt) : stillOpen(std::move(m_rows));
    }
    m_position.clear();
    m_removed = 0;
    m_byPeer.clear();
    m_byLocal.clear();
    for (qsizetype row = 0; row < qsizetype(m_rows.size()); ++row) {
        const ConnectionInfo &info = m_rows[size_t(row)];
        m_position.insert(info.id, row);
        QHash<QString, quint64> &byAddress = info.session == 0 ? m_byPeer : m_byLocal;
        if (const QString &address = info.session == 0 ? info.peer : info.local; !address.isEmpty())
            byAddress.insert(address, info.id);
    }
    endResetModel();
}

std::deque<ConnectionInfo> ConnectionListModel::stillOpen(std::deque<ConnectionInfo> rows)
{
    std::erase_if(rows, [](const ConnectionInfo &info) { return info.id == 0 || info.closed; });
    for (ConnectionInfo &info : rows) // counted afresh, as the frames table starts afresh
        info.toServer = info.toClient = {};
    return rows;
}

ConnectionInfo &ConnectionListModel::rowFor(const TrafficRecord &record)
{
    if (record.connection != 0) {
        if (const auto row = rowOf(record.connection))
            return m_rows[size_t(*row)];
    }
    if (qsizetype(m_rows.size()) >= m_capacity) {
        beginRemoveRows({}, 0, 0);
        m_position.remove(m_rows.front().id);
        m_rows.pop_front();
        ++m_removed;
        endRemoveRows();
    }
    const auto row = int(m_rows.size());
    beginInsertRows({}, row, row);
    ConnectionInfo &info = m_rows.emplace_back();
    info.id = record.connection;
    info.session = record.session;
    info.firstSeenUs = record.timeUs;
    if (record.connection != 0)
        m_position.insert(record.connection, m_removed + row);
    endInsertRows();
    return info;
}

std::optional<int> ConnectionListModel::rowOf(quint64 connection) const
{
    const auto it = m_position.constFind(connection);
    if (it == m_position.cend())
        return std::nullopt;
    return int(*it - m_removed);
}

void ConnectionListModel::pair(quint64 clientEnd, quint64 roomEnd)
{
    const auto clientRow = rowOf(clientEnd);
    const auto roomRow = rowOf(roomEnd);
    // An address used again by a later connection is not the same conversation.
    const auto ended = [this](int row) { return m_rows[size_t(row)].closed || m_rows[size_t(row)].otherEnd != 0; };
    if (!clientRow || !roomRow || ended(*clientRow) || ended(*roomRow))
        return;
    m_rows[size_t(*clientRow)].otherEnd = roomEnd;
    m_rows[size_t(*roomRow)].otherEnd = clientEnd;
    changed(clientEnd);
    changed(roomEnd);
    Q_EMIT endsPaired(clientEnd, roomEnd);
}

bool ConnectionListModel::isRoomEndOfOwnClient(quint64 connection) const
{
    const auto row = rowOf(connection);
    return row && m_rows[size_t(*row)].session == 0 && m_rows[size_t(*row)].otherEnd != 0;
}

void ConnectionListModel::nameMembersOf(const RoomHost &host)
{
    connect(&host, &RoomHost::memberAdded, this, [this, &host](int index) {
        const RoomMember member = host.members().at(index);
        nameAddress(member.nick, member.peer);
    });
    connect(&host, &RoomHost::memberReached, this, [this](const QString &nick, const QString &peer) {
        if (m_addressesOf.contains(nick)) // else gone already
            nameAddress(nick, peer);
    });
    connect(&host, &RoomHost::memberRenamed, this, [this, &host](int index, const QString &from) {
        const QString to = host.members().at(index).nick;
        const QStringList addresses = m_addressesOf.take(from);
        for (const QString &peer : addresses)
            setNick(peer, to);
        m_addressesOf.insert(to, addresses);
    });
    connect(&host, &RoomHost::memberRemoved, this, [this](int, const RoomMember &member) {
        for (const QString &peer : m_addressesOf.take(member.nick)) {
            if (m_nicks.value(peer) == member.nick) // and not since someone else's, on a port used again
                setNick(peer, {});
        }
    });
    connect(&host, &RoomHost::membersCleared, this, [this] {
        m_addressesOf.clear();
        for (const QString &peer : m_nicks.keys())
            setNick(peer, {});
    });
}

void ConnectionListModel::nameAddress(const QString &nick, const QString &peer)
{
    QStringList &addresses = m_addressesOf[nick];
    if (addresses.contains(peer))
        return;
    addresses.append(peer);
    // One who opens a connection a request keeps the name of the first and the latest few.
    if (addresses.size() > maxAddressesOfMember)
        setNick(addresses.takeAt(1), {});
    setNick(peer, nick);
}

void ConnectionListModel::setNick(const QString &peer, const QString &nick)
{
    if (nick.isEmpty())
        m_nicks.remove(peer);
    else
        m_nicks.insert(peer, nick);
    if (const quint64 connection = m_byPeer.value(peer))
        changed(connection);
}

QString ConnectionListModel::who(const ConnectionInfo &info) const
{
    if (!info.relayedFor.isEmpty())
        return tr("relay for %1").arg(info.relayedFor);
    if (!info.relayedTo.isEmpty())
        return tr("relayed client %1").arg(info.peer); // the port last, where a narrow column keeps it
    if (info.session != 0)
        return tr("client %1").arg(info.session);
    return info.id == 0 ? QString() : m_nicks.value(info.peer);
}

QString ConnectionListModel::who(quint64 connection) const
{
    const auto row = rowOf(connection);
    if (!row)
        return {};
    const ConnectionInfo &info = at(*row);
    if (info.session == 0 && info.otherEnd != 0) {
        if (const auto clientRow = rowOf(info.otherEnd))
            return tr("%1, the room's end").arg(who(at(*clientRow)));
    }
    const QString known = who(info);
    return known.isEmpty() ? info.peer : known; // a stranger on /echo is told apart by its address
}

QString ConnectionListModel::state(const ConnectionInfo &info) const
{
    if (info.closed) {
        if (info.closed->code)
            return tr("closed %1").arg(*info.closed->code);
        return info.closed->closer == Closer::Nobody ? tr("lost") : tr("closed");
    }
    if (info.status == 0)
        return tr("opening");
    return info.status >= 400 ? tr("refused %1").arg(info.status) : tr("open");
}

QString ConnectionListModel::label(int row) const
{
    const ConnectionInfo &info = m_rows.at(size_t(row));
    const QString path = QString::fromUtf8(info.path);
    const QString name = who(info);
    QString text = info.session != 0 ? tr("%1 → %2 · %3").arg(name, path, state(info))
        : name.isEmpty()             ? tr("#%1 %2 · %3 · %4").arg(info.id).arg(info.peer, path, state(info))
                                     : tr("%1 · %2 · %3").arg(name, path, state(info));
    if (info.session == 0 && info.otherEnd != 0) {
        if (const auto clientRow = rowOf(info.otherEnd))
            text += tr(" · the room's end of %1").arg(who(at(*clientRow)));
    }
    return text;
}

void ConnectionListModel::count(quint64 connection, Direction direction, qint64 bytes)
{
    const auto position = m_position.constFind(connection);
    if (position == m_position.cend())
        return;
    ConnectionInfo &info = m_rows[size_t(*position - m_removed)];
    ConnectionInfo::Traffic &way = direction == Direction::ClientToServer ? info.toServer : info.toClient;
    ++way.frames;
    way.bytes += bytes;
    if (m_counted) {
        m_counted = std::pair(std::min(m_counted->first, *position), std::max(m_counted->second, *position));
    } else {
        m_counted = std::pair(*position, *position);
        QMetaObject::invokeMethod(this, &ConnectionListModel::showCounts, Qt::QueuedConnection);
    }
}

void ConnectionListModel::showCounts()
{
    if (!m_counted)
        return;
    const auto [first, last] = *std::exchange(m_counted, std::nullopt);
    const int top = int(std::max<qint64>(first - m_removed, 0));
    const int bottom = int(std::min<qint64>(last - m_removed, rowCount() - 1));
    if (top <= bottom)
        Q_EMIT dataChanged(index(top, TrafficColumn), index(bottom, TrafficColumn));
}

void ConnectionListModel::changed(quint64 connection)
{
    const int row = connection == 0 ? int(m_rows.size()) - 1 : rowOf(connection).value_or(-1);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int ConnectionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConnectionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConnectionInfo &info = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case IdColumn:
            return info.id == 0 ? tr("HTTP") : u'#' + QString::number(info.id);
        case WhoColumn:
            return who(info);
        case PeerColumn:
            return info.peer;
        case PathColumn:
            return QString::fromUtf8(info.path);
        case TrafficColumn:
            return traffic(info);
        case ResultColumn:
            return result(info);
        case ColumnCount:
            break;
        }
        return {};
    case ConnectionRole:
        return info.id;
    case SessionRole:
        return info.session;
    case StatusRole:
        return info.status;
    case OpenRole:
        return info.id != 0 && !info.closed && info.status > 0 && info.status < 400;
    }
    return {};
}

QString ConnectionListModel::traffic(const ConnectionInfo &info)
{
    if (info.id == 0 || (info.status != 101 && info.toServer.frames == 0 && info.toClient.frames == 0))
        return {}; // a plain HTTP exchange: its bodies are in the frames table
    const QLocale locale;
    const auto size = [&locale](qint64 bytes) { // short, for a column
        return bytes < 1024 ? tr("%1 B").arg(bytes) : locale.formattedDataSize(bytes, 1);
    };
    return tr("↑ %1 · %2  ↓ %3 · %4")
        .arg(locale.toString(info.toServer.frames), size(info.toServer.bytes), locale.toString(info.toClient.frames),
            size(info.toClient.bytes));
}

QString ConnectionListModel::result(const ConnectionInfo &info) const
{
    QString text = info.status == 0 ? tr("waiting for the handshake")
                                    : QString::number(info.status) + u' ' + QString::fromUtf8(info.reason);
    if (info.closed)
        text += tr(" · closed: %1").arg(ProtocolGlossary::describeClose(*info.closed));
    return text;
}

QVariant ConnectionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == TrafficColumn)
        return tr(
            "Frames (an event stream's events) and their payloads' bytes: ↑ client to server, ↓ server to client");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case IdColumn:
        return tr("Connection");
    case WhoColumn:
        return tr("Who");
    case PeerColumn:
        return tr("Peer");
    case PathColumn:
        return tr("Path");
    case TrafficColumn:
        return tr("Traffic");
    case ResultColumn:
        return tr("Result");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Duplex
