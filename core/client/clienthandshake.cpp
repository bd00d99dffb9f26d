// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/clienthandshake.h"

#include <QRandomGenerator>
#include <QSslSocket>

#include <algorithm>

#include "client/serversocket.h"
#include "traffic/nativeconnection.h"
#include "traffic/socketcarrier.h"
#include "traffic/trafficlog.h"
#include "traffic/wiretap.h"
#include "wire/httphead.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

constexpr qsizetype bodyExcerptBytes = 200; // of a refusal's body, for the reason a person reads
// What browsers offer: the server may pick its window.
constexpr QByteArrayView deflateOffer = "permessage-deflate; client_max_window_bits";

// Printable text from the start of a body, for an error message.
QString excerpt(QByteArrayView body)
{
    QString text = QString::fromUtf8(body.first(std::min(body.size(), bodyExcerptBytes))).simplified();
    return text.isEmpty() ? text : u": "_s + text;
}

// The opening handshake's request (§4.1): the key is 16 fresh random bytes, base64-encoded.
QByteArray upgradeRequest(const ClientHandshake::Request &request, bool offerDeflate)
{
    std::array<quint32, 4> key;
    QRandomGenerator::system()->fillRange(key.data(), key.size());

    QByteArray head = "GET " + HttpHead::requestTarget(request.url) + " HTTP/1.1\r\nHost: "
        + HttpHead::hostField(request.url) + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
        + QByteArray(reinterpret_cast<const char *>(key.data()), sizeof key).toBase64()
        + "\r\nSec-WebSocket-Version: 13\r\n";
    if (!request.subprotocols.isEmpty())
        head += "Sec-WebSocket-Protocol: " + request.subprotocols.join(u", "_s).toLatin1() + "\r\n";
    if (offerDeflate)
        head += "Sec-WebSocket-Extensions: " + deflateOffer.toByteArray() + "\r\n";
    if (!request.origin.isEmpty())
        head += "Origin: " + request.origin.toUtf8() + "\r\n";
    const bool ownAgent = std::any_of(request.headers.cbegin(), request.headers.cend(),
        [](const auto &header) { return header.first.compare("User-Agent", Qt::CaseInsensitive) == 0; });
    if (!ownAgent) // one given replaces ours, as a replayed browser's does
        head += "User-Agent: Duplex/" DUPLEX_VERSION "\r\n";
    for (const auto &[name, value] : request.headers)
        head += name + ": " + value + "\r\n";
    return head + "\r\n";
}

} // namespace

ClientHandshake::ClientHandshake(
    TrafficLog &log, CertificateTrust &trust, const Request &request, const Options &options, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_trust(trust)
    , m_request(request)
    , m_options(options)
    , m_socket(ServerSocket::create(request.url, this, request.tls, request.proxy))
{
    connect(m_socket, &QTcpSocket::connected, this, &ClientHandshake::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &ClientHandshake::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &ClientHandshake::onError);
    connect(m_socket, &QTcpSocket::disconnected, this, &ClientHandshake::onError);
    if (auto *tls = qobject_cast<QSslSocket *>(m_socket)) {
        connect(tls, &QSslSocket::encrypted, this, &ClientHandshake::sendRequest);
        connect(tls, &QSslSocket::sslErrors, this, &ClientHandshake::onSslErrors);
    }
    ServerSocket::connectTo(*m_socket, request.url);
}

ClientHandshake::~ClientHandshake() = default;

QString ClientHandshake::server() const
{
    return ServerSocket::name(m_request.url);
}

void ClientHandshake::onConnected()
{
    m_tap = std::make_unique<WireTap>(m_log,
        ConnectionOpened::ofClient(*m_socket, m_request.url.path(QUrl::FullyEncoded).toLatin1()),
        WireTap::Options {.maxServerMessageBytes = m_options.maxMessageBytes, .session = m_options.session});
    if (qobject_cast<QSslSocket *>(m_socket))
        m_stage = Stage::Securing; // encrypted() sends the request
    else
        sendRequest();
}

void ClientHandshake::sendRequest()
{
    const QByteArray request = upgradeRequest(m_request, m_request.offerDeflate);
    m_stage = Stage::AwaitingResponse;
    m_tap->fromClient(request);
    m_socket->write(request);
}

void ClientHandshake::onSslErrors(const QList<QSslError> &errors)
{
    if (auto rejection
        = ServerSocket::checkCertificate(*static_cast<QSslSocket *>(m_socket), m_trust, server(), errors)) {
        m_failure = rejection->failure;
        Q_EMIT certificateRejected(rejection->certificate);
    }
}

void ClientHandshake::onReadyRead()
{
    if (m_stage != Stage::AwaitingResponse)
        return;
    m_response += m_socket->readAll();
    const qsizetype length = HttpHead::headLength(m_response);
    if (length < 0) {
        if (m_response.size() > HttpHead::defaultMaxBytes)
            fail(u"%1's response head is longer than 16 KiB"_s.arg(server()));
        return;
    }
    const QByteArray head = m_response.first(length);
    const QByteArray rest = m_response.sliced(length);
    m_tap->fromServer(head);
    const auto &verdict = m_tap->verdict();
    if (!verdict)
        return fail(server() + u" did not answer with HTTP"_s);
    if (verdict->status != 101) {
        Q_EMIT refused(verdict->status);
        const auto answer = HttpHead::parseResponse(head);
        const QUrl moved = answer->redirectTarget(m_request.url);
        return fail(u"%1 answered %2 %3 instead of switching protocols%4"_s.arg(server(),
            QString::number(verdict->status), QString::fromLatin1(answer->reasonPhrase()),
            moved.isEmpty() ? excerpt(rest) : u": it is at "_s + moved.toString()));
    }
    if (!verdict->upgraded()) {
        return fail(u"%1 answered with an invalid handshake: %2"_s.arg(
            server(), QString::fromLatin1(verdict->problems.join("; "))));
    }
    m_stage = Stage::Ended;
    m_socket->disconnect(this);
    const QString peer = ConnectionOpened::endpoint(m_socket->peerAddress(), m_socket->peerPort());
    Q_EMIT opened(new NativeConnection(
        NativeConnection::Role::Client, new SocketCarrier(m_socket), peer, std::move(m_tap), rest));
}

void ClientHandshake::onError()
{
    if (m_stage == Stage::Ended)
        return;
    if (m_failure.isEmpty() && m_stage == Stage::AwaitingResponse && qobject_cast<QSslSocket *>(m_socket)
        && m_socket->error() == QAbstractSocket::RemoteHostClosedError) {
        // With TLS 1.3 a server judges a client certificate after the handshake: its refusal is a closed socket.
        m_failure = (m_request.tls.certificate.isNull()
                ? tr("%1 closed the connection after the TLS handshake without answering, as a server that wants a "
                     "client certificate does when it gets none: choose one and its key")
                : tr("%1 closed the connection after the TLS handshake without answering, as a server does when it "
                     "does not accept the client certificate given"))
                        .arg(server());
    }
    if (m_failure.isEmpty())
        m_failure = ServerSocket::failure(*m_socket, server());
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        fail(m_failure);
}

void ClientHandshake::abort(const QString &failure)
{
    if (m_stage != Stage::Ended)
        fail(failure);
}

void ClientHandshake::fail(const QString &failure)
{
    if (m_failure.isEmpty())
        m_failure = failure;
    m_stage = Stage::Ended;
    m_socket->disconnect(this);
    m_socket->abort();
    Q_EMIT failed(m_tap ? m_tap->finish() : ConnectionClosed {}, m_failure);
}

} // namespace Duplex
