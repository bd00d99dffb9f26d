// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab/countingrelay.h"

#include <QTcpSocket>

namespace Duplex {

CountingRelay::CountingRelay(quint16 targetPort, QObject *parent)
    : QObject(parent)
    , m_targetPort(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &CountingRelay::carry);
}

CountingRelay::~CountingRelay() = default;

bool CountingRelay::listen(QString *error)
{
    if (m_server.listen(QHostAddress::LocalHost))
        return true;
    if (error)
        *error = m_server.errorString();
    return false;
}

void CountingRelay::carry()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *target = new QTcpSocket(client);
        ++m_counts.open;
        // Bytes written before the target connection is up wait in its buffer.
        const auto forward = [](QTcpSocket *from, QTcpSocket *to, qint64 &count) {
            const QByteArray bytes = from->readAll();
            count += bytes.size();
            to->write(bytes);
        };
        connect(client, &QTcpSocket::readyRead, target, [=, this] { forward(client, target, m_counts.up); });
        connect(target, &QTcpSocket::readyRead, client, [=, this] { forward(target, client, m_counts.down); });
        // Either end closing closes the other once what it was sent has gone (what arrived came as readyRead
        // before); the pair goes with the client.
        connect(target, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        connect(client, &QTcpSocket::disconnected, this, [=, this] {
            target->disconnectFromHost();
            --m_counts.open;
            client->deleteLater();
        });
        connect(target, &QTcpSocket::errorOccurred, client, [=](QAbstractSocket::SocketError error) {
            if (error != QAbstractSocket::RemoteHostClosedError)
                client->abort();
        });
        target->connectToHost(QHostAddress::LocalHost, m_targetPort);
    }
}

} // namespace Duplex
