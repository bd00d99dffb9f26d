// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QImage>

namespace Duplex {

// text as a QR code (libqrencode, error correction level M: readable with a seventh of it smudged), one pixel per
// module, black on white with the standard quiet zone of four modules. Null when text is too long for any QR code.
QImage qrCode(const QByteArray &text);

} // namespace Duplex
