// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <optional>

#include "wire/websocketframe.h"

// Builds RFC 6455 frames byte by byte, for native connections in both roles, the load generator and tests.
namespace Duplex::FrameEncoder {

struct Header
{
    quint8 opcode = Opcode::text;
    bool fin = true;
    bool rsv1 = false;
    std::optional<quint32> maskingKey; // clients mask (§5.3), servers do not
    quint8 messageOpcode = 0;          // of a continuation: the text or binary opcode of the message it continues
};

// A frame with the shortest length encoding for payload (§5.2).
QByteArray encode(QByteArrayView payload, const Header &header = {});

// A frame as it is sent, with every field as a decoder reads it: a tap records a frame we send without decoding
// it, and a broadcast prepares one frame for all its receivers.
struct PreparedFrame
{
    QByteArray bytes; // the frame as it crosses the wire; only its header when tail is not empty
    // Empty, or the payload itself (shared) after the header in bytes: a large unmasked payload goes to the kernel
    // from where it is, where copying it after its header would cost more than a second piece to gather.
    QByteArray tail;
    Frame frame;
};
constexpr qsizetype sharedPayloadBytes = 16 << 10; // the smallest payload prepare() leaves in tail
PreparedFrame prepare(const QByteArray &payload, const Header &header, Direction direction); // shares payload
// The header bytes of a frame as they crossed the wire, rebuilt from its fields (its length encoding included).
QByteArray headerOf(const Frame &frame);
// The payload of a close frame: the code in network order, then the reason (§5.5.1).
QByteArray closePayload(quint16 code, QByteArrayView reason = {});
// reason cut to what a close frame holds (123 bytes after the code), at a UTF-8 character boundary.
QByteArray fitCloseReason(QByteArrayView reason);

} // namespace Duplex::FrameEncoder
