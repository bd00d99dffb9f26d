// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QSet>
#include <QUrl>

#include "room/serverconfig.h"
#include "server/chatoverhttp.h"
#include "server/chatroom.h"
#include "server/echoendpoint.h"
#include "server/gateway.h"
#include "server/replayendpoint.h"
#include "server/roombeacon.h"

namespace Duplex {

// A hosted room: the gateway on the public port, /echo, /chat and /replay behind it (/chat over WebSocket, and over
// SSE and polls through ChatOverHttp), a heartbeat on every connection, and a shutdown that says goodbye (1001) to
// everyone before it reports stopped().
class Server final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Server)

public:
    // Records its traffic in log, which must outlive it.
    Server(const ServerConfig &config, TrafficLog &log, QObject *parent = nullptr);
    ~Server() override;

    // Opens the history file, if any, listens, and announces the room if asked to; false, with errorString(), when
    // either of the first two fails.
    bool listen();
    QString errorString() const; // a sentence: "cannot listen on 127.0.0.1:8080: …", or what the history file lacks
    quint16 port() const { return m_gateway.serverPort(); }
    // Where peers can reach the endpoints: every interface address when bound to "any", else the bound one.
    QList<QUrl> urls() const { return urlsFor(m_gateway.serverAddress(), port()); }
    static QList<QUrl> urlsFor(const QHostAddress &bound, quint16 port);

    Gateway *gateway() { return &m_gateway; }
    ChatRoom *room() { return &m_room; }

    // What /replay plays to the clients that connect from now on: a recorded connection's server messages, paced
    // as pacing says. None: /replay is refused.
    void setReplay(const QList<RecordedMessage> &messages, ReplayPacer::Pacing pacing);

    // Every connection's heartbeat, and the next ones', pings at interval from now on; 0 turns it off.
    void setPingInterval(std::chrono::milliseconds interval);

    // Stops accepting, closes every connection with 1001 (going away), and emits stopped() once all are closed or
    // after a grace period.
    void shutdown();

Q_SIGNALS:
    void stopped();

private:
    void onWebSocketOpened(Duplex::Connection *connection, Duplex::Route route, const QUrlQuery &query);
    void onClosed(Connection *connection);
    void finishShutdownWhenClosed();
    void finishShutdown();

    ServerConfig m_config;
    Gateway m_gateway;
    EchoEndpoint m_echo;
    ReplayEndpoint m_replay;
    ChatRoom m_room;
    ChatOverHttp m_chatOverHttp;
    std::unique_ptr<RoomBeacon> m_beacon; // while it listens, when config.announce
    QSet<Connection *> m_open;
    QString m_error; // of the history file
    bool m_stopping = false;
    bool m_stopped = false;
};

} // namespace Duplex
