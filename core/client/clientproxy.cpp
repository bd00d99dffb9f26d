// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/clientproxy.h"

#include <QRandomGenerator>
#include <QSslSocket>
#include <QTimer>

#include <limits>

#include "traffic/trafficlog.h"
#include "traffic/wiretap.h"
#include "wire/frameencoder.h"
#include "wire/handshake.h"
#include "wire/httphead.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

constexpr qsizetype maxHeadBytes = 16 << 10;
constexpr std::chrono::seconds closeGrace(5); // for the server to end TCP after the closing handshake (§7.1.1)
constexpr qsizetype bodyExcerptBytes = 200;   // of a refusal's body, for the reason a person reads
// What browsers offer: the server may pick its window; Duplex sends its own messages uncompressed (RFC 7692 §6).
constexpr QByteArrayView deflateOffer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

QString describe(QAbstractSocket::SocketError error, const QString &server, const QString &qtText)
{
    switch (error) {
    case QAbstractSocket::HostNotFoundError:
        return u"host not found: the name in %1 did not resolve (DNS)"_s.arg(server);
    case QAbstractSocket::ConnectionRefusedError:
        return u"connection refused by %1: nothing listens there"_s.arg(server);
    case QAbstractSocket::RemoteHostClosedError:
        return u"%1 closed the connection before the WebSocket opened"_s.arg(server);
    case QAbstractSocket::NetworkError:
        return u"%1 is unreachable: %2"_s.arg(server, qtText);
    default:
        return u"%1: %2"_s.arg(server, qtText);
    }
}

// The head without Sec-WebSocket-Extensions: the tap, not the QWebSocket, speaks the extensions it offered.
QByteArray withoutExtensions(const QByteArray &head)
{
    QByteArray out;
    for (const QByteArray &line : head.chopped(2).split('\n')) {
        if (!line.isEmpty() && !line.toLower().startsWith("sec-websocket-extensions:"))
            out += line + '\n';
    }
    return out + "\r\n";
}

// Printable text from the start of a body, for an error message.
QString excerpt(QByteArrayView body)
{
    QString text = QString::fromUtf8(body.first(std::min(body.size(), bodyExcerptBytes))).simplified();
    return text.isEmpty() ? text : u": "_s + text;
}

} // namespace

ClientProxy::ClientProxy(
    TrafficLog &log, CertificateTrust &trust, const Target &target, const Options &options, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_trust(trust)
    , m_target(target)
    , m_options(options)
    , m_upstream(target.tls ? new QSslSocket(this) : new QTcpSocket(this))
{
    // Only the session's own socket may use the proxy: it listens on loopback for one connection, to one target.
    connect(&m_listener, &QTcpServer::newConnection, this, &ClientProxy::onLocalConnection);
    if (!m_listener.listen(QHostAddress::LocalHost, 0))
        m_failure = u"the client tap cannot listen on loopback: "_s + m_listener.errorString();
    m_listener.setMaxPendingConnections(1);

    m_upstream->setReadBufferSize(WireTap::carrierChunkBytes);
    connect(m_upstream, &QTcpSocket::connected, this, [this] {
        // Nagle's algorithm would hold a ping behind an unacknowledged message for a delayed ACK.
        m_upstream->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_tap = std::make_unique<WireTap>(m_log,
            ConnectionOpened {
                ConnectionOpened::endpoint(m_upstream->peerAddress(), m_upstream->peerPort()), m_target.path},
            WireTap::Options {TrafficLog::previewBytes, 0, maxHeadBytes, qsizetype(m_options.maxMessageBytes),
                m_options.maxMessageBytes, m_options.session});
        if (m_target.tls)
            m_stage = Stage::Securing;
        else
            onUpstreamReady();
    });
    if (auto *tls = qobject_cast<QSslSocket *>(m_upstream)) {
        connect(tls, &QSslSocket::encrypted, this, &ClientProxy::onUpstreamReady);
        connect(tls, &QSslSocket::sslErrors, this, &ClientProxy::onSslErrors);
    }
    connect(m_upstream, &QTcpSocket::errorOccurred, this, &ClientProxy::onUpstreamError);
    connect(m_upstream, &QTcpSocket::readyRead, this, &ClientProxy::onUpstreamReadable);
    connect(m_upstream, &QTcpSocket::bytesWritten, this, [this](qint64 bytes) {
        Q_EMIT bytesSentToServer(bytes);
        pumpToServer();
    });
    connect(m_upstream, &QTcpSocket::disconnected, this, &ClientProxy::onUpstreamGone);
}

ClientProxy::~ClientProxy() = default;

QNetworkProxy ClientProxy::proxy() const
{
    return QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, m_listener.serverPort());
}

