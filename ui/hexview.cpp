// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/hexview.h"

#include <QFontDatabase>
#include <QPainter>
#include <QScrollBar>

#include "ui/contrast.h"
#include "wire/frameencoder.h"

namespace Duplex {

HexView::HexView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setBackgroundRole(QPalette::Base);
    setToolTip(tr("The bytes on the wire and, for a masked frame, the same bytes with the payload unmasked; then "
                  "the payload as ASCII.\nBlue: header. Orange: masking key. Black: payload."));
}

void HexView::setFrame(const Frame &frame)
{
    const QByteArray header = FrameEncoder::headerOf(frame);
    m_keyStart = frame.masked ? header.size() - 4 : header.size();
    m_payloadStart = header.size();
    m_unmasked = header + frame.payload;
    m_wire = m_unmasked;
    if (std::exchange(m_masked, frame.masked) != frame.masked)
        updateGeometry(); // two hex columns or one
    if (frame.masked)
        applyMask(m_wire.data() + m_payloadStart, m_unmasked.constData() + m_payloadStart, frame.payload.size(),
            frame.maskingKey);
    updateLayout();
    viewport()->update();
}

void HexView::setBytes(const QByteArray &bytes)
{
    m_keyStart = m_payloadStart = 0;
    m_unmasked = m_wire = bytes;
    if (std::exchange(m_masked, false))
        updateGeometry();
    updateLayout();
    viewport()->update();
}

void HexView::clear()
{
    m_wire.clear();
    m_unmasked.clear();
    updateLayout();
    viewport()->update();
}

void HexView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateLayout();
}

int HexView::widthFor(int bytesPerLine) const
{
    const int hexColumns = m_masked ? 2 : 1;
    const int characters = 10 + hexColumns * (bytesPerLine * 3 + 3) + bytesPerLine;
    return fontMetrics().horizontalAdvance(QLatin1Char('0')) * characters + verticalScrollBar()->sizeHint().width()
        + 2 * frameWidth();
}

QSize HexView::sizeHint() const
{
    return {widthFor(16), QAbstractScrollArea::sizeHint().height()};
}

QSize HexView::minimumSizeHint() const
{
    return {widthFor(8), QAbstractScrollArea::minimumSizeHint().height()};
}

void HexView::updateLayout()
{
    m_bytesPerLine = width() >= widthFor(16) ? 16 : 8;
    const int lineHeight = fontMetrics().height();
    const int visibleLines = std::max(1, viewport()->height() / lineHeight);
    verticalScrollBar()->setRange(0, std::max(0, lineCount() + 1 - visibleLines));
    verticalScrollBar()->setPageStep(visibleLines);
}

void HexView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const QFontMetrics metrics = fontMetrics();
    const int lineHeight = metrics.height();
    const int charWidth = metrics.horizontalAdvance(QLatin1Char('0'));
    const int hexColumn = charWidth * 10;
    const int unmaskedColumn = hexColumn + charWidth * (m_bytesPerLine * 3 + 3);
    const int textColumn = m_masked ? unmaskedColumn + charWidth * (m_bytesPerLine * 3 + 3) : unmaskedColumn;
    const QColor base = palette().color(QPalette::Base);
    const QColor headerColour = Contrast::readable(Contrast::Accent::frameHeader, base);
    const QColor keyColour = Contrast::readable(Contrast::Accent::maskingKey, base);
    const QColor payloadColour = palette().color(QPalette::Text);

    int y = metrics.ascent();
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(hexColumn, y, tr("on the wire"));
    if (m_masked)
        painter.drawText(unmaskedColumn, y, tr("unmasked"));
    painter.drawText(textColumn, y, tr("ASCII"));
    y += lineHeight;
    const int first = verticalScrollBar()->value();
    for (int line = first; line < lineCount() && y - lineHeight < viewport()->height(); ++line, y += lineHeight) {
        const qsizetype offset = qsizetype(line) * m_bytesPerLine;
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(0, y, QStringLiteral("%1").arg(offset, 8, 16, QLatin1Char('0')));
        for (qsizetype i = offset; i < std::min(offset + m_bytesPerLine, m_wire.size()); ++i) {
            const int x = charWidth * int(i - offset) * 3;
            painter.setPen(i < m_keyStart ? headerColour : i < m_payloadStart ? keyColour : payloadColour);
            painter.drawText(hexColumn + x, y, QStringLiteral("%1").arg(quint8(m_wire[i]), 2, 16, QLatin1Char('0')));
            if (m_masked)
                painter.drawText(
                    unmaskedColumn + x, y, QStringLiteral("%1").arg(quint8(m_unmasked[i]), 2, 16, QLatin1Char('0')));
            const char c = m_unmasked[i];
            painter.drawText(textColumn + charWidth * int(i - offset), y,
                QString(i >= m_payloadStart && c >= 0x20 && c < 0x7f ? QLatin1Char(c) : QLatin1Char('.')));
        }
    }
}

} // namespace Duplex
