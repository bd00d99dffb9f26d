// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "heartbeat.h"

#include <QWebSocket>
#include <QtEndian>

namespace Duplex {

Heartbeat::Heartbeat(QWebSocket *socket, std::chrono::milliseconds interval)
    : QObject(socket)
    , m_socket(socket)
    , m_interval(interval)
{
    m_clock.start();
    connect(&m_timer, &QTimer::timeout, this, &Heartbeat::onTick);
    connect(socket, &QWebSocket::pong, this, &Heartbeat::onPong);
    setInterval(interval);
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
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_awaitingPong) {
        ++m_missedInARow;
        Q_EMIT pongMissed(m_sequence, m_missedInARow);
        if (m_missedInARow >= missesBeforeDead) {
            m_timer.stop();
            Q_EMIT peerDead();
            return;
        }
    }
    // The payload carries the sequence number, so a late pong is not taken for the answer to a newer ping.
    ++m_sequence;
    QByteArray payload(sizeof m_sequence, Qt::Uninitialized);
    qToBigEndian(m_sequence, payload.data());
    m_awaitingPong = true;
    Q_EMIT pingSent(m_sequence);
    m_sentAtNs = m_clock.nsecsElapsed();
    m_socket->ping(payload);
}

void Heartbeat::onPong(quint64, const QByteArray &payload)
{
    const qint64 now = m_clock.nsecsElapsed();
    if (!m_awaitingPong || payload.size() != sizeof m_sequence || qFromBigEndian<quint64>(payload.data()) != m_sequence)
        return; // unsolicited (RFC 6455 §5.5.3) or answering a ping already counted as missed
    m_awaitingPong = false;
    m_missedInARow = 0;
    Q_EMIT pongReceived(m_sequence, (now - m_sentAtNs) / 1000);
}

} // namespace Duplex
