// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/heartbeat.h"

#include <QtEndian>

#include "traffic/connection.h"

namespace Duplex {

Heartbeat::Heartbeat(Ping ping, std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_ping(std::move(ping))
    , m_interval(interval)
{
    m_clock.start();
    connect(&m_timer, &QTimer::timeout, this, &Heartbeat::onTick);
    setInterval(interval);
}

Heartbeat::Heartbeat(Connection *connection, std::chrono::milliseconds interval)
    : Heartbeat([connection](const QByteArray &payload) { return connection->ping(payload); }, interval, connection)
{
    connect(connection, &Connection::pongReceived, this, &Heartbeat::takePong);
}

void Heartbeat::setInterval(std::chrono::milliseconds interval)
{
    m_interval = interval;
    m_timer.stop();
    if (interval > std::chrono::milliseconds::zero())
        m_timer.start(interval);
}

void Heartbeat::onTick()
{
    // The payload carries the sequence number, so a late pong is not taken for the answer to a newer ping.
    const quint64 sequence = m_sequence + 1;
    QByteArray payload(sizeof sequence, Qt::Uninitialized);
    qToBigEndian(sequence, payload.data());
    const qint64 sentAtNs = m_clock.nsecsElapsed();
    if (!m_ping(payload))
        return m_timer.stop(); // the connection is closing: its heartbeat is over, with no verdict
    if (m_awaitingPong) {
        ++m_missedInARow;
        Q_EMIT pongMissed(m_sequence, m_missedInARow);
        if (m_missedInARow >= missesBeforeDead) {
            m_timer.stop();
            Q_EMIT peerDead();
            return;
        }
    }
    m_sequence = sequence;
    m_sentAtNs = sentAtNs;
    m_awaitingPong = true;
    Q_EMIT pingSent(sequence);
}

void Heartbeat::takePong(const QByteArray &payload)
{
    const qint64 now = m_clock.nsecsElapsed();
    if (!m_awaitingPong || payload.size() != sizeof m_sequence || qFromBigEndian<quint64>(payload.data()) != m_sequence)
        return; // unsolicited (RFC 6455 §5.5.3) or answering a ping already counted as missed
    m_awaitingPong = false;
    m_missedInARow = 0;
    Q_EMIT pongReceived(m_sequence, (now - m_sentAtNs) / 1000);
}

} // namespace Duplex
