// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include <memory>
#include <optional>

#include "framedecoder.h"
#include "httphead.h"
#include "trafficrecord.h"

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
        // Client payload bytes kept per frame, for a carrier that re-sends frames; the log keeps a preview only.
        qsizetype clientKeepBytes = 1024;
        quint64 maxMessageBytes = 0; // from the client; 0 means no limit
        qsizetype maxHeadBytes = 16 << 10;
    };

    WireTap(TrafficLog &log, const ConnectionOpened &connection, const Options &options);
    ~WireTap();
    Q_DISABLE_COPY_MOVE(WireTap)

    quint64 connectionId() const { return m_connection; }
    // Feed the bytes each side sent, in order. Returns the frames they completed (client frames that arrived
    // before the response head come out with the response).
    const QList<Frame> &fromClient(QByteArrayView bytes);
    const QList<Frame> &fromServer(QByteArrayView bytes);

    // The response said 101 and frames are flowing.
    bool isOpen() const { return m_server.decoder != nullptr; }
    // The first violation seen from either side, if any; nothing is decoded after it.
    const std::optional<ProtocolViolation> &violation() const { return m_violation; }
    // No frame is half-sent from the server, so a frame of one's own may go to the client now.
    bool serverAtFrameBoundary() const { return !m_server.decoder || m_server.decoder->atFrameBoundary(); }

    // Records how the connection ended. Without a closer, it is whoever sent the first close frame.
    void finish(std::optional<Closer> closer = std::nullopt, std::optional<quint16> code = std::nullopt,
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
    void open();
    void decode(Side &side, QByteArrayView bytes);
    void record(TrafficRecord::Event event);

    TrafficLog &m_log;
    quint64 m_connection;
    Options m_options;
    Side m_client {Direction::ClientToServer, {}, {}, {}};
    Side m_server {Direction::ServerToClient, {}, {}, {}};
    std::optional<Frame> m_firstClose; // the close frame that started the closing handshake
    QList<Frame> m_frames;
    std::optional<ProtocolViolation> m_violation;
    bool m_finished = false;
};

} // namespace Duplex
