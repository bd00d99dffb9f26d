// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "relay/websocketrelay.h"

#include <QRandomGenerator>
#include <QSslSocket>
#include <QTimer>

#include <deque>

#include "client/serversocket.h"
#include "traffic/socketcarrier.h"
#include "traffic/trafficlog.h"
#include "traffic/wiretap.h"
#include "wire/frameencoder.h"
#include "wire/httphead.h"
#include "wire/messageassembler.h"
#include "wire/utf8validator.h"

using namespace Qt::StringLiterals;

namespace Duplex {

// One client's connection, carried on: its request head gathered and given the upstream's Host, the upstream's TCP
// and TLS connection made, then the bytes both ways, through the wire tap, until either side ends. In intercept
// mode, once the upstream's answer is an upgrade, messages instead of bytes: each side's frames decoded by the tap of
// its own connection, gathered into messages that wait in a lane per direction, and sent on as frames of the relay's.
class RelayedConnection final : public QObject
{
public:
    RelayedConnection(WebSocketRelay &relay, QTcpSocket *client);

    // Ends both sides at once, with why for the log.
    void end(const QByteArray &why);
    // Intercept mode: see WebSocketRelay.
    bool release(quint64 message, const std::optional<QByteArray> &payload);
    bool drop(quint64 message);
    bool send(Direction direction, quint8 opcode, const QByteArray &payload);

private:
    enum class Stage : quint8 { Head, Connecting, Carrying, Ended };
    enum class Carriage : quint8 { Bytes, AwaitingResponse, Messages };

    // One direction's messages in intercept mode, in the order they were whole; the first one held stops those
    // behind it. Pings and pongs do not wait; a close does, so nothing follows it.
    struct Lane
    {
        struct Message
        {
            quint8 opcode = Opcode::text;
            QByteArray payload;
            quint64 heldAs = 0; // while held
        };
        MessageAssembler assembler;
        std::deque<Message> waiting;
        qint64 waitingBytes = 0;
        bool closed = false; // a close frame went on
    };

    const QUrl &upstream() const { return m_relay.m_options.upstream; }
    QString server() const { return ServerSocket::name(upstream()); }
    void onClientReadable();
    void takeHead();
    void connectUpstream();
    void onUpstreamConnected();
    void onSslErrors(const QList<QSslError> &errors);
    void onUpstreamReady();
    void onUpstreamError();
    void refuseUnreachable();
    void onDeadline();
    void pump(QTcpSocket &from, QTcpSocket &to);
    void watch(const QTcpSocket &from, QByteArrayView bytes); // through the tap, what from sent
    void onGone(QTcpSocket &side);
    std::unique_ptr<WireTap> tapOf(const ConnectionOpened &opened) const;
    void refuse(int status, QByteArrayView phrase, const QString &failure);
    void deleteOnceClosed();

    // Intercept mode.
    void takeResponseHead();
    void carryMessages(QTcpSocket &from, qint64 bound);
    void take(Direction direction, const Frame &frame);
    void flush(Direction direction);
    void sendFrame(Direction direction, quint8 opcode, const QByteArray &payload);
    void failProtocol(const ProtocolViolation &violation);
    void endMessages();
    Lane &lane(Direction direction) { return m_lanes[size_t(direction)]; }
    struct Held
    {
        Direction direction;
        std::deque<Lane::Message>::iterator message;
    };
    std::optional<Held> find(quint64 message);
    void letGo(quint64 message, Direction direction); // after release or drop
    QTcpSocket &receiver(Direction direction) const
    {
        return direction == Direction::ClientToServer ? *m_upstream : *m_client;
    }
    QTcpSocket &sender(Direction direction) const
    {
        return direction == Direction::ClientToServer ? *m_client : *m_upstream;
    }

