// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/replayendpoint.h"

#include "traffic/connection.h"

namespace Duplex {

ReplayEndpoint::ReplayEndpoint(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_maxSendQueue(config.maxSendQueue)
{ }

void ReplayEndpoint::setScript(const QList<RecordedMessage> &messages, ReplayPacer::Pacing pacing)
{
    m_messages = messages;
    m_pacing = pacing;
}

void ReplayEndpoint::accept(Connection *connection)
{
    connection->setParent(this);
    auto *pacer = new ReplayPacer(m_messages, m_pacing, ReplayPacer::defaultReplyWait, connection);
    connect(pacer, &ReplayPacer::due, connection, [this, connection, pacer](const RecordedMessage &message) {
        if (connection->abortIfBacklogOver(m_maxSendQueue))
            return pacer->stop();
        if (message.text)
            connection->sendText(message.payload);
        else
            connection->sendBinary(message.payload);
    });
    connect(connection, &Connection::textReceived, pacer, &ReplayPacer::otherSideSpoke);
    connect(connection, &Connection::binaryReceived, pacer, &ReplayPacer::otherSideSpoke);
    connect(connection, &Connection::disconnected, pacer, &ReplayPacer::stop);
    connect(connection, &Connection::disconnected, connection, &QObject::deleteLater);
    pacer->start();
}

} // namespace Duplex
