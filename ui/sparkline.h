// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QList>
#include <QPixmap>
#include <QStyledItemDelegate>

class QPainter;

namespace Duplex {

// A word-sized chart of recent values (round trips, oldest first): how a connection's heartbeat has been, at a
// glance, in a table cell or beside a name.
namespace Sparkline {

void paint(QPainter &painter, const QRectF &area, const QList<double> &values, const QColor &colour);
QPixmap pixmap(const QList<double> &values, QSize size, const QColor &colour);

} // namespace Sparkline

// Paints a cell's text on its left and, from the values in the role given, a sparkline in the rest.
class SparklineDelegate final : public QStyledItemDelegate
{
public:
    SparklineDelegate(int valuesRole, QObject *parent);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_valuesRole;
};

} // namespace Duplex
