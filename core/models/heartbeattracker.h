// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>

#include <deque>
#include <optional>

#include "traffic/trafficlog.h"
#include "traffic/trafficrecord.h"

namespace Duplex {

// One ping seen on the wire and how long its pong took, if it came.
struct HeartbeatPoint
{
    qint64 sentUs = 0;                               // on the traffic log's clock
    std::optional<qint64> roundTripUs;               // none: missed
    Direction direction = Direction::ServerToClient; // the way the ping went: both ends of one connection may ping
};

// Ping → pong round trips read off the traffic log's frames, per connection: the room's and every client session's
// heartbeat alike, live or from a capture file. A ping is answered by the first pong in the other direction with
// the same payload (§5.5.3); it is missed when the same side pings again first, or the connection ends uncleanly.
// A live ping in flight when the log is cleared (Clear Monitor, or a capture file shown meanwhile) is still answered
// by its pong after.
class HeartbeatTracker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeartbeatTracker)

public:
    static constexpr qsizetype maxPointsPerConnection = 10'000;
    static constexpr qsizetype recentCount = 30; // round trips a sparkline shows

    struct Stats
    {
        qsizetype answered = 0;
        qsizetype missed = 0;
        qint64 minUs = 0; // of answered pings; 0 when none were
        qint64 medianUs = 0;
        qint64 p99Us = 0;
    };

    explicit HeartbeatTracker(QObject *parent = nullptr);

    void follow(const TrafficLog &log);
    void observe(const TrafficRecord &record);
    // Forgets the round trips. Live pings in flight stay, put aside while a capture file's records are shown; a file's
    // are forgotten.
    void clear(TrafficLog::Clearing next);

    QList<quint64> connections() const { return m_points.keys(); }
    const std::deque<HeartbeatPoint> &points(quint64 connection) const;
    Stats stats(quint64 connection) const;
    std::optional<qint64> lastRoundTripUs(quint64 connection) const;
    // The latest recentCount answered round trips, in milliseconds, oldest first.
    QList<double> recentRoundTripsMs(quint64 connection) const;

Q_SIGNALS:
    void pointAdded(quint64 connection, const Duplex::HeartbeatPoint &point);
    void cleared();

private:
    struct Outstanding
    {
        QByteArray payload;
        qint64 sentUs = -1; // none outstanding
    };
    void add(quint64 connection, const HeartbeatPoint &point);

    // Keyed by connection and the direction the ping went (outstandingKey()): both ends of one connection may ping.
    QHash<quint64, Outstanding> m_outstanding;
    std::optional<QHash<quint64, Outstanding>> m_liveSetAside; // while a capture file's records are shown
    QHash<quint64, std::deque<HeartbeatPoint>> m_points;
};

} // namespace Duplex
