// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QRegularExpression>
#include <QSortFilterProxyModel>

#include <optional>

#include "wire/websocketframe.h"

namespace Duplex {

class ConnectionListModel;

// The frames table as the monitor's filters leave it: one connection, one direction, one opcode, without pings
// and pongs, or only the rows whose payload matches a text or a regular expression. Violations always stay. While
// all connections show, a conversation of our client with our own room shows once, from the client's end. Times
// show as the person chooses: since the log began, on the wall clock, or since the row shown above.
class FrameFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FrameFilterModel)

public:
    enum class TimeDisplay { SinceStart, WallClock, SincePrevious };
    // Of the payload column while a search is on: QPoint(start, length) of the hit in the text the cell shows,
    // which is the part of the payload around the first hit.
    static constexpr int SearchHitRole = Qt::UserRole + 100;

    explicit FrameFilterModel(QObject *parent = nullptr);

    void setConnection(quint64 connection); // 0: all
    // Where conversations with our own room are known; it must outlive this model, or be unset first.
    void setConversations(const ConnectionListModel *connections);
    void setDirection(std::optional<Direction> direction);
    void setOpcode(std::optional<quint8> opcode);
    void setHidePingPong(bool hide);
    // Case-insensitive text, or a regular expression; false, with the reason in error, for an invalid expression
    // (the filter is then unchanged).
    bool setSearch(const QString &text, bool regularExpression, QString *error = nullptr);
    TimeDisplay timeDisplay() const { return m_timeDisplay; }
    void setTimeDisplay(TimeDisplay display);
    void setWallClockZero(const QDateTime &zero); // the wall-clock time of the log's zero

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    // Where the search first matches payload: start and length; nothing without a search or a match.
    std::optional<std::pair<qsizetype, qsizetype>> firstHit(const QString &payload) const;

    quint64 m_connection = 0;
    const ConnectionListModel *m_conversations = nullptr;
    std::optional<Direction> m_direction;
    std::optional<quint8> m_opcode;
    bool m_hidePingPong = false;
    QString m_text;
    std::optional<QRegularExpression> m_expression;
    TimeDisplay m_timeDisplay = TimeDisplay::SinceStart;
    QDateTime m_wallClockZero;
};

} // namespace Duplex
