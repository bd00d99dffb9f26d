// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/framefiltermodel.h"

#include "models/framelogmodel.h"

namespace Duplex {

FrameFilterModel::FrameFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{ }

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

bool FrameFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_connection != 0 && index.data(FrameLogModel::ConnectionRole).toULongLong() != m_connection)
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
    const QString payload = index.data(FrameLogModel::PayloadTextRole).toString();
    return m_expression ? m_expression->match(payload).hasMatch() : payload.contains(m_text, Qt::CaseInsensitive);
}

} // namespace Duplex
