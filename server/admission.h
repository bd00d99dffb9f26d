// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include "room/serverconfig.h"
#include "wire/httphead.h"

namespace Duplex {

// Options: answered 204 with the admission's headers (a CORS preflight's, or Allow for "OPTIONS *").
enum class Route {
    Page,
    StatusPage,
    Echo,
    Chat,
    Replay,
    ChatEvents,
    ChatJoin,
    ChatPoll,
    ChatSend,
    ChatLeave,
    File, // /files/<token>: a file a member shared
    Options
};

// The gateway's verdict on one request head: serve it, upgrade it, or refuse it with a status and a reason.
struct Admission
{
    // For a request that would join a room with a password (or asks /chat whether it could): what it gave.
    enum class Password : quint8 { NotAsked, Right, Wrong, Missing };

    int status = 200; // 200 serve the route, 101 hand the upgrade on, anything else refuse
    Route route = Route::StatusPage;
    QByteArray reason; // for refusals: one sentence the peer can read, sent as the body
    // Headers the answer carries: a refusal's (426's Sec-WebSocket-Version, 405's Allow), or for a request from
    // another allowed origin, CORS's.
    QList<HttpHead::Field> headers;
    Password password = Password::NotAsked;

    bool isUpgrade() const { return status == 101; }
};

// Decides what to do with a request before anything else sees it. openClients counts WebSocket connections now
// open; replaying says whether /replay has a recorded connection to play.
Admission admit(const HttpHead &head, const ServerConfig &config, qsizetype openClients, bool replaying);

// The transports the room offers, named as --transports names them: "ws, sse".
QByteArray offeredTransports(const ServerConfig &config);

// The WebSocket endpoint a path names, if any.
std::optional<Route> webSocketRoute(QByteArrayView path);

} // namespace Duplex