    WebSocketRelay &m_relay;
    QTcpSocket *m_client;
    QTcpSocket *m_upstream = nullptr; // a QSslSocket for wss://
    QString m_clientEnd;              // "address:port"
    QByteArray m_path;
    QByteArray m_fromClient;        // the head being gathered, then the head for the upstream and what followed it
    QByteArray m_clientHead;        // in intercept mode, the head as the client sent it
    QByteArray m_fromUpstream;      // in intercept mode, the response head being gathered
    std::unique_ptr<WireTap> m_tap; // the connection upstream; in bytes, both
    std::unique_ptr<WireTap> m_clientTap; // in intercept mode, the client's connection to the relay
    QTimer m_deadline;                    // until the bytes flow
    QString m_failure; // why the upstream could not be reached, when the socket's own error says less
    Stage m_stage = Stage::Head;
    Carriage m_carriage;
    std::array<Lane, 2> m_lanes; // by Direction
};

RelayedConnection::RelayedConnection(WebSocketRelay &relay, QTcpSocket *client)
    : QObject(&relay)
    , m_relay(relay)
    , m_client(client)
    , m_clientEnd(ConnectionOpened::endpoint(client->peerAddress(), client->peerPort()))
    , m_carriage(relay.m_options.intercept ? Carriage::AwaitingResponse : Carriage::Bytes)
{
    m_client->setParent(this);
    m_client->setReadBufferSize(WireTap::carrierChunkBytes);
    connect(m_client, &QTcpSocket::readyRead, this, &RelayedConnection::onClientReadable);
    connect(m_client, &QTcpSocket::bytesWritten, this, [this] {
        if (m_stage == Stage::Carrying)
            pump(*m_upstream, *m_client);
    });
    connect(m_client, &QTcpSocket::disconnected, this, [this] { onGone(*m_client); });
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &RelayedConnection::onDeadline);
    m_deadline.start(relay.m_options.openingTimeout);
    onClientReadable(); // what came with the connection
}

void RelayedConnection::onClientReadable()
{
    switch (m_stage) {
    case Stage::Head:
        return takeHead();
    case Stage::Carrying:
        return pump(*m_client, *m_upstream);
    case Stage::Connecting: // waits in the socket, which stops reading when its buffer is full
        return;
    case Stage::Ended:
        m_client->readAll(); // unread input would make the kernel reset the connection, losing our answer
        return;
    }
}

void RelayedConnection::takeHead()
{
    m_fromClient += m_client->readAll();
    const qsizetype length = HttpHead::headLength(m_fromClient);
    if (HttpHead::isTooLong(m_fromClient, length))
        return refuse(431, "Request Header Fields Too Large", u"the request head is longer than 16 KiB"_s);
    if (length < 0)
        return;
    QByteArray error;
    const auto request = HttpHead::parseRequest(QByteArrayView(m_fromClient).first(length), &error);
    if (!request)
        return refuse(400, "Bad Request", u"the request is not HTTP: "_s + QString::fromLatin1(error));
    if (!request->hasToken("Upgrade", "websocket"))
        return refuse(426, "Upgrade Required",
            u"the relay carries WebSocket connections only, and this request asks for no upgrade"_s);
    m_path = request->path();
    QByteArray head = HttpHead::withHost(m_fromClient.first(length), HttpHead::hostField(upstream()));
    if (m_carriage == Carriage::AwaitingResponse) {
        m_clientHead = m_fromClient.first(length);
        head = HttpHead::withoutField(head, "Sec-WebSocket-Extensions");
    }
    m_fromClient.replace(0, length, head);
    connectUpstream();
}

void RelayedConnection::connectUpstream()
{
    m_stage = Stage::Connecting;
    m_upstream = ServerSocket::create(upstream(), this, m_relay.m_options.tls, m_relay.m_options.proxy);
    connect(m_upstream, &QTcpSocket::connected, this, &RelayedConnection::onUpstreamConnected);
    connect(m_upstream, &QTcpSocket::errorOccurred, this, &RelayedConnection::onUpstreamError);
    connect(m_upstream, &QTcpSocket::readyRead, this, [this] {
        if (m_stage == Stage::Carrying)
            m_carriage == Carriage::AwaitingResponse ? takeResponseHead() : pump(*m_upstream, *m_client);
    });
    const auto pumpUp = [this] {
        if (m_stage == Stage::Carrying)
            pump(*m_client, *m_upstream);
    };
    connect(m_upstream, &QTcpSocket::bytesWritten, this, pumpUp);
    connect(m_upstream, &QTcpSocket::disconnected, this, [this] { onGone(*m_upstream); });
    if (auto *tls = qobject_cast<QSslSocket *>(m_upstream)) {
        connect(tls, &QSslSocket::encrypted, this, &RelayedConnection::onUpstreamReady);
        connect(tls, &QSslSocket::sslErrors, this, &RelayedConnection::onSslErrors);
        connect(tls, &QSslSocket::encryptedBytesWritten, this, pumpUp); // what waits encrypted counts as waiting
    }
    ServerSocket::connectTo(*m_upstream, upstream());
}

