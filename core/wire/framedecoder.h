// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include <array>
#include <memory>
#include <optional>

#include "wire/permessagedeflate.h"
#include "wire/utf8validator.h"
#include "wire/websocketframe.h"

namespace Duplex {

// An incremental RFC 6455 decoder for one direction of one connection. Bytes may arrive in pieces of any size;
// every frame comes out with all its header fields, and the first violation of the protocol stops the stream with
// the close code it deserves. Memory stays bounded by the keep limit whatever length a frame declares.
class FrameDecoder
{
public:
    struct Options
    {
        Direction direction = Direction::ClientToServer;
        qsizetype keepBytes = 1024;  // payload (and inflated) bytes kept per frame; close frames are kept whole
        quint64 maxMessageBytes = 0; // a larger message is a violation (1009); 0 means no limit
        std::optional<DeflateParameters> deflate; // permessage-deflate, when the handshake negotiated it
    };

    explicit FrameDecoder(const Options &options);
    ~FrameDecoder();
    Q_DISABLE_COPY_MOVE(FrameDecoder)

    // Decodes bytes and appends the frames they complete to out. Returns false once the stream has broken the
    // protocol (see violation()); nothing after the violation is decoded.
    bool feed(QByteArrayView bytes, QList<Frame> &out);
    const std::optional<Violation> &violation() const { return m_violation; }

private:
    qsizetype takeHeader(QByteArrayView bytes);
    bool startFrame(const unsigned char *header);
    bool takePayload(QByteArrayView masked);
    bool takeData(QByteArrayView data, bool messageEnd = false); // unmasked payload of a data frame
    bool finishFrame(QList<Frame> &out);
    bool fail(quint16 closeCode, QByteArray reason);

    Options m_options;
    std::array<unsigned char, 14> m_header {}; // a header split between reads; the longest: 2 + 8 + 4 key bytes
    qsizetype m_headerSize = 0;                // bytes of m_header received
    bool m_inPayload = false;
    Frame m_frame;
    quint64 m_payloadSeen = 0;
    QByteArray m_unmasked; // scratch for payload bytes that are checked but not kept

    bool m_closeSeen = false;   // nothing may follow a close frame (§5.5.1)
    quint8 m_messageOpcode = 0; // text or binary while a fragmented message is open
    bool m_messageCompressed = false;
    quint64 m_messageBytes = 0; // of the current message so far, inflated where compressed
    Utf8Validator m_utf8;
    std::unique_ptr<Inflater> m_inflater;
    std::optional<Violation> m_violation;
};

} // namespace Duplex
