// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "echoendpoint.h"

#include <QWebSocket>

namespace Duplex {

EchoEndpoint::EchoEndpoint(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_maxMessage(config.maxEchoMessage)
    , m_maxSendQueue(config.maxSendQueue)
{ }

void EchoEndpoint::accept(QWebSocket *socket)
{
    socket->setParent(this);
    socket->setMaxAllowedIncomingMessageSize(quint64(m_maxMessage));
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &message) {
        if (!tooSlow(socket))
            socket->sendTextMessage(message);
    });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket](const QByteArray &message) {
        if (!tooSlow(socket))
            socket->sendBinaryMessage(message);
    });
    connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
}

// A peer that sends but never reads would make its echoes pile up in memory: past the bound it is cut off.
bool EchoEndpoint::tooSlow(QWebSocket *socket) const
{
    if (socket->bytesToWrite() <= m_maxSendQueue)
        return false;
    socket->abort();
    return true;
}

} // namespace Duplex