void RelayedConnection::onUpstreamConnected()
{
    ConnectionOpened opened = ConnectionOpened::ofClient(*m_upstream, m_path);
    opened.relayedFor = m_clientEnd;
    m_tap = tapOf(opened);
    if (m_carriage == Carriage::AwaitingResponse) {
        m_clientTap = tapOf(ConnectionOpened {m_clientEnd, m_path,
            ConnectionOpened::endpoint(m_client->localAddress(), m_client->localPort()), {}, server()});
    }
    if (!qobject_cast<QSslSocket *>(m_upstream))
        onUpstreamReady();
}

void RelayedConnection::onSslErrors(const QList<QSslError> &errors)
{
    if (auto rejection
        = ServerSocket::checkCertificate(*static_cast<QSslSocket *>(m_upstream), m_relay.m_trust, server(), errors)) {
        m_failure = rejection->failure;
        Q_EMIT m_relay.certificateRejected(rejection->certificate);
    }
}

void RelayedConnection::onUpstreamReady()
{
    m_stage = Stage::Carrying;
    m_deadline.stop();
    QByteArray request = std::exchange(m_fromClient, {});
    if (m_clientTap) {
        // The client's frames wait for the answer: until then its tap holds what came after the head.
        const qsizetype length = HttpHead::headLength(request);
        m_clientTap->fromClient(QByteArray(m_clientHead + request.sliced(length)));
        request.truncate(length);
    }
    m_tap->fromClient(request);
    m_upstream->write(request);
    pump(*m_client, *m_upstream);
}

void RelayedConnection::onUpstreamError()
{
    // A connection that never was ends here; one that was, with disconnected().
    if (m_stage == Stage::Connecting && m_upstream->state() == QAbstractSocket::UnconnectedState)
        refuseUnreachable();
}

void RelayedConnection::refuseUnreachable()
{
    refuse(502, "Bad Gateway", m_failure.isEmpty() ? ServerSocket::failure(*m_upstream, server()) : m_failure);
}

void RelayedConnection::onDeadline()
{
    const double seconds = double(m_relay.m_options.openingTimeout.count()) / 1000;
    if (m_stage == Stage::Head)
        refuse(408, "Request Timeout", u"the request head did not arrive within %1 s"_s.arg(seconds));
    else
        refuse(504, "Gateway Timeout", u"%1 did not take the connection within %2 s"_s.arg(server()).arg(seconds));
}

void RelayedConnection::pump(QTcpSocket &from, QTcpSocket &to)
{
    if (m_carriage == Carriage::AwaitingResponse)
        return; // the client's frames wait in its socket
    if (m_carriage == Carriage::Messages)
        return carryMessages(from, WireTap::carrierHighWaterBytes);
    // As much as the receiving side takes: a slow peer slows its sender, through TCP, and holds no more than this.
    while (from.bytesAvailable() > 0 && SocketCarrier::queuedBytes(to) < WireTap::carrierHighWaterBytes) {
        const QByteArray bytes = from.read(WireTap::carrierChunkBytes);
        watch(from, bytes);
        to.write(bytes);
    }
}

void RelayedConnection::watch(const QTcpSocket &from, QByteArrayView bytes)
{
    if (m_tap->verdict() && !m_tap->isOpen())
        return; // after a refused upgrade the rest is the refusal's body: nothing to decode
    &from == m_client ? m_tap->fromClient(bytes) : m_tap->fromServer(bytes);
}

void RelayedConnection::onGone(QTcpSocket &side)
{
    if (m_stage == Stage::Connecting && &side == m_upstream)
        return refuseUnreachable(); // a TLS handshake that failed
    if (m_stage != Stage::Carrying) {
        if (&side == m_client && m_stage != Stage::Ended)
            end("the client left before the upstream took the connection");
        return deleteOnceClosed();
    }
    // What the side sent before it went still goes to the other, which is then closed once it has all of it.
    QTcpSocket &other = &side == m_client ? *m_upstream : *m_client;
    if (m_carriage == Carriage::Messages) {
        carryMessages(side, std::numeric_limits<qint64>::max());
    } else {
        while (side.bytesAvailable() > 0) {
            const QByteArray bytes = side.readAll();
            watch(side, bytes);
            other.write(bytes);
        }
    }
    m_stage = Stage::Ended;
    m_tap->finish();
    if (m_clientTap)
        m_clientTap->finish();
    endMessages();
    other.disconnectFromHost();
    deleteOnceClosed();
}

