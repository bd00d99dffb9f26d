// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include <memory>
#include <optional>

#include "traffic/trafficrecord.h"
#include "wire/framedecoder.h"
#include "wire/handshake.h"
#include "wire/httphead.h"

namespace Duplex {

class TrafficLog;

// Watches one WebSocket connection from the middle of the wire: the request and response heads, then every frame
// both ways, recorded into a traffic log. It only observes; whoever carries the bytes decides what to do with a
// violation.
class WireTap
{
public:
    struct Options
    {
        // Frames are kept whole, up to the message limit of their direction (a longer one is a violation).
        quint64 maxMessageBytes = 0; // from the client; 0 means no limit
        qsizetype maxHeadBytes = HttpHead::defaultMaxBytes;
        quint64 maxServerMessageBytes = 0;
        quint64 session = 0; // the client session the connection belongs to, if any
    };

    // How the carrier of the connection (see Carrier) bounds its buffers: it reads at most carrierChunkBytes at a
    // time, and a socket's carrier lets its socket hold that much unread and hands it more to send only while less
    // than carrierHighWaterBytes are waiting. A read takes a 64 KiB message whole with its header: at 64 KiB, each
    // took a second read for its last bytes.
    static constexpr qint64 carrierChunkBytes = 128 * 1024;
    static constexpr qint64 carrierHighWaterBytes = 256 * 1024;

    WireTap(TrafficLog &log, const ConnectionOpened &connection, const Options &options);
    ~WireTap();
    Q_DISABLE_COPY_MOVE(WireTap)

    quint64 connectionId() const { return m_connection; }
    // Feed the bytes each side sent, in order. The frames they complete are recorded and, with completed, appended
    // to it (client frames that arrived before the response head come out with the response).
    void fromClient(QByteArrayView bytes, QList<Frame> *completed = nullptr);
    void fromServer(QByteArrayView bytes, QList<Frame> *completed = nullptr);
    // A whole frame the carrier sends, once the handshake is done: recorded as it is, without decoding its bytes.
    void sent(const Frame &frame);

    // Both heads have crossed, and were HTTP.
    const std::optional<Handshake::Verdict> &verdict() const { return m_verdict; }
    // The response said 101 and frames are flowing.
    bool isOpen() const { return m_server.decoder != nullptr; }
    // The first violation seen from either side, if any; nothing is decoded after it.
    const std::optional<ProtocolViolation> &violation() const { return m_violation; }

    // Records how the connection ended, once, and returns it. Without a closer, it is whoever sent the first close
    // frame.
    ConnectionClosed finish(std::optional<Closer> closer = std::nullopt, std::optional<quint16> code = std::nullopt,
        const QByteArray &reason = {});

private:
    struct Side
    {
        Direction direction;
        QByteArray head;                       // this side's HTTP head, once complete
        QByteArray pending;                    // bytes not decoded yet: the head, then frames sent too early
        std::unique_ptr<FrameDecoder> decoder; // once the handshake succeeded
        bool sentClose = false;
    };

    bool takeHead(Side &side, QByteArrayView bytes);
    void open(QList<Frame> &frames);
    void decode(Side &side, QByteArrayView bytes, QList<Frame> &frames);
    void take(Side &side, const Frame &frame);
    void record(TrafficRecord::Event event);

    TrafficLog &m_log;
    quint64 m_connection;
    Options m_options;
    Side m_client {Direction::ClientToServer, {}, {}, {}};
    Side m_server {Direction::ServerToClient, {}, {}, {}};
    std::optional<Handshake::Verdict> m_verdict;
    std::optional<Frame> m_firstClose; // the close frame that started the closing handshake
    std::optional<ProtocolViolation> m_violation;
    std::optional<ConnectionClosed> m_closed; // once finished
};

} // namespace Duplex
