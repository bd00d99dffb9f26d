// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/heartbeattracker.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace Duplex {

namespace {

quint64 outstandingKey(quint64 connection, Direction pingDirection)
{
    return connection << 1 | quint64(pingDirection == Direction::ServerToClient);
}

} // namespace

HeartbeatTracker::HeartbeatTracker(QObject *parent)
    : QObject(parent)
{ }

void HeartbeatTracker::follow(const TrafficLog &log)
{
    connect(&log, &TrafficLog::recorded, this, &HeartbeatTracker::observe);
    connect(&log, &TrafficLog::cleared, this, &HeartbeatTracker::clear);
}

void HeartbeatTracker::observe(const TrafficRecord &record)
{
    if (const auto *closed = std::get_if<ConnectionClosed>(&record.event)) {
        for (const Direction direction : {Direction::ClientToServer, Direction::ServerToClient}) {
            const auto outstanding = m_outstanding.take(outstandingKey(record.connection, direction));
            if (!closed->clean && outstanding.sentUs >= 0)
                add(record.connection, {outstanding.sentUs, std::nullopt, direction});
        }
        return;
    }
    const auto *frame = std::get_if<Frame>(&record.event);
    if (!frame)
        return;
    if (frame->opcode == Opcode::ping) {
        Outstanding &outstanding = m_outstanding[outstandingKey(record.connection, frame->direction)];
        if (outstanding.sentUs >= 0)
            add(record.connection, {outstanding.sentUs, std::nullopt, frame->direction});
        outstanding = {frame->payload, record.timeUs};
    } else if (frame->opcode == Opcode::pong) {
        const Direction pingDirection
            = frame->direction == Direction::ServerToClient ? Direction::ClientToServer : Direction::ServerToClient;
        const auto it = m_outstanding.constFind(outstandingKey(record.connection, pingDirection));
        if (it == m_outstanding.cend() || it->payload != frame->payload)
            return; // unsolicited: a one-way heartbeat (§5.5.3)
        add(record.connection, {it->sentUs, record.timeUs - it->sentUs, pingDirection});
        m_outstanding.erase(it);
    }
}

void HeartbeatTracker::clear(TrafficLog::Clearing next)
{
    if (next == TrafficLog::Clearing::ToCapture) {
        if (!m_liveSetAside) // and not a file's pings instead, when a file replaces a file
            m_liveSetAside = std::move(m_outstanding);
        m_outstanding.clear();
    } else if (m_liveSetAside) {
        m_outstanding = *std::exchange(m_liveSetAside, std::nullopt);
    }
    m_points.clear();
    Q_EMIT cleared();
}

void HeartbeatTracker::add(quint64 connection, const HeartbeatPoint &point)
{
    auto &points = m_points[connection];
    points.push_back(point);
    if (qsizetype(points.size()) > maxPointsPerConnection)
        points.pop_front();
    Q_EMIT pointAdded(connection, point);
}

const std::deque<HeartbeatPoint> &HeartbeatTracker::points(quint64 connection) const
{
    static const std::deque<HeartbeatPoint> none;
    const auto it = m_points.constFind(connection);
    return it == m_points.cend() ? none : *it;
}

HeartbeatTracker::Stats HeartbeatTracker::stats(quint64 connection) const
{
    Stats stats;
    std::vector<qint64> roundTrips;
    for (const HeartbeatPoint &point : points(connection)) {
        if (point.roundTripUs)
            roundTrips.push_back(*point.roundTripUs);
        else
            ++stats.missed;
    }
    stats.answered = qsizetype(roundTrips.size());
    if (roundTrips.empty())
        return stats;
    std::sort(roundTrips.begin(), roundTrips.end());
    // Nearest rank: the smallest value with at least p of the samples at or below it.
    const auto percentile = [&roundTrips](double p) {
        const auto rank = size_t(std::ceil(p * double(roundTrips.size())));
        return roundTrips[std::max<size_t>(rank, 1) - 1];
    };
    stats.minUs = roundTrips.front();
    stats.medianUs = percentile(0.5);
    stats.p99Us = percentile(0.99);
    return stats;
}

std::optional<qint64> HeartbeatTracker::lastRoundTripUs(quint64 connection) const
{
    const auto &all = points(connection);
    const auto it = std::find_if(all.rbegin(), all.rend(), [](const HeartbeatPoint &p) { return p.roundTripUs; });
    return it == all.rend() ? std::nullopt : it->roundTripUs;
}

QList<double> HeartbeatTracker::recentRoundTripsMs(quint64 connection) const
{
    const auto &all = points(connection);
    QList<double> recent;
    for (auto it = all.rbegin(); it != all.rend() && recent.size() < recentCount; ++it) {
        if (it->roundTripUs)
            recent.prepend(double(*it->roundTripUs) / 1000);
    }
    return recent;
}

} // namespace Duplex
