// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/qrcode.h"

#include <qrencode.h>

#include <memory>

namespace Duplex {

QImage qrCode(const QByteArray &text)
{
    // Version 0: the smallest that holds the text. 8-bit mode: a URL as it is, any characters.
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString8bit(text.constData(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code)
        return {};
    constexpr int quietZone = 4;
    QImage image(code->width + 2 * quietZone, code->width + 2 * quietZone, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    for (int y = 0; y < code->width; ++y) {
        uchar *line = image.scanLine(y + quietZone) + quietZone;
        for (int x = 0; x < code->width; ++x) {
            if (code->data[y * code->width + x] & 1) // bit 0 of each module: dark
                line[x] = 0;
        }
    }
    return image;
}

} // namespace Duplex
