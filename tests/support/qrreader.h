// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QString>

namespace Duplex::Test {

// What a QR code says, read by Debian's zbarimg (ZBar: a reader that shares nothing with the encoder); empty when
// it finds no code.
QString readQrCode(const QImage &image);

} // namespace Duplex::Test
