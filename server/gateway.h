// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QWebSocketServer>

#include "room/serverconfig.h"
#include "server/admission.h"

class QTcpSocket;

namespace Duplex {

class Connection;
class TrafficLog;

// The public port. Reads each request head itself (bounded in size and time), answers plain HTTP, and refuses bad
// upgrades with a status the peer can read (QtWebSockets would accept some invalid handshakes and silently drop
// others). With the tap on, a NativeConnection answers each good upgrade and serves it, every frame recorded;
// without it, the socket goes to the embedded QWebSocketServer as it is. Every exchange is recorded in the traffic
// log.
class Gateway final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Gateway)

public:
    Gateway(const ServerConfig &config, TrafficLog &log, QObject *parent = nullptr);

    bool listen();
    void close(); // stops accepting; open connections stay
    QString errorString() const;
    QHostAddress serverAddress() const { return m_tcpServer.serverAddress(); }
    quint16 serverPort() const { return m_tcpServer.serverPort(); }
    qsizetype openClients() const { return m_openClients; }

Q_SIGNALS:
    // The connection is open: whoever takes it becomes its parent and deletes it once it disconnects (until then
    // it is the gateway's child).
    void webSocketOpened(Duplex::Connection *connection, Duplex::Route route);
    void requestRefused(const QHostAddress &peer, int status, const QByteArray &reason);
    void openClientsChanged(qsizetype openClients);

private:
    void onNewConnection();
    void onWebSocketReady();
    void readHead(QTcpSocket *socket);
    void stopReading(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, int status, const QByteArray &reason, const QList<HttpHead::Field> &headers = {});
    void respond(QTcpSocket *socket, const QByteArray &response);
    void upgrade(QTcpSocket *socket, const HttpHead &head, qsizetype headLength, Route route);
    void countOpen(QObject *lifetime);
    QByteArray statusPage(const HttpHead &head) const;

    ServerConfig m_config;
    QTcpServer m_tcpServer;
    TrafficLog &m_log;
    QWebSocketServer m_webSocketServer; // without the tap
    QSet<QTcpSocket *> m_readingHead;
    qsizetype m_openClients = 0; // handed over and not yet destroyed
};

} // namespace Duplex
