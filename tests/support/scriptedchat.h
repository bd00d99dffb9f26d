// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

#include "client/chatclient.h"
#include "room/chatprotocol.h"
#include "support/eventwait.h"

namespace Duplex::Test {

// A ChatClient joined to a WebSocket server of the test's own on 127.0.0.1, which speaks for the room as the test
// says and keeps what the client said; room is null when the client did not come.
struct ScriptedChat
{
    ScriptedChat()
    {
        if (!server.listen(QHostAddress::LocalHost))
            return;
        client.join(QUrl(QStringLiteral("ws://127.0.0.1:%1/chat").arg(server.serverPort())), {});
        if (!waitUntil([this] { return server.hasPendingConnections(); }))
            return;
        room.reset(server.nextPendingConnection());
        QObject::connect(room.get(), &QWebSocket::textMessageReceived, room.get(),
            [this](const QString &text) { heard.append(QJsonDocument::fromJson(text.toUtf8()).object()); });
        QObject::connect(room.get(), &QWebSocket::binaryMessageReceived, room.get(),
            [this](const QByteArray &bytes) { bytesHeard += bytes; });
    }
    void say(const QJsonObject &object) { room->sendTextMessage(QString::fromUtf8(ChatProtocol::encode(object))); }
    // The room's hello: the client is ann, alone in it.
    void greet()
    {
        say({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("you"), QStringLiteral("ann")},
            {QStringLiteral("users"), QJsonArray {QStringLiteral("ann")}}});
    }
    // One field of each request the client sent, in order (empty where a request has none).
    QStringList heardOf(const QString &field) const
    {
        QStringList values;
        for (const QJsonObject &request : heard)
            values.append(request.value(field).toString());
        return values;
    }

    QWebSocketServer server {QStringLiteral("scripted room"), QWebSocketServer::NonSecureMode};
    ChatClient client;
    QSignalSpy events {&client, &ChatClient::eventReceived};
    std::unique_ptr<QWebSocket> room; // the server's end of the client's connection (the taker's to delete)
    QList<QJsonObject> heard;         // the client's text frames, as JSON
    QByteArray bytesHeard;            // and its binary frames' bytes
};

} // namespace Duplex::Test
