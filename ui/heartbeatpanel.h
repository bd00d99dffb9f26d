// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QWidget>

#include <chrono>

#include "wire/websocketframe.h"

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QSpinBox;
class QValueAxis;

namespace Duplex {

class HeartbeatTracker;
struct HeartbeatPoint;

// The monitor's heartbeat: ping → pong round trips over time, one line per connection, missed pongs as red
// marks, min/median/p99 of the chosen connection, and the interval of the pings.
class HeartbeatPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeartbeatPanel)

public:
    static constexpr int maxLines = 12; // the latest pinging sides of connections; more would be noise

    explicit HeartbeatPanel(HeartbeatTracker &tracker, QWidget *parent = nullptr);

    void setConnection(quint64 connection); // 0: all
    void setInterval(std::chrono::milliseconds interval);
    qsizetype pointCount() const;
    QLabel *statsLabel() const { return m_stats; }

Q_SIGNALS:
    void intervalRequested(std::chrono::milliseconds interval);

private:
    // One per connection and pinging side, so that both ends pinging one connection draw two lines, not a zigzag.
    struct Line
    {
        quint64 connection;
        Direction direction;
        QLineSeries *roundTrips;
        QScatterSeries *missed;
    };
    void add(quint64 connection, const HeartbeatPoint &point);
    Line &lineFor(quint64 connection, Direction direction);
    void reset();
    void updateStats();

    HeartbeatTracker &m_tracker;
    QChart *m_chart;
    QChartView *m_view;
    QValueAxis *m_time;
    QValueAxis *m_roundTrip;
    QLabel *m_stats;
    QSpinBox *m_interval;
    QList<Line> m_lines; // oldest first
    quint64 m_connection = 0;
};

} // namespace Duplex
