// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/jsonclient.h"

#include <QJsonDocument>
#include <QTest>

#include "support/eventwait.h"

namespace Duplex::Test {

JsonClient::JsonClient(QObject *parent)
    : QObject(parent)
{
    connect(&socket, &QWebSocket::textMessageReceived, this,
        [this](const QString &text) { m_received.enqueue(QJsonDocument::fromJson(text.toUtf8()).object()); });
}

bool JsonClient::open(const QUrl &url)
{
    socket.open(url);
    return waitUntil([this] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000);
}

std::optional<QJsonObject> JsonClient::join(const QUrl &url)
{
    return open(url) ? nextOfType(u"hello") : std::nullopt;
}

void JsonClient::sendJson(const QJsonObject &object)
{
    socket.sendTextMessage(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
}

std::optional<QJsonObject> JsonClient::next(int timeoutMs)
{
    if (!waitUntil([this] { return !m_received.isEmpty(); }, timeoutMs))
        return std::nullopt;
    return m_received.dequeue();
}

std::optional<QJsonObject> JsonClient::nextOfType(QStringView type, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (const auto object = next(int(deadline.remainingTime()))) {
        if (object->value(u"type").toString() == type)
            return object;
    }
    return std::nullopt;
}

bool JsonClient::waitDisconnected(int timeoutMs)
{
    return waitUntil([this] { return socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}

} // namespace Duplex::Test
