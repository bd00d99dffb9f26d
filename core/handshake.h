// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

// The opening handshake's key arithmetic (RFC 6455 §4.2).
namespace Duplex::Handshake {

// A valid Sec-WebSocket-Key is the base64 encoding of exactly 16 bytes (§4.1, item 7).
bool isValidKey(QByteArrayView key);
// Sec-WebSocket-Accept = base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")) (§4.2.2, item 5.4).
QByteArray acceptFor(QByteArrayView key);

} // namespace Duplex::Handshake
