// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QQueue>
#include <QWebSocket>

#include <optional>

namespace Duplex::Test {

// A real QWebSocket client that queues the JSON objects it receives, for tests that talk to /chat.
class JsonClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonClient)

public:
    explicit JsonClient(QObject *parent = nullptr);

    bool open(const QUrl &url);
    // Opens a room's url (/chat) and reads its hello: nothing unless the client is a member now.
    std::optional<QJsonObject> join(const QUrl &url);
    void sendJson(const QJsonObject &object);
    void sendText(const QString &text) { socket.sendTextMessage(text); }

    // The next object received, in arrival order, waiting up to timeoutMs for one.
    std::optional<QJsonObject> next(int timeoutMs = 5000);
    // The next object of this type; objects of other types before it are skipped.
    std::optional<QJsonObject> nextOfType(QStringView type, int timeoutMs = 5000);
    bool waitDisconnected(int timeoutMs = 5000);

    QWebSocket socket;

private:
    QQueue<QJsonObject> m_received;
};

} // namespace Duplex::Test
