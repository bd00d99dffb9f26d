// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <optional>

namespace Duplex {

// Which way a frame travelled. Clients mask their frames, servers do not (RFC 6455 §5.1).
enum class Direction : quint8 { ClientToServer, ServerToClient };

// Opcodes of RFC 6455 §5.2; the others are reserved and kept as raw numbers where they appear.
namespace Opcode {
constexpr quint8 continuation = 0x0;
constexpr quint8 text = 0x1;
constexpr quint8 binary = 0x2;
constexpr quint8 close = 0x8;
constexpr quint8 ping = 0x9;
constexpr quint8 pong = 0xA;
constexpr bool isControl(quint8 opcode)
{
    return opcode & 0x8;
}
constexpr qsizetype maxControlPayload = 125; // §5.5
} // namespace Opcode

// Close codes the decoder and the guard use (RFC 6455 §7.4.1).
namespace CloseCode {
constexpr quint16 normal = 1000;
constexpr quint16 goingAway = 1001;
constexpr quint16 protocolError = 1002;
constexpr quint16 unsupportedData = 1003;
constexpr quint16 noStatus = 1005;       // reported, never sent: the close frame had no code
constexpr quint16 abnormal = 1006;       // reported, never sent: no close frame came
constexpr quint16 invalidPayload = 1007; // bad UTF-8
constexpr quint16 policyViolation = 1008;
constexpr quint16 tooBig = 1009;
constexpr quint16 internalError = 1011;
constexpr quint16 badGateway = 1014; // a gateway's upstream answered wrongly
// Whether a peer may send code in a close frame: 1005, 1006 and 1015 are only for reporting, and unassigned
// codes below 3000 are reserved (§7.4.2).
constexpr bool mayBeSent(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}
} // namespace CloseCode

// One frame as it crossed the wire: every header field, and its payload unmasked (and inflated, for
// permessage-deflate) up to the decoder's keep limit.
struct Frame
{
    Direction direction = Direction::ClientToServer;
    bool fin = true;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    quint8 opcode = Opcode::text;
    bool masked = false;
    quint32 maskingKey = 0;           // the four key bytes in wire order, big-endian
    quint64 payloadLength = 0;        // as declared, whatever was kept
    quint8 lengthBits = 7;            // which encoding carried the length: 7, 16 or 64 (§5.2)
    quint8 headerSize = 2;            // bytes before the payload
    QByteArray payload;               // unmasked, at most the keep limit
    quint8 messageOpcode = 0;         // text or binary for data frames, continuation included; the opcode otherwise
    bool compressed = false;          // RSV1 under permessage-deflate: payload is compressed, inflated is the text
    QByteArray inflated;              // what payload inflated to, at most the keep limit
    quint64 inflatedLength = 0;       // bytes payload inflated to in total
    std::optional<quint16> closeCode; // close frames with a payload
    QByteArray closeReason;

    qint64 wireSize() const { return headerSize + qint64(payloadLength); }
    // The application data of this frame: inflated when it was compressed.
    const QByteArray &data() const { return compressed ? inflated : payload; }
};

// Masks or unmasks (the same XOR, §5.3) size bytes from in to out, which may be the same buffer; offset is the
// position of in[0] within the payload, so a payload can be processed in pieces.
void applyMask(char *out, const char *in, qsizetype size, quint32 maskingKey, quint64 offset = 0);

// Why a stream of frames broke the protocol, with the close code the other side should answer with.
struct Violation
{
    quint16 closeCode = CloseCode::protocolError;
    QByteArray reason;
};

} // namespace Duplex
