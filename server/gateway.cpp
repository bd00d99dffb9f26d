// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/gateway.h"

#include <QFile>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include "server/httpresponse.h"
#include "server/qtconnection.h"
#include "traffic/nativeconnection.h"
#include "traffic/trafficlog.h"

namespace Duplex {

namespace {

quint64 maxMessageBytes(const ServerConfig &config, Route route)
{
    return quint64(route == Route::Chat ? config.maxChatMessage : config.maxEchoMessage);
}

} // namespace

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
    // Peek, don't read: an admitted upgrade is answered with its head still in the socket.
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
        return upgrade(socket, *head, length, admission.route);
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

void Gateway::upgrade(QTcpSocket *socket, const HttpHead &head, qsizetype headLength, Route route)
{
    stopReading(socket);
    socket->disconnect(this);
    if (m_config.tap) {
        auto *connection
            = NativeConnection::accept(socket, head, headLength, maxMessageBytes(m_config, route), m_log, this);
        countOpen(connection);
        Q_EMIT webSocketOpened(connection, route);
        return;
    }
    // Untapped, only the request is known: QtWebSockets answers and frames directly.
    const quint64 id = m_log.newConnectionId();
    m_log.append({-1, id,
        ConnectionOpened {ConnectionOpened::endpoint(socket->peerAddress(), socket->peerPort()), head.path()}});
    m_log.append({-1, id, HandshakeExchanged {socket->peek(headLength), {}}});
    // QtWebSockets deletes the socket with its QWebSocket, but drops every connection to it on upgrade (even
    // `destroyed`): a child object lives exactly as long and keeps ours.
    countOpen(new QObject(socket));
    m_webSocketServer.handleConnection(socket);
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
        socket->setMaxAllowedIncomingMessageSize(maxMessageBytes(m_config, *route));
        const QString peer = ConnectionOpened::endpoint(socket->peerAddress(), socket->peerPort());
        Q_EMIT webSocketOpened(new QtConnection(socket, peer, this), *route);
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
