// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/framedecoder.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace Duplex {

namespace {

// The header's size once its first two bytes are known: length and masking key follow them (§5.2).
qsizetype headerSizeFor(const unsigned char *header)
{
    const int length7 = header[1] & 0x7f;
    return 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (header[1] & 0x80 ? 4 : 0);
}

bool isKnownOpcode(quint8 opcode)
{
    return opcode <= Opcode::binary || (opcode >= Opcode::close && opcode <= Opcode::pong);
}

} // namespace

FrameDecoder::FrameDecoder(const Options &options)
    : m_options(options)
{
    if (options.deflate)
        m_inflater = std::make_unique<Inflater>(*options.deflate, options.direction);
}

FrameDecoder::~FrameDecoder() = default;

bool FrameDecoder::feed(QByteArrayView bytes, QList<Frame> &out)
{
    while (!m_violation) {
        if (!m_inPayload) {
            bytes = bytes.sliced(takeHeader(bytes));
            if (!m_inPayload)
                break; // the header is incomplete, or broke the protocol
        }
        const auto take = qsizetype(std::min<quint64>(m_frame.payloadLength - m_payloadSeen, quint64(bytes.size())));
        if (take > 0 && !takePayload(bytes.first(take)))
            break;
        bytes = bytes.sliced(take);
        if (m_payloadSeen < m_frame.payloadLength || !finishFrame(out) || bytes.isEmpty())
            break;
    }
    return !m_violation;
}

qsizetype FrameDecoder::takeHeader(QByteArrayView bytes)
{
    const auto *in = reinterpret_cast<const unsigned char *>(bytes.data());
    if (m_headerSize == 0 && bytes.size() >= 2 && bytes.size() >= headerSizeFor(in)) { // usually: read where it lies
        startFrame(in);
        return headerSizeFor(in);
    }
    qsizetype used = 0;
    for (;;) {
        const qsizetype needed = m_headerSize < 2 ? 2 : headerSizeFor(m_header.data());
        if (m_headerSize == needed) {
            m_headerSize = 0;
            startFrame(m_header.data());
            return used;
        }
        const qsizetype copy = std::min(needed - m_headerSize, bytes.size() - used);
        if (copy == 0)
            return used;
        std::memcpy(m_header.data() + m_headerSize, in + used, copy);
        m_headerSize += copy;
        used += copy;
    }
}

bool FrameDecoder::startFrame(const unsigned char *h)
{
    Frame &f = m_frame; // fresh: the last one went out whole
    f.direction = m_options.direction;
    f.fin = h[0] & 0x80;
    f.rsv1 = h[0] & 0x40;
    f.rsv2 = h[0] & 0x20;
    f.rsv3 = h[0] & 0x10;
    f.opcode = h[0] & 0x0f;
    f.masked = h[1] & 0x80;
    const quint8 length7 = h[1] & 0x7f;
    const unsigned char *next = h + 2;
    if (length7 == 126) {
        f.lengthBits = 16;
        f.payloadLength = qFromBigEndian<quint16>(next);
        next += 2;
    } else if (length7 == 127) {
        f.lengthBits = 64;
        f.payloadLength = qFromBigEndian<quint64>(next);
        next += 8;
    } else {
        f.payloadLength = length7;
    }
    if (f.masked) {
        f.maskingKey = qFromBigEndian<quint32>(next);
        next += 4;
    }
    f.headerSize = quint8(next - h);
    const auto length = [&f] { return QByteArray::number(f.payloadLength); }; // for a failure: most frames pass

    // Every check of §5.2 to §5.5 that a header alone can fail.
    if (m_closeSeen)
        return fail(CloseCode::protocolError, "frame after the close frame");
    if (!isKnownOpcode(f.opcode))
        return fail(CloseCode::protocolError, "reserved opcode 0x" + QByteArray::number(f.opcode, 16));
    if (f.rsv2 || f.rsv3)
        return fail(CloseCode::protocolError, "RSV2 or RSV3 set, but no extension defines them");
    if (f.rsv1 && !m_inflater)
        return fail(CloseCode::protocolError, "RSV1 set, but no extension was negotiated");
    if (f.rsv1 && (Opcode::isControl(f.opcode) || f.opcode == Opcode::continuation))
        return fail(CloseCode::protocolError, "RSV1 set on a frame that does not start a message");
    if (m_options.direction == Direction::ClientToServer && !f.masked)
        return fail(CloseCode::protocolError, "unmasked frame from a client");
    if (m_options.direction == Direction::ServerToClient && f.masked)
        return fail(CloseCode::protocolError, "masked frame from a server");
    if ((f.lengthBits == 16 && f.payloadLength < 126) || (f.lengthBits == 64 && f.payloadLength <= 0xffff))
        return fail(CloseCode::protocolError, "length " + length() + " not in its shortest encoding");
    if (f.payloadLength >> 63)
        return fail(CloseCode::protocolError, "64-bit length with its most significant bit set");

    if (Opcode::isControl(f.opcode)) {
        if (!f.fin)
            return fail(CloseCode::protocolError, "fragmented control frame");
        if (f.payloadLength > quint64(Opcode::maxControlPayload))
            return fail(CloseCode::protocolError, "control frame of " + length() + " bytes, more than 125");
        f.messageOpcode = f.opcode;
    } else if (f.opcode == Opcode::continuation) {
        if (!m_messageOpcode)
            return fail(CloseCode::protocolError, "continuation frame with no message to continue");
        f.messageOpcode = m_messageOpcode;
        f.compressed = m_messageCompressed;
    } else {
        if (m_messageOpcode)
            return fail(CloseCode::protocolError, "new data frame inside an unfinished fragmented message");
        m_messageOpcode = f.opcode;
        m_messageCompressed = f.rsv1;
        m_messageBytes = 0;
        m_utf8.reset();
        f.messageOpcode = f.opcode;
        f.compressed = f.rsv1;
    }
    const quint64 limit = m_options.maxMessageBytes;
    if (!Opcode::isControl(f.opcode) && !f.compressed) {
        if (limit && f.payloadLength > limit - std::min(limit, m_messageBytes))
            return fail(CloseCode::tooBig, "message over the limit of " + QByteArray::number(limit) + " bytes");
        m_messageBytes += f.payloadLength;
    }
    // Room for what will be kept, but no more than a megabyte ahead of the bytes: a declared length costs nothing to
    // claim.
    constexpr quint64 maxReserve = 1 << 20;
    const quint64 kept = Opcode::isControl(f.opcode) ? f.payloadLength : quint64(m_options.keepBytes);
    f.payload.reserve(qsizetype(std::min({f.payloadLength, kept, maxReserve})));
    m_payloadSeen = 0;
    m_inPayload = true;
    return true;
}