std::unique_ptr<WireTap> RelayedConnection::tapOf(const ConnectionOpened &opened) const
{
    const quint64 limit = m_relay.m_options.maxMessageBytes;
    return std::make_unique<WireTap>(m_relay.m_log, opened,
        WireTap::Options {.maxMessageBytes = limit, .maxServerMessageBytes = limit, .session = m_relay.m_session});
}

void RelayedConnection::refuse(int status, QByteArrayView phrase, const QString &failure)
{
    m_stage = Stage::Ended;
    m_deadline.stop();
    if (m_upstream) {
        m_upstream->disconnect(this);
        m_upstream->abort();
    }
    const QByteArray body = failure.toUtf8() + '\n';
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + phrase.toByteArray()
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n";
    if (status == 426)
        head += "Upgrade: websocket\r\n";
    head += "\r\n";
    // Recorded as the room records its refusals: what the client sent, the answer, and why.
    if (!m_tap)
        m_tap = tapOf(ConnectionOpened {server(), m_path, {}, m_clientEnd});
    m_tap->fromClient(std::exchange(m_fromClient, {}));
    WireTap &toClient = m_clientTap ? *m_clientTap : *m_tap;
    toClient.fromServer(head);
    toClient.finish(Closer::Guard, std::nullopt, failure.toUtf8());
    m_tap->finish(Closer::Guard, std::nullopt, failure.toUtf8());
    m_client->readAll();
    m_client->write(head + body);
    m_client->disconnectFromHost();
    Q_EMIT m_relay.refused(failure);
    deleteOnceClosed();
}

void RelayedConnection::end(const QByteArray &why)
{
    m_stage = Stage::Ended;
    m_deadline.stop();
    for (WireTap *tap : {m_tap.get(), m_clientTap.get()}) {
        if (tap)
            tap->finish(Closer::Guard, std::nullopt, why);
    }
    endMessages();
    for (QTcpSocket *socket : {m_client, m_upstream}) {
        if (socket) {
            socket->disconnect(this);
            socket->abort();
        }
    }
    deleteOnceClosed();
}

void RelayedConnection::deleteOnceClosed()
{
    const auto closed
        = [](const QTcpSocket *socket) { return !socket || socket->state() == QAbstractSocket::UnconnectedState; };
    if (closed(m_client) && closed(m_upstream))
        deleteLater();
}

void RelayedConnection::takeResponseHead()
{
    m_fromUpstream += m_upstream->readAll();
    const qsizetype length = HttpHead::headLength(m_fromUpstream);
    if (HttpHead::isTooLong(m_fromUpstream, length))
        return refuse(502, "Bad Gateway", u"%1 answered with a head longer than 16 KiB"_s.arg(server()));
    if (length < 0)
        return;
    const QByteArray head = m_fromUpstream.first(length);
    const auto response = HttpHead::parseResponse(head);
    const bool upgraded = response && response->statusCode() == 101;
    m_tap->fromServer(head);
    if (upgraded && !response->value("Sec-WebSocket-Extensions").isEmpty())
        return refuse(502, "Bad Gateway",
            u"%1 accepted an extension the relay did not offer: %2"_s.arg(
                server(), QString::fromLatin1(response->value("Sec-WebSocket-Extensions"))));
    QList<Frame> early; // the client's, which waited for the answer
    m_clientTap->fromServer(head, &early);
    m_client->write(head);
    const QByteArray rest = std::exchange(m_fromUpstream, {}).sliced(length);
    if (!upgraded) {
        // A refusal, which goes on as it is, body and all.
        m_carriage = Carriage::Bytes;
        watch(*m_upstream, rest);
        m_client->write(rest);
        return pump(*m_upstream, *m_client);
    }
    m_carriage = Carriage::Messages;
    m_relay.m_byConnection.insert(m_tap->connectionId(), this);
    Q_EMIT m_relay.messagesOpened(m_tap->connectionId(), m_clientEnd);
    for (const Frame &frame : early)
        take(Direction::ClientToServer, frame);
    QList<Frame> frames;
    m_tap->fromServer(rest, &frames);
    for (const Frame &frame : frames)
        take(Direction::ServerToClient, frame);
    flush(Direction::ClientToServer);
    flush(Direction::ServerToClient);
    pump(*m_upstream, *m_client);
    pump(*m_client, *m_upstream);
}

