// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSignalSpy>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

#include "client/chatclient.h"
#include "room/chatprotocol.h"
#include "support/eventwait.h"

namespace Duplex::Test {

// A ChatClient joined to a WebSocket server of the test's own on 127.0.0.1, which speaks for the room as the test
// says; room is null when the client did not come.
struct ScriptedChat
{
    ScriptedChat()
    {
        if (!server.listen(QHostAddress::LocalHost))
            return;
        client.join(QUrl(QStringLiteral("ws://127.0.0.1:%1/chat").arg(server.serverPort())), {});
        if (waitUntil([this] { return server.hasPendingConnections(); }))
            room.reset(server.nextPendingConnection());
    }
    void say(const QJsonObject &object) { room->sendTextMessage(QString::fromUtf8(ChatProtocol::encode(object))); }

    QWebSocketServer server {QStringLiteral("scripted room"), QWebSocketServer::NonSecureMode};
    ChatClient client;
    QSignalSpy events {&client, &ChatClient::eventReceived};
    std::unique_ptr<QWebSocket> room; // the server's end of the client's connection (the taker's to delete)
};

} // namespace Duplex::Test
