// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "handshake.h"

#include <QCryptographicHash>

namespace Duplex::Handshake {

namespace {
constexpr QByteArrayView webSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr qsizetype keyBytes = 16;
constexpr qsizetype encodedKeyLength = 24; // 16 bytes in base64, with two '=' of padding
} // namespace

bool isValidKey(QByteArrayView key)
{
    if (key.size() != encodedKeyLength)
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(key.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    // Re-encoding must give the key back, so non-canonical padding bits are refused too.
    return decoded && decoded.decoded.size() == keyBytes && decoded.decoded.toBase64() == key;
}

QByteArray acceptFor(QByteArrayView key)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(key);
    sha1.addData(webSocketGuid);
    return sha1.result().toBase64();
}

} // namespace Duplex::Handshake
