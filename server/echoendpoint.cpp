// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/echoendpoint.h"

#include "traffic/connection.h"

namespace Duplex {

EchoEndpoint::EchoEndpoint(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_maxSendQueue(config.maxSendQueue)
{ }

void EchoEndpoint::accept(Connection *connection)
{
    connection->setParent(this);
    connect(connection, &Connection::textReceived, this, [this, connection](const QByteArray &message) {
        if (!connection->abortIfBacklogOver(m_maxSendQueue))
            connection->sendText(message);
    });
    connect(connection, &Connection::binaryReceived, this, [this, connection](const QByteArray &message) {
        if (!connection->abortIfBacklogOver(m_maxSendQueue))
            connection->sendBinary(message);
    });
    connect(connection, &Connection::disconnected, connection, &QObject::deleteLater);
}

} // namespace Duplex
