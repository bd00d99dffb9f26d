// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "relay/websocketrelay.h"

#include <QSslSocket>
#include <QTimer>

#include "client/serversocket.h"
#include "traffic/socketcarrier.h"
#include "traffic/trafficlog.h"
#include "traffic/wiretap.h"
#include "wire/httphead.h"

using namespace Qt::StringLiterals;

namespace Duplex {

// One client's connection, carried on: its request head gathered and given the upstream's Host, the upstream's TCP
// and TLS connection made, then the bytes both ways, through the wire tap, until either side ends.
class RelayedConnection final : public QObject
{
public:
    RelayedConnection(WebSocketRelay &relay, QTcpSocket *client);

    // Ends both sides at once, with why for the log.
    void end(const QByteArray &why);

private:
    enum class Stage : quint8 { Head, Connecting, Carrying, Ended };

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
    void openTap(const ConnectionOpened &opened);
    void refuse(int status, QByteArrayView phrase, const QString &failure);
    void deleteOnceClosed();

    WebSocketRelay &m_relay;
    QTcpSocket *m_client;
    QTcpSocket *m_upstream = nullptr; // a QSslSocket for wss://
    QString m_clientEnd;              // "address:port"
    QByteArray m_path;
    QByteArray m_fromClient; // the head being gathered, then the head for the upstream and what followed it
    std::unique_ptr<WireTap> m_tap;
    QTimer m_deadline; // until the bytes flow
    QString m_failure; // why the upstream could not be reached, when the socket's own error says less
    Stage m_stage = Stage::Head;
};

RelayedConnection::RelayedConnection(WebSocketRelay &relay, QTcpSocket *client)
    : QObject(&relay)
    , m_relay(relay)
    , m_client(client)
    , m_clientEnd(ConnectionOpened::endpoint(client->peerAddress(), client->peerPort()))
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
    if (length > HttpHead::defaultMaxBytes || (length < 0 && m_fromClient.size() > HttpHead::defaultMaxBytes))
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
    m_fromClient.replace(0, length, HttpHead::withHost(m_fromClient.first(length), HttpHead::hostField(upstream())));
    connectUpstream();
}

void RelayedConnection::connectUpstream()
{
    m_stage = Stage::Connecting;
    m_upstream = ServerSocket::create(upstream(), this);
    connect(m_upstream, &QTcpSocket::connected, this, &RelayedConnection::onUpstreamConnected);
    connect(m_upstream, &QTcpSocket::errorOccurred, this, &RelayedConnection::onUpstreamError);
    connect(m_upstream, &QTcpSocket::readyRead, this, [this] {
        if (m_stage == Stage::Carrying)
            pump(*m_upstream, *m_client);
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
    openTap(opened);
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
    const QByteArray request = std::exchange(m_fromClient, {});
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
    while (side.bytesAvailable() > 0) {
        const QByteArray bytes = side.readAll();
        watch(side, bytes);
        other.write(bytes);
    }
    m_stage = Stage::Ended;
    m_tap->finish();
    other.disconnectFromHost();
    deleteOnceClosed();
}

void RelayedConnection::openTap(const ConnectionOpened &opened)
{
    const quint64 limit = m_relay.m_options.maxMessageBytes;
    m_tap = std::make_unique<WireTap>(m_relay.m_log, opened,
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
        openTap(ConnectionOpened {server(), m_path, {}, m_clientEnd});
    m_tap->fromClient(std::exchange(m_fromClient, {}));
    m_tap->fromServer(head);
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
    if (m_tap)
        m_tap->finish(Closer::Guard, std::nullopt, why);
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
