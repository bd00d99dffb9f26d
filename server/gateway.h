// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QWebSocketServer>

#include "admission.h"
#include "serverconfig.h"

class QTcpSocket;

namespace Duplex {

// The public port. Reads each request head itself (bounded in size and time), answers plain HTTP, refuses bad
// upgrades with a status the peer can read, and hands good ones to the embedded QWebSocketServer, which would
// otherwise accept some invalid handshakes and silently drop others.
class Gateway final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Gateway)

public:
    explicit Gateway(const ServerConfig &config, QObject *parent = nullptr);

    bool listen();
    void close(); // stops accepting; open connections stay
    QString errorString() const { return m_tcpServer.errorString(); }
    QHostAddress serverAddress() const { return m_tcpServer.serverAddress(); }
    quint16 serverPort() const { return m_tcpServer.serverPort(); }
    qsizetype openClients() const { return m_openClients; }

Q_SIGNALS:
    // The socket is open and has no parent: whoever takes it owns it and deletes it once it disconnects.
    void webSocketOpened(QWebSocket *socket, Duplex::Route route);
    void requestRefused(const QHostAddress &peer, int status, const QByteArray &reason);

private:
    void onNewConnection();
    void onWebSocketReady();
    void readHead(QTcpSocket *socket);
    void stopReading(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, int status, const QByteArray &reason, const QList<HttpHead::Field> &headers = {});
    void respond(QTcpSocket *socket, const QByteArray &response);
    void handOver(QTcpSocket *socket);
    QByteArray statusPage(const HttpHead &head) const;

    ServerConfig m_config;
    QTcpServer m_tcpServer;
    QWebSocketServer m_webSocketServer;
    QSet<QTcpSocket *> m_readingHead;
    qsizetype m_openClients = 0; // handed over and not yet destroyed
};

} // namespace Duplex
