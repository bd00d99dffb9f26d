// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/framefiltermodel.h"

#include <QPoint>

#include "models/connectionlistmodel.h"
#include "models/framelogmodel.h"
#include "traffic/protocolglossary.h"

using namespace Qt::StringLiterals;

namespace Duplex {

FrameFilterModel::FrameFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // A time since the row above changes for the row below rows that come or go.
    const auto rowBelowChanged = [this](int row) {
        if (m_timeDisplay == TimeDisplay::SincePrevious && row < rowCount()) {
            const QModelIndex time = index(row, FrameLogModel::TimeColumn);
            Q_EMIT dataChanged(time, time);
        }
    };
    connect(this, &QAbstractItemModel::rowsInserted, this,
        [rowBelowChanged](const QModelIndex &, int, int last) { rowBelowChanged(last + 1); });
    connect(this, &QAbstractItemModel::rowsRemoved, this,
        [rowBelowChanged](const QModelIndex &, int first, int) { rowBelowChanged(first); });
}

void FrameFilterModel::setConnection(quint64 connection)
{
    if (std::exchange(m_connection, connection) != connection)
        invalidateRowsFilter();
}

void FrameFilterModel::setDirection(std::optional<Direction> direction)
{
    if (std::exchange(m_direction, direction) != direction)
        invalidateRowsFilter();
}

void FrameFilterModel::setOpcode(std::optional<quint8> opcode)
{
    if (std::exchange(m_opcode, opcode) != opcode)
        invalidateRowsFilter();
}

void FrameFilterModel::setHidePingPong(bool hide)
{
    if (std::exchange(m_hidePingPong, hide) != hide)
        invalidateRowsFilter();
}

bool FrameFilterModel::setSearch(const QString &text, bool regularExpression, QString *error)
{
    std::optional<QRegularExpression> expression;
    if (regularExpression && !text.isEmpty()) {
        expression = QRegularExpression(text, QRegularExpression::CaseInsensitiveOption);
        if (!expression->isValid()) {
            if (error)
                *error = tr("not a regular expression: %1 at character %2")
                             .arg(expression->errorString())
                             .arg(expression->patternErrorOffset() + 1);
            return false;
        }
    }
    m_text = regularExpression ? QString() : text;
    m_expression = std::move(expression);
    invalidateRowsFilter();
    return true;
}

void FrameFilterModel::setConversations(const ConnectionListModel *connections)
{
    if (m_conversations)
        disconnect(m_conversations, nullptr, this, nullptr);
    m_conversations = connections;
    if (connections)
        connect(connections, &ConnectionListModel::endsPaired, this, &FrameFilterModel::invalidateRowsFilter);
    invalidateRowsFilter();
}

void FrameFilterModel::setTimeDisplay(TimeDisplay display)
{
    if (std::exchange(m_timeDisplay, display) == display)
        return;
    Q_EMIT headerDataChanged(Qt::Horizontal, FrameLogModel::TimeColumn, FrameLogModel::TimeColumn);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, FrameLogModel::TimeColumn), index(rowCount() - 1, FrameLogModel::TimeColumn));
}

void FrameFilterModel::setWallClockZero(const QDateTime &zero)
{
    m_wallClockZero = zero;
    if (m_timeDisplay == TimeDisplay::WallClock && rowCount() > 0)
        Q_EMIT dataChanged(index(0, FrameLogModel::TimeColumn), index(rowCount() - 1, FrameLogModel::TimeColumn));
}