quint64 ClientProxy::connectionId() const
{
    return m_tap ? m_tap->connectionId() : 0;
}

QString ClientProxy::server() const
{
    return m_target.host + u':' + QString::number(m_target.port);
}

void ClientProxy::onLocalConnection()
{
    m_local = m_listener.nextPendingConnection();
    m_listener.close();
    m_local->setParent(this);
    m_local->setReadBufferSize(WireTap::carrierChunkBytes);
    m_local->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_local, &QTcpSocket::readyRead, this, &ClientProxy::onLocalReadable);
    connect(m_local, &QTcpSocket::bytesWritten, this, &ClientProxy::pumpToLocal);
    connect(m_local, &QTcpSocket::disconnected, this, &ClientProxy::onLocalGone);
    onLocalReadable();
}

void ClientProxy::onLocalReadable()
{
    switch (m_stage) {
    case Stage::Proxying:
        return takeConnect();
    case Stage::Requesting:
        return takeRequest();
    case Stage::AwaitingResponse:
    case Stage::Open:
        return pumpToServer();
    default:
        return; // the request waits for the server's connection
    }
}

std::optional<QByteArray> ClientProxy::takeHead(QTcpSocket *from, const QString &what)
{
    m_head += from->readAll();
    const qsizetype length = HttpHead::headLength(m_head);
    if (length < 0) {
        if (m_head.size() > maxHeadBytes)
            fail(what + u" is longer than 16 KiB"_s);
        return std::nullopt;
    }
    QByteArray head = m_head.first(length);
    m_head.remove(0, length);
    return head;
}

bool ClientProxy::isTarget(QByteArrayView authority) const
{
    const qsizetype colon = authority.lastIndexOf(':');
    QByteArrayView host = authority.first(std::max(colon, qsizetype(0)));
    if (host.startsWith('[') && host.endsWith(']'))
        host = host.sliced(1).chopped(1); // an IPv6 address
    return colon > 0 && authority.sliced(colon + 1) == QByteArray::number(m_target.port)
        && QString::fromUtf8(host).compare(m_target.host, Qt::CaseInsensitive) == 0;
}

void ClientProxy::takeConnect()
{
    const auto head = takeHead(m_local, u"the proxy request"_s);
    if (!head)
        return;
    const auto connect = HttpHead::parseRequest(*head);
    if (!connect || connect->method() != "CONNECT" || !isTarget(connect->target())) {
        m_local->write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        return fail(u"the client tap was asked for another destination than "_s + server());
    }
    m_stage = Stage::Connecting;
    if (auto *tls = qobject_cast<QSslSocket *>(m_upstream))
        tls->connectToHostEncrypted(m_target.host, m_target.port);
    else
        m_upstream->connectToHost(m_target.host, m_target.port);
}

void ClientProxy::onUpstreamReady()
{
    m_stage = Stage::Requesting;
    m_local->write("HTTP/1.1 200 Connection established\r\n\r\n");
    takeRequest(); // in case it came early
}

