// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>

#include "room/serverconfig.h"
#include "server/admission.h"

namespace Duplex {

class ChatRoom;
class HttpConnection;
class HttpMember;

// The room's doors for plain HTTP clients (docs/protocol.md): GET /chat/events (SSE), POST /chat/join then
// GET /chat/poll (long and short polls), and POST /chat/send and /chat/leave for both; and GET /files/<token>, the
// files members shared. Each member is an HttpMember, which the room treats like any WebSocket; this class finds it
// again from the session token each request carries (Authorization: Bearer, or the duplex_session cookie).
class ChatOverHttp final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatOverHttp)

public:
    ChatOverHttp(const ServerConfig &config, ChatRoom &room, QObject *parent = nullptr);

    void serve(HttpConnection *request, Route route);
    void setPingInterval(std::chrono::milliseconds interval);
    // Every member goes (1001); from now on a stream is answered 204, so EventSource stops, and a join 503.
    void shutdown();

private:
    void openStream(HttpConnection *request);
    void join(HttpConnection *request);
    void poll(HttpConnection *request);
    void send(HttpConnection *request);
    void leave(HttpConnection *request);     // at once, rather than when the member's polls stop
    void serveFile(HttpConnection *request); // GET /files/<token>, which the room may still hold
    HttpMember *newMember(ChatProtocol::Transport transport, HttpConnection *request);
    // The member the request's token names, which the room learns the request's address of, or nullptr after
    // answering why not (401, 410, or 503 while closing).
    HttpMember *memberOf(HttpConnection *request);
    void refuseClosing(HttpConnection *request);
    void onMemberGone(HttpMember *member);

    ServerConfig m_config;
    ChatRoom &m_room;
    QHash<QByteArray, HttpMember *> m_sessions;
    QList<QByteArray> m_kicked; // the latest sessions closed by the room: their streams get 204, not a new member
    bool m_closing = false;
};

} // namespace Duplex
