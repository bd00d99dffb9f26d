// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QWebSocketServer>

#include "room/serverconfig.h"
#include "server/admission.h"
#include "server/httpconnection.h"
#include "server/passwordguesses.h"

namespace Duplex {

class Connection;
class TrafficLog;

// The public port. Serves HTTP/1.1 itself (HttpConnection: kept alive, bounded in size and time), routes each
// request (admit()), serves the chat page and the status page, hands the room's HTTP transports to whoever hears
// chatRequest(), and refuses bad upgrades with a status the peer can read (QtWebSockets would accept some invalid
// handshakes and silently drop others). With the tap on, a NativeConnection answers each good upgrade and serves
// it, every frame recorded; without it, the socket goes to the embedded QWebSocketServer as it is. Every exchange is
// recorded in the traffic log.
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
    void setReplaying(bool replaying) { m_replaying = replaying; }

Q_SIGNALS:
    // The connection is open: whoever takes it becomes its parent and deletes it once it disconnects (until then
    // it is the gateway's child). query is its request's (where a member asks to resume).
    void webSocketOpened(Duplex::Connection *connection, Duplex::Route route, const QUrlQuery &query);
    // A request for one of the room's HTTP resources, admitted: answer it on connection.
    void chatRequest(Duplex::HttpConnection *connection, Duplex::Route route);
    void requestRefused(const QHostAddress &peer, int status, const QByteArray &reason);
    void openClientsChanged(qsizetype openClients);

private:
    void onNewConnection();
    void onRequest(HttpConnection *connection);
    void onWebSocketReady();
    bool holdsPlainHttp(HttpConnection *connection);
    // Whether the address may give a password now (else refused 429); counts a wrong one.
    bool mayGivePassword(HttpConnection *connection, Admission::Password given);
    void upgrade(HttpConnection *connection, Route route);
    void countOpen(QObject *lifetime);
    static void servePage(HttpConnection *connection, const QByteArray &path);
    QByteArray statusPage(const HttpHead &head) const;

    ServerConfig m_config;
    HttpConnection::Limits m_httpLimits;
    QTcpServer m_tcpServer;
    TrafficLog &m_log;
    QWebSocketServer m_webSocketServer;             // without the tap
    QSet<HttpConnection *> m_plainHttp;             // connections that served a request other than an upgrade
    QHash<QHostAddress, int> m_plainHttpPerAddress; // of those
    PasswordGuesses m_passwordGuesses;
    bool m_replaying = false;    // /replay has a recorded connection to play (admit())
    qsizetype m_openClients = 0; // WebSocket connections handed over and not yet destroyed
};

} // namespace Duplex
