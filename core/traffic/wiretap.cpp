// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/wiretap.h"

#include "traffic/trafficlog.h"

namespace Duplex {

namespace {

// A direction's frames are kept whole: up to its message limit, or all of them without one.
qsizetype keptBytes(quint64 maxMessageBytes)
{
    return maxMessageBytes ? qsizetype(maxMessageBytes) : std::numeric_limits<qsizetype>::max();
}

} // namespace

WireTap::WireTap(TrafficLog &log, const ConnectionOpened &connection, const Options &options)
    : m_log(log)
    , m_connection(log.newConnectionId())
    , m_options(options)
{
    record(connection);
}

WireTap::~WireTap() = default;

void WireTap::fromClient(QByteArrayView bytes, QList<Frame> *completed)
{
    if (m_violation || m_closed)
        return;
    QList<Frame> discarded;
    QList<Frame> &frames = completed ? *completed : discarded;
    if (isOpen())
        decode(m_client, bytes, frames);
    else if (takeHead(m_client, bytes) && !m_server.head.isEmpty())
        open(frames); // the response came first: a server may refuse before the request is complete
}

void WireTap::fromServer(QByteArrayView bytes, QList<Frame> *completed)
{
    if (m_violation || m_closed)
        return;
    QList<Frame> discarded;
    QList<Frame> &frames = completed ? *completed : discarded;
    if (isOpen())
        decode(m_server, bytes, frames);
    else if (m_server.head.isEmpty() && takeHead(m_server, bytes))
        open(frames);
}

void WireTap::sent(const Frame &frame)
{
    Q_ASSERT(isOpen());
    if (!m_violation && !m_closed)
        take(frame.direction == Direction::ClientToServer ? m_client : m_server, frame);
}

bool WireTap::takeHead(Side &side, QByteArrayView bytes)
{
    side.pending.append(bytes);
    const qsizetype length = side.head.isEmpty() ? HttpHead::headLength(side.pending) : -1;
    if (length < 0) {
        // An unfinished head, or frames sent before the handshake is done, wait within the head's bound.
        if (side.pending.size() > m_options.maxHeadBytes) {
            m_violation = ProtocolViolation {side.direction,
                {CloseCode::protocolError,
                    "more than " + QByteArray::number(m_options.maxHeadBytes)
                        + " bytes before the handshake completed"}};
            record(*m_violation);
        }
        return false;
    }
    side.head = side.pending.first(length);
    side.pending.remove(0, length);
    return true;
}

void WireTap::open(QList<Frame> &frames)
{
    record(HandshakeExchanged {m_client.head, m_server.head});
    const auto request = HttpHead::parseRequest(m_client.head);
    const auto response = HttpHead::parseResponse(m_server.head);
    if (!request || !response)
        return; // not HTTP: no frames follow
    m_verdict = Handshake::check(*request, *response);
    const Handshake::Verdict &verdict = *m_verdict;
    if (verdict.status != 101)
        return; // refused: no frames follow
    m_client.decoder = std::make_unique<FrameDecoder>(FrameDecoder::Options {.direction = Direction::ClientToServer,
        .keepBytes = keptBytes(m_options.maxMessageBytes),
        .maxMessageBytes = m_options.maxMessageBytes,
        .deflate = verdict.deflate});
    m_server.decoder = std::make_unique<FrameDecoder>(FrameDecoder::Options {.direction = Direction::ServerToClient,
        .keepBytes = keptBytes(m_options.maxServerMessageBytes),
        .maxMessageBytes = m_options.maxServerMessageBytes,
        .deflate = verdict.deflate});
    // Frames that followed either head have waited for the decoders.
    decode(m_server, std::exchange(m_server.pending, {}), frames);
    decode(m_client, std::exchange(m_client.pending, {}), frames);
}

void WireTap::decode(Side &side, QByteArrayView bytes, QList<Frame> &frames)
{
    if (m_violation || bytes.isEmpty())
        return;
    const qsizetype first = frames.size();
    const bool ok = side.decoder->feed(bytes, frames);
    for (qsizetype i = first; i < frames.size(); ++i)
        take(side, frames[i]);
    if (!ok) {
        m_violation = ProtocolViolation {side.direction, *side.decoder->violation()};
        record(*m_violation);
    }
}

void WireTap::take(Side &side, const Frame &frame)
{
    if (frame.opcode == Opcode::close && !std::exchange(side.sentClose, true) && !m_firstClose)
        m_firstClose = frame;
    if (m_log.isHeard())
        record(frame);
}

ConnectionClosed WireTap::finish(std::optional<Closer> closer, std::optional<quint16> code, const QByteArray &reason)
{
    if (m_closed)
        return *m_closed;
    ConnectionClosed closed {closer.value_or(Closer::Nobody), code, reason, m_client.sentClose && m_server.sentClose};
    if (!closer && m_firstClose) {
        closed.closer = m_firstClose->direction == Direction::ClientToServer ? Closer::Client : Closer::Server;
        closed.code = m_firstClose->closeCode;
        closed.reason = m_firstClose->closeReason;
    }
    m_closed = closed;
    record(closed);
    return closed;
}

void WireTap::record(TrafficRecord::Event event)
{
    m_log.append(TrafficRecord {-1, m_connection, std::move(event), m_options.session});
}

} // namespace Duplex