void ClientProxy::takeRequest()
{
    auto request = takeHead(m_local, u"the opening handshake request"_s);
    if (!request)
        return;
    const QByteArray early = std::exchange(m_head, {});
    if (m_options.offerDeflate)
        request = request->chopped(2) + deflateOffer + "\r\n";
    m_stage = Stage::AwaitingResponse;
    m_tap->fromClient(*request);
    m_upstream->write(*request);
    if (!early.isEmpty()) { // frames before the response: the tap holds them for its decoder
        m_tap->fromClient(early);
        m_upstream->write(early);
    }
}

void ClientProxy::onSslErrors(const QList<QSslError> &errors)
{
    auto *tls = static_cast<QSslSocket *>(m_upstream);
    const CertificateInfo info = CertificateInfo::from(server(), tls->peerCertificate(), errors);
    if (m_trust.isTrusted(info.host, info.sha256))
        return tls->ignoreSslErrors();
    m_failure = u"the certificate of %1 is not trusted (%2); SHA-256 fingerprint %3"_s.arg(
        server(), info.problems.join(u"; "_s), info.fingerprint());
    Q_EMIT certificateRejected(info);
}

void ClientProxy::onUpstreamError()
{
    if (m_failure.isEmpty() && m_stage < Stage::Open)
        m_failure = describe(m_upstream->error(), server(), m_upstream->errorString());
    if (m_upstream->state() == QAbstractSocket::UnconnectedState)
        onUpstreamGone(); // never connected, so there is no disconnected() to come
}

void ClientProxy::onUpstreamReadable()
{
    if (m_stage == Stage::AwaitingResponse)
        takeResponse();
    else
        pumpToLocal();
}

void ClientProxy::takeResponse()
{
    const auto response = takeHead(m_upstream, server() + u"'s response head"_s);
    if (!response)
        return;
    const QByteArray &head = *response;
    const QByteArray rest = std::exchange(m_head, {});
    m_tap->fromServer(head);
    const auto &verdict = m_tap->verdict();
    if (!verdict) {
        m_failure = server() + u" did not answer with HTTP"_s;
    } else if (verdict->status != 101) {
        m_failure
            = u"%1 answered %2 %3 instead of switching protocols%4"_s.arg(server(), QString::number(verdict->status),
                QString::fromLatin1(HttpHead::parseResponse(head)->reasonPhrase()), excerpt(rest));
    } else if (!verdict->upgraded()) {
        m_failure = u"%1 answered with an invalid handshake: %2"_s.arg(
            server(), QString::fromLatin1(verdict->problems.join("; ")));
    }
    if (!m_failure.isEmpty()) { // the QWebSocket sees the answer as it came, and the connection ends
        m_local->write(head + rest);
        m_stage = Stage::Ended;
        m_upstream->disconnectFromHost();
        return m_local->disconnectFromHost();
    }
    m_stage = Stage::Open;
    m_local->write(withoutExtensions(head));
    passToLocal(rest);
    pumpToLocal();
    pumpToServer(); // frames the QWebSocket sent after its request
}

void ClientProxy::pumpToServer()
{
    // QWebSocket's frames go on as they are: the wire shows its own masks. The tap decodes them for the log.
    while (!m_guarded && m_local->bytesAvailable() > 0 && m_upstream->bytesToWrite() < WireTap::carrierHighWaterBytes) {
        const QByteArray chunk = m_local->read(WireTap::carrierChunkBytes);
        m_tap->fromClient(chunk);
        m_upstream->write(chunk);
    }
}

void ClientProxy::pumpToLocal()
{
    while (m_stage == Stage::Open && !m_guarded && m_upstream->bytesAvailable() > 0
        && m_local->bytesToWrite() < WireTap::carrierHighWaterBytes)
        passToLocal(m_upstream->read(WireTap::carrierChunkBytes));
}