QVariant FrameFilterModel::data(const QModelIndex &index, int role) const
{
    // While searching, a payload cell shows where it matched, and says where in what it shows.
    const bool hitRole = role == Qt::DisplayRole || role == SearchHitRole;
    if (hitRole && index.column() == FrameLogModel::PayloadColumn && (!m_text.isEmpty() || m_expression)) {
        const QString payload = QSortFilterProxyModel::data(index, FrameLogModel::PayloadTextRole).toString();
        if (const auto hit = firstHit(payload); hit && !index.data(FrameLogModel::ViolationRole).toBool()) {
            constexpr qsizetype before = 24; // characters of context ahead of the hit
            constexpr qsizetype shown = 160;
            const qsizetype from = std::max<qsizetype>(0, hit->first - before);
            if (role == Qt::DisplayRole)
                return ProtocolGlossary::oneLine((from > 0 ? u"…"_s : QString()) + payload.mid(from, shown));
            return QPoint(int(hit->first - from + (from > 0 ? 1 : 0)), int(std::min(hit->second, shown)));
        }
    }
    if (role == SearchHitRole)
        return {};
    if (role == Qt::DisplayRole && index.column() == FrameLogModel::ConnectionColumn && m_conversations) {
        const quint64 connection = QSortFilterProxyModel::data(index, FrameLogModel::ConnectionRole).toULongLong();
        const QString who = m_conversations->who(connection);
        return who.isEmpty() ? QVariant(connection) : QVariant(u"%1 %2"_s.arg(connection).arg(who));
    }
    if (role != Qt::DisplayRole || index.column() != FrameLogModel::TimeColumn
        || m_timeDisplay == TimeDisplay::SinceStart)
        return QSortFilterProxyModel::data(index, role);
    const qint64 timeUs = QSortFilterProxyModel::data(index, FrameLogModel::TimeUsRole).toLongLong();
    if (m_timeDisplay == TimeDisplay::WallClock)
        return m_wallClockZero.addMSecs(timeUs / 1000).toLocalTime().toString(u"HH:mm:ss.zzz"_s);
    if (index.row() == 0)
        return QString();
    const qint64 deltaUs = timeUs
        - QSortFilterProxyModel::data(index.siblingAtRow(index.row() - 1), FrameLogModel::TimeUsRole).toLongLong();
    return u"%1%2.%3"_s.arg(deltaUs < 0 ? u"−"_s : u"+"_s)
        .arg(std::abs(deltaUs) / 1'000'000)
        .arg(std::abs(deltaUs) % 1'000'000, 6, 10, QChar(u'0'));
}

QVariant FrameFilterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section == FrameLogModel::TimeColumn) {
        switch (m_timeDisplay) {
        case TimeDisplay::SinceStart:
            break;
        case TimeDisplay::WallClock:
            return tr("Time");
        case TimeDisplay::SincePrevious:
            return tr("Δ Time (s)");
        }
    }
    return QSortFilterProxyModel::headerData(section, orientation, role);
}

bool FrameFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const quint64 connection = index.data(FrameLogModel::ConnectionRole).toULongLong();
    if (m_connection != 0 ? connection != m_connection
                          : m_conversations && m_conversations->isRoomEndOfOwnClient(connection))
        return false;
    if (index.data(FrameLogModel::ViolationRole).toBool())
        return true;
    if (m_direction && index.data(FrameLogModel::DirectionRole).value<Direction>() != *m_direction)
        return false;
    const auto opcode = quint8(index.data(FrameLogModel::OpcodeRole).toUInt());
    if (m_opcode && opcode != *m_opcode)
        return false;
    if (m_hidePingPong && (opcode == Opcode::ping || opcode == Opcode::pong))
        return false;
    if (m_text.isEmpty() && !m_expression)
        return true;
    return firstHit(index.data(FrameLogModel::PayloadTextRole).toString()).has_value();
}

std::optional<std::pair<qsizetype, qsizetype>> FrameFilterModel::firstHit(const QString &payload) const
{
    if (m_expression) {
        const QRegularExpressionMatch match = m_expression->match(payload);
        if (match.hasMatch())
            return std::pair {match.capturedStart(), match.capturedLength()};
    } else if (!m_text.isEmpty()) {
        if (const qsizetype at = payload.indexOf(m_text, 0, Qt::CaseInsensitive); at >= 0)
            return std::pair {at, m_text.size()};
    }
    return std::nullopt;
}

} // namespace Duplex