void RelayedConnection::carryMessages(QTcpSocket &from, qint64 bound)
{
    const Direction direction = &from == m_client ? Direction::ClientToServer : Direction::ServerToClient;
    WireTap &tap = &from == m_client ? *m_clientTap : *m_tap;
    // What waits, in the lane and on its way out, stops the reading: a held message slows its sender through TCP.
    while (m_stage == Stage::Carrying && from.bytesAvailable() > 0
        && lane(direction).waitingBytes + SocketCarrier::queuedBytes(receiver(direction)) < bound) {
        QList<Frame> frames;
        const QByteArray bytes = from.read(WireTap::carrierChunkBytes);
        direction == Direction::ClientToServer ? tap.fromClient(bytes, &frames) : tap.fromServer(bytes, &frames);
        for (const Frame &frame : frames)
            take(direction, frame);
        flush(direction);
        if (tap.violation())
            return failProtocol(*tap.violation());
    }
}

void RelayedConnection::take(Direction direction, const Frame &frame)
{
    Lane &way = lane(direction);
    std::optional<MessageAssembler::Message> message = way.assembler.add(frame);
    if (!message)
        return;
    if (message->opcode == Opcode::ping || message->opcode == Opcode::pong)
        return sendFrame(direction, message->opcode, message->data);
    const bool holding = message->opcode != Opcode::close && m_relay.m_holding[size_t(direction)]
        && m_relay.wouldHold(message->opcode, message->data);
    const quint64 heldAs = holding ? ++m_relay.m_lastHeld : 0;
    way.waitingBytes += message->data.size();
    way.waiting.push_back({message->opcode, message->data, heldAs});
    if (holding) {
        m_relay.m_holder.insert(heldAs, this);
        Q_EMIT m_relay.held({heldAs, m_tap->connectionId(), m_clientEnd, direction, message->opcode, message->data});
    }
}

void RelayedConnection::flush(Direction direction)
{
    Lane &way = lane(direction);
    while (!way.waiting.empty() && way.waiting.front().heldAs == 0) {
        const Lane::Message message = std::move(way.waiting.front());
        way.waiting.pop_front();
        way.waitingBytes -= message.payload.size();
        sendFrame(direction, message.opcode, message.payload);
    }
}

void RelayedConnection::sendFrame(Direction direction, quint8 opcode, const QByteArray &payload)
{
    Lane &way = lane(direction);
    if (way.closed)
        return;
    way.closed = opcode == Opcode::close;
    const bool toServer = direction == Direction::ClientToServer;
    const std::optional<quint32> mask
        = toServer ? std::optional(QRandomGenerator::system()->generate()) : std::nullopt; // §5.3: unpredictable
    const FrameEncoder::PreparedFrame prepared = FrameEncoder::prepare(payload, {opcode, true, false, mask}, direction);
    (toServer ? *m_tap : *m_clientTap).sent(prepared.frame);
    QTcpSocket &to = receiver(direction);
    to.write(prepared.bytes);
    if (!prepared.tail.isEmpty())
        to.write(prepared.tail);
}

void RelayedConnection::failProtocol(const ProtocolViolation &violation)
{
    // The side that broke the protocol hears why; the other, that the relay is going away, or that its upstream
    // went wrong (1014, a bad gateway).
    const bool byClient = violation.direction == Direction::ClientToServer;
    const Violation &what = violation.violation;
    const quint16 otherCode = byClient ? CloseCode::goingAway : CloseCode::badGateway;
    const QByteArray otherReason = byClient ? "the client broke the protocol" : "the server broke the protocol";
    sendFrame(byClient ? Direction::ServerToClient : Direction::ClientToServer, Opcode::close,
        FrameEncoder::closePayload(what.closeCode, FrameEncoder::fitCloseReason(what.reason)));
    sendFrame(violation.direction, Opcode::close, FrameEncoder::closePayload(otherCode, otherReason));
    m_stage = Stage::Ended;
    (byClient ? *m_clientTap : *m_tap).finish(Closer::Guard, what.closeCode, what.reason);
    (byClient ? *m_tap : *m_clientTap).finish(Closer::Guard, otherCode, otherReason);
    endMessages();
    m_client->disconnectFromHost();
    m_upstream->disconnectFromHost();
    deleteOnceClosed();
}

void RelayedConnection::endMessages()
{
    if (m_carriage != Carriage::Messages)
        return;
    m_carriage = Carriage::Bytes;
    m_relay.m_byConnection.remove(m_tap->connectionId());
    int undelivered = 0;
    for (Lane &way : m_lanes) {
        for (const Lane::Message &message : std::exchange(way.waiting, {})) {
            if (message.heldAs != 0 && m_relay.m_holder.remove(message.heldAs)) {
                ++undelivered;
                Q_EMIT m_relay.released(message.heldAs);
            }
        }
        way.waitingBytes = 0;
    }
    Q_EMIT m_relay.messagesClosed(m_tap->connectionId(), undelivered);
}

