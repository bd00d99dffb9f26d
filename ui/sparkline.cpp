// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/sparkline.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace Duplex {

namespace {

constexpr int sparklineWidth = 60; // pixels of a cell's sparkline

} // namespace

void Sparkline::paint(QPainter &painter, const QRectF &area, const QList<double> &values, const QColor &colour)
{
    if (values.size() < 2 || area.width() < 4)
        return;
    const auto [low, high] = std::minmax_element(values.cbegin(), values.cend());
    const double span = std::max(*high - *low, 1e-9);
    QPainterPath path;
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QPointF point(area.left() + area.width() * double(i) / double(values.size() - 1),
            area.bottom() - area.height() * (values[i] - *low) / span);
        if (i == 0)
            path.moveTo(point);
        else
            path.lineTo(point);
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(colour, 1.2));
    painter.drawPath(path);
    painter.restore();
}

QPixmap Sparkline::pixmap(const QList<double> &values, QSize size, const QColor &colour)
{
    QPixmap image(size);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    paint(painter, QRectF(1, 2, size.width() - 2, size.height() - 4), values, colour);
    return image;
}

SparklineDelegate::SparklineDelegate(int valuesRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_valuesRole(valuesRole)
{ }

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QList<double> values = index.data(m_valuesRole).value<QList<double>>();
    QStyleOptionViewItem textPart = option;
    if (values.size() >= 2)
        textPart.rect.setRight(option.rect.right() - sparklineWidth - 4);
    QStyledItemDelegate::paint(painter, textPart, index);
    if (values.size() < 2)
        return;
    const QRectF area(
        option.rect.right() - sparklineWidth, option.rect.top() + 3, sparklineWidth - 2, option.rect.height() - 6);
    const QPalette::ColorRole role = option.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text;
    Sparkline::paint(*painter, area, values, option.palette.color(role));
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rwidth() += sparklineWidth + 4;
    return size;
}

} // namespace Duplex
