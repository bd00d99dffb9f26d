// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace Duplex {

class Connection;

// Pings one WebSocket connection on an interval and times each ping with a monotonic clock in microseconds
// (QWebSocket's `pong` signal has whole milliseconds). A peer that misses two pongs in a row is dead.
class Heartbeat final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Heartbeat)

public:
    static constexpr int missesBeforeDead = 2;

    // Sends a ping with payload, or returns false when the connection no longer takes pings (it is closing).
    using Ping = std::function<bool(const QByteArray &payload)>;

    // Pings with ping; whoever owns the connection passes every pong's payload to takePong(). An interval of 0
    // sends no pings.
    Heartbeat(Ping ping, std::chrono::milliseconds interval, QObject *parent);
    // Pings connection and takes its pongs, as a child of it, so it stops when the connection goes.
    Heartbeat(Connection *connection, std::chrono::milliseconds interval);

    void takePong(const QByteArray &payload);

    std::chrono::milliseconds interval() const { return m_interval; }
    void setInterval(std::chrono::milliseconds interval);

Q_SIGNALS:
    void pingSent(quint64 sequence);
    void pongReceived(quint64 sequence, qint64 roundTripUs);
    void pongMissed(quint64 sequence, int missedInARow);
    void peerDead();

private:
    void onTick();

    Ping m_ping;
    std::chrono::milliseconds m_interval;
    QTimer m_timer;
    QElapsedTimer m_clock;
    quint64 m_sequence = 0;
    bool m_awaitingPong = false;
    qint64 m_sentAtNs = 0;
    int m_missedInARow = 0;
};

} // namespace Duplex
