// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/frameencoder.h"

#include <QtEndian>

#include <cstring>

namespace Duplex::FrameEncoder {

namespace {

// The header of §5.2: first byte, mask bit and length in the given encoding (7, 16 or 64 bits), key. Written
// into a buffer allocated once at its final size: a small message is sent far more often than anything else.
qsizetype headerSize(quint8 lengthBits, bool masked)
{
    return 2 + (lengthBits == 16 ? 2 : lengthBits == 64 ? 8 : 0) + (masked ? 4 : 0);
}

char *writeHeader(char *out, char firstByte, std::optional<quint32> maskingKey, quint64 size, quint8 lengthBits)
{
    *out++ = firstByte;
    const char maskBit = maskingKey ? char(0x80) : 0;
    if (lengthBits == 7) {
        *out++ = char(maskBit | char(size));
    } else if (lengthBits == 16) {
        *out++ = char(maskBit | 126);
        qToBigEndian(quint16(size), out);
        out += 2;
    } else {
        *out++ = char(maskBit | 127);
        qToBigEndian(size, out);
        out += 8;
    }
    if (maskingKey) {
        qToBigEndian(*maskingKey, out);
        out += 4;
    }
    return out;
}

quint8 shortestLengthBits(quint64 size)
{
    return size < 126 ? 7 : size <= 0xffff ? 16 : 64;
}

} // namespace

QByteArray encode(QByteArrayView payload, const Header &header)
{
    const auto size = quint64(payload.size());
    const quint8 lengthBits = shortestLengthBits(size);
    QByteArray frame(headerSize(lengthBits, header.maskingKey.has_value()) + payload.size(), Qt::Uninitialized);
    char *body
        = writeHeader(frame.data(), char((header.fin ? 0x80 : 0) | (header.rsv1 ? 0x40 : 0) | (header.opcode & 0x0f)),
            header.maskingKey, size, lengthBits);
    if (header.maskingKey)
        applyMask(body, payload.data(), payload.size(), *header.maskingKey);
    else if (!payload.isEmpty())
        std::memcpy(body, payload.data(), size_t(payload.size()));
    return frame;
}

PreparedFrame prepare(const QByteArray &payload, const Header &header, Direction direction)
{
    // What a decoder would read from the bytes (tst_frameencoder holds the two together), without decoding them
    // again: a message is sent far more often than it is recorded.
    // A compressed frame takes the sender's state to read, a continuation its message's opcode.
    Q_ASSERT(!header.rsv1 && (header.opcode != Opcode::continuation || header.messageOpcode != 0));
    PreparedFrame prepared;
    Frame &frame = prepared.frame;
    frame.direction = direction;
    frame.fin = header.fin;
    frame.opcode = header.opcode;
    frame.messageOpcode = header.opcode == Opcode::continuation ? header.messageOpcode : header.opcode;
    frame.masked = header.maskingKey.has_value();
    frame.maskingKey = header.maskingKey.value_or(0);
    frame.payloadLength = quint64(payload.size());
    frame.lengthBits = shortestLengthBits(frame.payloadLength);
    frame.headerSize = quint8(headerSize(frame.lengthBits, frame.masked));
    frame.payload = payload; // shared, not copied
    if (header.opcode == Opcode::close && payload.size() >= 2) {
        frame.closeCode = qFromBigEndian<quint16>(payload.constData());
        frame.closeReason = payload.sliced(2);
    }
    if (!frame.masked && payload.size() >= sharedPayloadBytes) {
        prepared.bytes = headerOf(frame);
        prepared.tail = payload;
    } else {
        prepared.bytes = encode(payload, header);
    }
    return prepared;
}

QByteArray headerOf(const Frame &frame)
{
    QByteArray header(headerSize(frame.lengthBits, frame.masked), Qt::Uninitialized);
    writeHeader(header.data(),
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
