// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QWebSocketServer>

#include <optional>
#include <utility>

#include "admission.h"
#include "serverconfig.h"

class QTcpSocket;

namespace Duplex {

class TapRelay;
class TrafficLog;

// The public port. Reads each request head itself (bounded in size and time), answers plain HTTP, refuses bad
// upgrades with a status the peer can read, and passes good ones to the embedded QWebSocketServer, which would
// otherwise accept some invalid handshakes and silently drop others. With the tap on, each upgrade goes through a
// TapRelay to that server over a local socket pair (no second TCP connection: its cost was most of the tap's);
// without it, the socket is handed over as it is. Every exchange is recorded in the traffic log.
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
    // The socket is open and has no parent: whoever takes it owns it and deletes it once it disconnects. peer is
    // the real far end ("address:port"), also when the socket itself is connected to a relay.
    void webSocketOpened(QWebSocket *socket, Duplex::Route route, const QString &peer);
    void requestRefused(const QHostAddress &peer, int status, const QByteArray &reason);
    void openClientsChanged(qsizetype openClients);

private:
    void onNewConnection();
    void onWebSocketReady();
    void readHead(QTcpSocket *socket);
    void stopReading(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, int status, const QByteArray &reason, const QList<HttpHead::Field> &headers = {});
    void respond(QTcpSocket *socket, const QByteArray &response);
    void handOver(QTcpSocket *socket, const HttpHead &head, qsizetype headLength, Route route);
    // The two ends of a connected local socket pair, or none (with the reason) when the system has no more.
    static std::optional<std::pair<QTcpSocket *, QTcpSocket *>> localSocketPair(QByteArray *why);
    void countOpen(QObject *lifetime);
    QByteArray statusPage(const HttpHead &head) const;

    ServerConfig m_config;
    QTcpServer m_tcpServer;
    TrafficLog &m_log;
    QWebSocketServer m_webSocketServer;
    QHash<quint64, TapRelay *> m_relays; // by the id in their requests' relay header
    quint64 m_lastRelayId = 0;
    QSet<QTcpSocket *> m_readingHead;
    qsizetype m_openClients = 0; // handed over and not yet destroyed
};

} // namespace Duplex
