// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "frameencoder.h"

#include <QtEndian>

namespace Duplex::FrameEncoder {

QByteArray encode(QByteArrayView payload, const Header &header)
{
    const auto size = quint64(payload.size());
    QByteArray frame;
    frame.reserve(14 + payload.size());
    frame.append(char((header.fin ? 0x80 : 0) | (header.rsv1 ? 0x40 : 0) | (header.opcode & 0x0f)));
    const char maskBit = header.maskingKey ? char(0x80) : 0;
    if (size < 126) {
        frame.append(char(maskBit | char(size)));
    } else if (size <= 0xffff) {
        frame.append(char(maskBit | 126));
        const quint16 length = qToBigEndian(quint16(size));
        frame.append(reinterpret_cast<const char *>(&length), sizeof length);
    } else {
        frame.append(char(maskBit | 127));
        const quint64 length = qToBigEndian(size);
        frame.append(reinterpret_cast<const char *>(&length), sizeof length);
    }
    if (!header.maskingKey) {
        frame.append(payload);
        return frame;
    }
    const quint32 key = qToBigEndian(*header.maskingKey);
    frame.append(reinterpret_cast<const char *>(&key), sizeof key);
    const qsizetype start = frame.size();
    frame.resize(start + payload.size());
    applyMask(frame.data() + start, payload.data(), payload.size(), *header.maskingKey);
    return frame;
}

QByteArray closePayload(quint16 code, QByteArrayView reason)
{
    const quint16 wire = qToBigEndian(code);
    return QByteArray(reinterpret_cast<const char *>(&wire), sizeof wire) + reason;
}

QByteArray fitCloseReason(QByteArrayView reason)
{
    constexpr qsizetype maxReason = 125 - 2; // a control payload holds 125 bytes, 2 of them the code (§5.5)
    if (reason.size() <= maxReason)
        return reason.toByteArray();
    qsizetype end = maxReason;
    while (end > 0 && (quint8(reason[end]) & 0xC0) == 0x80)
        --end; // reason[end] continues a character: cut before the character starts
    return reason.first(end).toByteArray();
}

} // namespace Duplex::FrameEncoder
