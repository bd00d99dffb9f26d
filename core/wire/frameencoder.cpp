// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/frameencoder.h"

#include <QtEndian>

#include "wire/framedecoder.h"

namespace Duplex::FrameEncoder {

namespace {

// Appends the header of §5.2: first byte, mask bit and length in the given encoding (7, 16 or 64 bits), key.
void appendHeader(QByteArray &out, char firstByte, std::optional<quint32> maskingKey, quint64 size, quint8 lengthBits)
{
    out.append(firstByte);
    const char maskBit = maskingKey ? char(0x80) : 0;
    if (lengthBits == 7) {
        out.append(char(maskBit | char(size)));
    } else if (lengthBits == 16) {
        out.append(char(maskBit | 126));
        const quint16 length = qToBigEndian(quint16(size));
        out.append(reinterpret_cast<const char *>(&length), sizeof length);
    } else {
        out.append(char(maskBit | 127));
        const quint64 length = qToBigEndian(size);
        out.append(reinterpret_cast<const char *>(&length), sizeof length);
    }
    if (maskingKey) {
        const quint32 key = qToBigEndian(*maskingKey);
        out.append(reinterpret_cast<const char *>(&key), sizeof key);
    }
}

} // namespace

QByteArray encode(QByteArrayView payload, const Header &header)
{
    const auto size = quint64(payload.size());
    QByteArray frame;
    frame.reserve(14 + payload.size());
    const quint8 lengthBits = size < 126 ? 7 : size <= 0xffff ? 16 : 64; // the shortest
    appendHeader(frame, char((header.fin ? 0x80 : 0) | (header.rsv1 ? 0x40 : 0) | (header.opcode & 0x0f)),
        header.maskingKey, size, lengthBits);
    if (!header.maskingKey) {
        frame.append(payload);
        return frame;
    }
    const qsizetype start = frame.size();
    frame.resize(start + payload.size());
    applyMask(frame.data() + start, payload.data(), payload.size(), *header.maskingKey);
    return frame;
}

PreparedFrame prepare(const QByteArray &payload, const Header &header, Direction direction)
{
    PreparedFrame prepared {encode(payload, header), {}};
    // The header as a decoder reads it, so that the fields recorded are the ones a tap would have decoded from the
    // bytes; the payload is the one given, not a copy of it.
    FrameDecoder decoder({.direction = direction, .keepBytes = 0, .maxMessageBytes = 0, .deflate = {}});
    QList<Frame> frames;
    decoder.feed(prepared.bytes, frames);
    Q_ASSERT(frames.size() == 1);
    prepared.frame = frames.constFirst();
    prepared.frame.payload = payload;
    return prepared;
}

QByteArray headerOf(const Frame &frame)
{
    QByteArray header;
    appendHeader(header,
        char((frame.fin ? 0x80 : 0) | (frame.rsv1 ? 0x40 : 0) | (frame.rsv2 ? 0x20 : 0) | (frame.rsv3 ? 0x10 : 0)
            | (frame.opcode & 0x0f)),
        frame.masked ? std::optional(frame.maskingKey) : std::nullopt, frame.payloadLength, frame.lengthBits);
    return header;
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