std::optional<RelayedConnection::Held> RelayedConnection::find(quint64 message)
{
    for (const Direction direction : {Direction::ClientToServer, Direction::ServerToClient}) {
        std::deque<Lane::Message> &waiting = lane(direction).waiting;
        const auto at = std::find_if(
            waiting.begin(), waiting.end(), [message](const Lane::Message &m) { return m.heldAs == message; });
        if (at != waiting.end())
            return Held {direction, at};
    }
    return std::nullopt;
}

bool RelayedConnection::release(quint64 message, const std::optional<QByteArray> &payload)
{
    const std::optional<Held> held = find(message);
    if (!held || (payload && held->message->opcode == Opcode::text && !Utf8Validator::isValid(*payload)))
        return false;
    if (payload) {
        lane(held->direction).waitingBytes += payload->size() - held->message->payload.size();
        held->message->payload = *payload;
    }
    held->message->heldAs = 0;
    letGo(message, held->direction);
    return true;
}

bool RelayedConnection::drop(quint64 message)
{
    const std::optional<Held> held = find(message);
    if (!held)
        return false;
    Lane &way = lane(held->direction);
    way.waitingBytes -= held->message->payload.size();
    way.waiting.erase(held->message);
    letGo(message, held->direction);
    return true;
}

void RelayedConnection::letGo(quint64 message, Direction direction)
{
    m_relay.m_holder.remove(message);
    Q_EMIT m_relay.released(message);
    flush(direction);
    carryMessages(sender(direction), WireTap::carrierHighWaterBytes); // what its sender sent behind it
}

bool RelayedConnection::send(Direction direction, quint8 opcode, const QByteArray &payload)
{
    if (m_carriage != Carriage::Messages || lane(direction).closed
        || (opcode == Opcode::text && !Utf8Validator::isValid(payload)))
        return false;
    sendFrame(direction, opcode, payload);
    return true;
}

WebSocketRelay::WebSocketRelay(TrafficLog &log, CertificateTrust &trust, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_trust(trust)
    , m_session(log.newSessionId())
{
    connect(&m_server, &QTcpServer::newConnection, this, &WebSocketRelay::accept);
}

WebSocketRelay::~WebSocketRelay()
{
    stop();
}

bool WebSocketRelay::start(const Options &options, QString *error)
{
    stop();
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    const QString scheme = options.upstream.scheme();
    if (!options.upstream.isValid() || (scheme != "ws"_L1 && scheme != "wss"_L1) || options.upstream.host().isEmpty())
        return fail(u"the upstream must be a ws:// or wss:// address with a host, such as wss://example.com/socket"_s);
    m_options = options;
    if (!m_server.listen(options.address, options.port))
        return fail(u"cannot listen on %1: %2"_s.arg(
            ConnectionOpened::endpoint(options.address, options.port), m_server.errorString()));
    return true;
}

void WebSocketRelay::stop()
{
    m_server.close();
    for (RelayedConnection *connection : findChildren<RelayedConnection *>(Qt::FindDirectChildrenOnly))
        connection->end("the relay stopped");
}

bool WebSocketRelay::wouldHold(quint8 opcode, const QByteArray &payload) const
{
    return m_holdPattern.pattern().isEmpty()
        || m_holdPattern
               .match(opcode == Opcode::text ? QString::fromUtf8(payload) : QString::fromLatin1(payload.toHex()))
               .hasMatch();
}

bool WebSocketRelay::forward(quint64 message, const std::optional<QByteArray> &payload)
{
    RelayedConnection *holder = m_holder.value(message);
    return holder && holder->release(message, payload);
}

bool WebSocketRelay::drop(quint64 message)
{
    RelayedConnection *holder = m_holder.value(message);
    return holder && holder->drop(message);
}

bool WebSocketRelay::send(quint64 connection, Direction direction, quint8 opcode, const QByteArray &payload)
{
    RelayedConnection *carrier = m_byConnection.value(connection);
    return carrier && (opcode == Opcode::text || opcode == Opcode::binary) && carrier->send(direction, opcode, payload);
}

void WebSocketRelay::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *connection = new RelayedConnection(*this, client);
        ++m_carried;
        connect(connection, &QObject::destroyed, this, [this] { Q_EMIT carriedChanged(--m_carried); });
        Q_EMIT carriedChanged(m_carried);
    }
}

} // namespace Duplex
