// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractScrollArea>

#include "wire/websocketframe.h"

namespace Duplex {

// A frame's bytes as they crossed the wire (beside the same bytes unmasked, for a masked frame) and as ASCII, with
// the header, the masking key and the payload in their own colours: 16 bytes to a line, or 8 where 16 do not fit.
// Paints only the visible lines.
class HexView final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HexView)

public:
    explicit HexView(QWidget *parent = nullptr);

    void setFrame(const Frame &frame);
    // Bytes that are not a frame (an SSE event, an HTTP request or answer): no header, no mask.
    void setBytes(const QByteArray &bytes);
    void clear();
    QByteArray unmaskedBytes() const { return m_unmasked; }
    int bytesPerLine() const { return m_bytesPerLine; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateLayout(); // bytes per line and scroll bars, for the width and the lines there are
    int lineCount() const { return int((m_wire.size() + m_bytesPerLine - 1) / m_bytesPerLine); }
    int widthFor(int bytesPerLine) const; // of the offsets, hex columns and ASCII

    int m_bytesPerLine = 16;
    bool m_masked = false; // then the unmasked bytes get a column of their own
    QByteArray m_wire;
    QByteArray m_unmasked; // header bytes unchanged, payload unmasked
    qsizetype m_keyStart = 0;
    qsizetype m_payloadStart = 0;
};

} // namespace Duplex