bool FrameDecoder::takePayload(QByteArrayView bytes)
{
    const quint64 offset = m_payloadSeen;
    m_payloadSeen += quint64(bytes.size());
    const bool control = Opcode::isControl(m_frame.opcode);
    const qsizetype keep
        = control ? bytes.size() : std::clamp(m_options.keepBytes - m_frame.payload.size(), qsizetype(0), bytes.size());
    // Bytes past the keep limit are unmasked only when their content must be checked or inflated.
    const bool inspect = !control && (m_frame.compressed || m_frame.messageOpcode == Opcode::text);
    const qsizetype unmask = inspect ? bytes.size() : keep;
    if (!m_frame.masked || unmask == 0) {
        m_frame.payload.append(bytes.first(keep));
        return !inspect || takeData(bytes);
    }
    if (unmask == keep) { // unmask straight into the kept payload
        const qsizetype at = m_frame.payload.size();
        m_frame.payload.resize(at + keep);
        applyMask(m_frame.payload.data() + at, bytes.data(), keep, m_frame.maskingKey, offset);
        return !inspect || takeData(QByteArrayView(m_frame.payload).sliced(at));
    }
    m_unmasked.resize(unmask);
    applyMask(m_unmasked.data(), bytes.data(), unmask, m_frame.maskingKey, offset);
    m_frame.payload.append(QByteArrayView(m_unmasked).first(keep));
    return takeData(m_unmasked);
}

bool FrameDecoder::takeData(QByteArrayView data, bool messageEnd)
{
    const bool text = m_frame.messageOpcode == Opcode::text;
    if (!m_frame.compressed) {
        if (text && !m_utf8.feed(data))
            return fail(CloseCode::invalidPayload, "invalid UTF-8 in a text message");
        return true;
    }
    bool tooBig = false;
    const bool inflated = m_inflater->inflate(data, messageEnd, [&](QByteArrayView out) {
        m_frame.inflatedLength += quint64(out.size());
        m_messageBytes += quint64(out.size());
        m_frame.inflated.append(
            out.first(std::clamp(m_options.keepBytes - m_frame.inflated.size(), qsizetype(0), out.size())));
        tooBig = tooBig || (m_options.maxMessageBytes && m_messageBytes > m_options.maxMessageBytes);
        if (text)
            m_utf8.feed(out);
    });
    if (!inflated)
        return fail(CloseCode::invalidPayload, "compressed payload that is not valid deflate data");
    if (tooBig)
        return fail(CloseCode::tooBig,
            "message inflates beyond the limit of " + QByteArray::number(m_options.maxMessageBytes) + " bytes");
    if (m_utf8.hasFailed())
        return fail(CloseCode::invalidPayload, "invalid UTF-8 in a text message");
    return true;
}

bool FrameDecoder::finishFrame(QList<Frame> &out)
{
    m_inPayload = false;
    if (m_frame.compressed && m_frame.fin && !takeData({}, true))
        return false;
    if (m_frame.opcode == Opcode::close) {
        m_closeSeen = true;
        const QByteArray &payload = m_frame.payload;
        if (payload.size() == 1)
            return fail(CloseCode::protocolError, "close payload of 1 byte: a code takes 2");
        if (payload.size() >= 2) {
            const quint16 code = qFromBigEndian<quint16>(payload.constData());
            if (!CloseCode::mayBeSent(code))
                return fail(CloseCode::protocolError, "close code " + QByteArray::number(code) + " may not be sent");
            if (!Utf8Validator::isValid(payload.sliced(2)))
                return fail(CloseCode::invalidPayload, "close reason that is not valid UTF-8");
            m_frame.closeCode = code;
            m_frame.closeReason = payload.sliced(2);
        }
    }
    if (!Opcode::isControl(m_frame.opcode) && m_frame.fin) {
        if (m_frame.messageOpcode == Opcode::text && !m_utf8.isComplete())
            return fail(CloseCode::invalidPayload, "text message that ends inside a UTF-8 character");
        m_messageOpcode = 0;
        m_messageCompressed = false;
    }
    out.append(std::move(m_frame));
    m_frame = Frame(); // startFrame() fills in a fresh one
    return true;
}

bool FrameDecoder::fail(quint16 closeCode, QByteArray reason)
{
    m_violation = Violation {closeCode, std::move(reason)};
    m_inPayload = false;
    return false;
}

} // namespace Duplex
