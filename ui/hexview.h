// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractScrollArea>

#include "wire/websocketframe.h"

namespace Duplex {

// A frame's bytes as they crossed the wire beside the same bytes unmasked, 16 to a line, with the header, the
// masking key and the payload in their own colours. Paints only the visible lines.
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

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateScrollBars();
    int lineCount() const { return int((m_wire.size() + bytesPerLine - 1) / bytesPerLine); }

    static constexpr int bytesPerLine = 16;
    QByteArray m_wire;
    QByteArray m_unmasked; // header bytes unchanged, payload unmasked
    qsizetype m_keyStart = 0;
    qsizetype m_payloadStart = 0;
};

} // namespace Duplex
