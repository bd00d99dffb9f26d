// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateway.h"

#include <QFile>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

#include "httpresponse.h"
#include "taprelay.h"
#include "trafficlog.h"

namespace Duplex {

Gateway::Gateway(const ServerConfig &config, TrafficLog &log, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_log(log)
    , m_webSocketServer(QStringLiteral("Duplex/" DUPLEX_VERSION), QWebSocketServer::NonSecureMode)
{
    m_webSocketServer.setMaxPendingConnections(config.maxClients);
    connect(&m_tcpServer, &QTcpServer::newConnection, this, &Gateway::onNewConnection);
    connect(&m_webSocketServer, &QWebSocketServer::newConnection, this, &Gateway::onWebSocketReady);
}

bool Gateway::listen()
{
    return m_tcpServer.listen(m_config.bindAddress, m_config.port);
}

void Gateway::close()
{
    m_tcpServer.close();
}

QString Gateway::errorString() const
{
    return m_tcpServer.errorString();
}

void Gateway::onNewConnection()
{
    while (QTcpSocket *socket = m_tcpServer.nextPendingConnection()) {
        m_readingHead.insert(socket);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readHead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_readingHead.remove(socket);
            socket->deleteLater();
        });
        QTimer::singleShot(m_config.headTimeout, socket, [this, socket] {
            if (m_readingHead.contains(socket))
                refuse(socket, 408, "The request head did not arrive in time.");
        });
    }
}

void Gateway::readHead(QTcpSocket *socket)
{
    // Peek, don't read: an admitted upgrade must reach QWebSocketServer with its head still in the socket.
    const QByteArray bytes = socket->peek(m_config.maxHeadBytes + 1);
    const qsizetype length = HttpHead::headLength(bytes);
    if (length < 0 && bytes.size() <= m_config.maxHeadBytes)
        return; // not complete yet
    if (length < 0 || length > m_config.maxHeadBytes)
        return refuse(
            socket, 431, "The request head is larger than " + QByteArray::number(m_config.maxHeadBytes) + " bytes.");

    QByteArray why;
    const std::optional<HttpHead> head = HttpHead::parseRequest(bytes.first(length), &why);
    if (!head)
        return refuse(socket, 400, "Malformed request: " + why + '.');
    const Admission admission = admit(*head, m_config, m_openClients);
    if (admission.isUpgrade())
        return handOver(socket, *head, length, admission.route);
    if (admission.status != 200)
        return refuse(socket, admission.status, admission.reason, admission.headers);
    m_log.append({-1, 0, HttpExchange {bytes.first(length), 200, "status page"}});
    respond(socket, httpResponse(200, "text/html; charset=utf-8", statusPage(*head), {}, head->method() == "HEAD"));
}

void Gateway::stopReading(QTcpSocket *socket)
{
    m_readingHead.remove(socket);
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
}

void Gateway::refuse(QTcpSocket *socket, int status, const QByteArray &reason, const QList<HttpHead::Field> &headers)
{
    Q_EMIT requestRefused(socket->peerAddress(), status, reason);
    m_log.append({-1, 0, HttpExchange {socket->peek(m_config.maxHeadBytes), status, reason}});
    respond(socket, httpRefusal(status, reason, headers));
}

void Gateway::respond(QTcpSocket *socket, const QByteArray &response)
{
    stopReading(socket);
    // Drain what the peer sent: closing with unread input makes the kernel send RST, which can destroy the response.
    socket->readAll();
    socket->write(response);
    socket->disconnectFromHost();
}

void Gateway::handOver(QTcpSocket *socket, const HttpHead &head, qsizetype headLength, Route route)
{
    std::optional<std::pair<QTcpSocket *, QTcpSocket *>> pair; // the tap's hand-off to QtWebSockets
    if (m_config.tap) {
        QByteArray why;
        if (!(pair = localSocketPair(&why)))
            return refuse(socket, 503, "The server cannot take another connection now: " + why + '.');
    }
    stopReading(socket);
    socket->disconnect(this);
    if (!pair) {
        // Untapped, only the request is known: QtWebSockets answers and frames directly.
        const quint64 id = m_log.newConnectionId();
        m_log.append({-1, id,
            ConnectionOpened {ConnectionOpened::endpoint(socket->peerAddress(), socket->peerPort()), head.path()}});
        m_log.append({-1, id, HandshakeExchanged {socket->peek(headLength), {}}});
        // QtWebSockets deletes the socket with its QWebSocket, but drops every connection to it on upgrade (even
        // `destroyed`): a child object lives exactly as long and keeps ours.
        countOpen(new QObject(socket));
        m_webSocketServer.handleConnection(socket);
        return;
    }
    const qint64 maxMessage = route == Route::Chat ? m_config.maxChatMessage : m_config.maxEchoMessage;
    const quint64 id = ++m_lastRelayId;
    auto *relay = new TapRelay(socket, pair->first, head, headLength, quint64(maxMessage), m_log, id, this);
    countOpen(relay);
    m_relays.insert(id, relay);
    connect(relay, &QObject::destroyed, this, [this, id] { m_relays.remove(id); });
    m_webSocketServer.handleConnection(pair->second);
}

std::optional<std::pair<QTcpSocket *, QTcpSocket *>> Gateway::localSocketPair(QByteArray *why)
{
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, ends) != 0) {
        *why = std::strerror(errno);
        return std::nullopt;
    }
    // QAbstractSocket serves a local stream socket as well as a TCP one (QLocalSocket is built on it). A socket
    // owns its descriptor once it has taken it; the others are closed here.
    std::unique_ptr<QTcpSocket> sockets[2];
    for (int i = 0; i < 2; ++i) {
        sockets[i] = std::make_unique<QTcpSocket>();
        if (!sockets[i]->setSocketDescriptor(ends[i])) {
            *why = sockets[i]->errorString().toUtf8();
            for (int j = i; j < 2; ++j)
                ::close(ends[j]);
            return std::nullopt;
        }
    }
    return std::pair {sockets[0].release(), sockets[1].release()};
}

void Gateway::countOpen(QObject *lifetime)
{
    Q_EMIT openClientsChanged(++m_openClients);
    connect(lifetime, &QObject::destroyed, this, [this] { Q_EMIT openClientsChanged(--m_openClients); });
}

void Gateway::onWebSocketReady()
{
    while (QWebSocket *socket = m_webSocketServer.nextPendingConnection()) {
        const std::optional<Route> route = webSocketRoute(socket->requestUrl().path().toUtf8());
        Q_ASSERT(route); // admit() let only known paths through
        const TapRelay *relay = m_config.tap
            ? m_relays.value(socket->request().rawHeader(TapRelay::relayHeader.toByteArray()).toULongLong())
            : nullptr;
        Q_ASSERT(relay || !m_config.tap);
        const QString peer
            = relay ? relay->peer() : ConnectionOpened::endpoint(socket->peerAddress(), socket->peerPort());
        Q_EMIT webSocketOpened(socket, *route, peer);
    }
}

QByteArray Gateway::statusPage(const HttpHead &head) const
{
    QFile file(QStringLiteral(":/duplex/statuspage.html"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("Duplex: the status page resource is missing");
    // Host comes from the peer: escape it before it goes into markup.
    const QByteArray host = QString::fromLatin1(head.value("Host")).toHtmlEscaped().toUtf8();
    return file.readAll()
        .replace("{{host}}", host)
        .replace("{{clients}}", QByteArray::number(m_openClients))
        .replace("{{version}}", DUPLEX_VERSION);
}

} // namespace Duplex