void ClientProxy::passToLocal(QByteArrayView bytes)
{
    const bool localOpen = m_local->state() == QAbstractSocket::ConnectedState;
    for (const Frame &frame : m_tap->fromServer(bytes)) {
        if (const auto message = m_assembler.add(frame); message && localOpen)
            m_local->write(FrameEncoder::encode(message->data, {message->opcode, true, false, std::nullopt}));
    }
    if (m_tap->violation() && m_tap->violation()->direction == Direction::ServerToClient)
        guard();
    else if (!localOpen && m_tap->sentClose(Direction::ServerToClient))
        m_upstream->disconnectFromHost(); // the answer to the QWebSocket's close, which has gone already
}

void ClientProxy::guard()
{
    m_guarded = true;
    const Violation &violation = m_tap->violation()->violation;
    m_failure = u"%1 broke the protocol: %2 (failed with %3)"_s.arg(
        server(), QString::fromUtf8(violation.reason), QString::number(violation.closeCode));
    const QByteArray reason = FrameEncoder::fitCloseReason(violation.reason);
    const QByteArray payload = FrameEncoder::closePayload(violation.closeCode, reason);
    // The server is failed as RFC 6455 §7.1.7 says, with a close frame between the QWebSocket's frames, and the
    // QWebSocket learns why from a close frame of the same code.
    if (m_tap->clientAtFrameBoundary())
        m_upstream->write(
            FrameEncoder::encode(payload, {Opcode::close, true, false, QRandomGenerator::system()->generate()}));
    if (m_local->state() == QAbstractSocket::ConnectedState)
        m_local->write(FrameEncoder::encode(payload, {Opcode::close, true, false, std::nullopt}));
    m_tap->finish(Closer::Guard, violation.closeCode, reason);
    m_upstream->disconnectFromHost();
    m_local->disconnectFromHost();
}

void ClientProxy::onLocalGone()
{
    if (m_stage == Stage::Open)
        pumpToServer(); // what the QWebSocket sent last, often its close frame
    if (m_upstream->state() != QAbstractSocket::ConnectedState) {
        m_upstream->abort();
        return finish();
    }
    if (m_stage < Stage::Open && m_failure.isEmpty())
        m_failure = u"the connection to "_s + server() + u" was given up before the WebSocket opened"_s;
    if (m_stage == Stage::Open && m_tap->sentClose(Direction::ClientToServer)
        && !m_tap->sentClose(Direction::ServerToClient)) {
        // QWebSocket drops TCP as soon as it has sent its close frame; the server's answer still belongs in the
        // log, and passToLocal() ends the connection when it comes.
        QTimer::singleShot(closeGrace, m_upstream, &QTcpSocket::abort);
        return;
    }
    m_upstream->disconnectFromHost(); // after what is queued; disconnected() follows
}

void ClientProxy::onUpstreamGone()
{
    if (m_stage == Stage::Open) {
        // The server has said its last: pass it all on, whatever the QWebSocket's backlog.
        while (!m_guarded && m_upstream->bytesAvailable() > 0)
            passToLocal(m_upstream->read(WireTap::carrierChunkBytes));
    } else if (m_failure.isEmpty()) {
        m_failure = describe(QAbstractSocket::RemoteHostClosedError, server(), {});
    }
    if (!m_local || m_local->state() == QAbstractSocket::UnconnectedState)
        return finish();
    if (m_stage < Stage::Requesting)
        m_local->write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
    m_local->disconnectFromHost();
}

void ClientProxy::fail(const QString &failure)
{
    if (m_failure.isEmpty())
        m_failure = failure;
    m_stage = Stage::Ended;
    m_upstream->abort();
    if (m_local)
        m_local->disconnectFromHost();
}

void ClientProxy::abort(const QString &failure)
{
    if (m_failure.isEmpty())
        m_failure = failure;
    m_stage = Stage::Ended;
    if (m_local)
        m_local->abort();
    m_upstream->abort();
    finish();
}

void ClientProxy::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_stage = Stage::Ended;
    const ConnectionClosed closed = m_tap ? m_tap->finish() : ConnectionClosed {};
    Q_EMIT finished(closed, m_failure);
}

} // namespace Duplex
