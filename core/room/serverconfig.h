// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QStringList>

#include <chrono>

#include "room/chatprotocol.h"
#include "wire/httprequest.h"

namespace Duplex {

// Everything a hosted room can be told: where it listens, who may join, and the limits that keep it alive.
// Shared by `duplex-server`'s command line and the desktop Host panel, so it lives in core.
struct ServerConfig
{
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8080; // 0 picks any free port
    // Origins allowed besides "none" (native clients) and the server's own; "*" allows every origin.
    QStringList allowedOrigins;
    // What a member gives to join (?password=, docs/protocol.md); empty: anyone who reaches the room joins.
    QString password;
    // Say on the networks bindAddress reaches that the room is there, for Duplex there to find it (RoomAnnouncement).
    bool announce = false;
    std::chrono::milliseconds pingInterval = std::chrono::seconds(15); // 0 turns the heartbeat off

    qint64 maxChatMessage = 1 << 20; // bytes; larger messages close with 1009
    qint64 maxEchoMessage = 16 << 20;
    int maxClients = 1000; // WebSocket connections; more upgrades get 503
    // A member whose unsent data passes this is dropped (bytes), as gorilla's hub drops slow receivers.
    qint64 maxSendQueue = 4 << 20;
    // All members' unsent data together (bytes): past it, the members with the most waiting are dropped first.
    qint64 maxRoomQueue = qint64(256) << 20;
    // A room handing out busyDeliveries a second or more (messages × receivers) gathers its broadcasts for up to
    // broadcastBatch and sends each member what gathered together: a write costs a system call and a wake-up of
    // the receiver whatever it carries, and those are most of a busy room's work. A quieter room sends each
    // broadcast at once. A batch of 0 never gathers.
    std::chrono::milliseconds broadcastBatch {20};
    qint64 busyDeliveries = 200'000;

    // The room offers these; a refused one answers 404 (--transports).
    QList<ChatProtocol::Transport> transports {
        std::begin(ChatProtocol::allTransports), std::end(ChatProtocol::allTransports)};
    bool offers(ChatProtocol::Transport transport) const { return transports.contains(transport); }

    // Plain HTTP (the page, SSE, polls): each request within these limits, its head within headTimeout, the next
    // request on a kept-alive connection within keepAliveTimeout. WebSocket upgrades obey the head limits too.
    HttpRequest::Limits httpLimits;
    std::chrono::milliseconds headTimeout = std::chrono::seconds(10);
    std::chrono::milliseconds keepAliveTimeout = std::chrono::seconds(60);
    // HTTP connections one peer address may hold (SSE streams, held polls, kept-alive ones); WebSocket
    // connections count against maxClients instead. More get 429.
    int maxHttpPerAddress = 64;
    // How long a long poll is held when there is no news; a poller silent for twice this leaves.
    std::chrono::milliseconds pollHold = std::chrono::seconds(25);

    // Chat rate limit: a token bucket refilled at messagesPerSecond, holding at most burst messages. A member
    // that keeps sending burst more messages after being warned is closed with 1008. A rate of 0 lifts the limit.
    double messagesPerSecond = 10;
    int burst = 20;

    // Files members share (docs/protocol.md): each at most maxFileBytes (0: the room takes none); all of them together,
    // held or arriving, at most fileBudget, the oldest held forgotten to make room for a new one.
    qint64 maxFileBytes = 64 << 20;
    qint64 fileBudget = qint64(256) << 20;

    int historySize = 100; // messages a newcomer receives in hello
    // An SQLite file in which the room keeps its history, to greet with it when started again; empty keeps it in
    // memory only (--history-file).
    QString historyFile;

    // Serve every upgrade with Duplex's own code through the wire tap (frames in the traffic log, protocol guard);
    // off hands sockets to QtWebSockets, which leaves only the request to record.
    bool tap = true;
};

} // namespace Duplex
