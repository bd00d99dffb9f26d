// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMap>
#include <QWidget>

#include <chrono>

#include "wire/websocketframe.h"

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QScatterSeries;
class QSpinBox;
class QValueAxis;

namespace Duplex {

class ConnectionListModel;
class HeartbeatTracker;
struct HeartbeatPoint;

// The monitor's heartbeat: ping → pong round trips over time, one line per pinging side of a connection, missed
// pongs as red marks, min/median/p99 of the chosen connection, and the interval of the pings. Beside the chart,
// every pinging side in its line's colour (a connection always gets the same one), named and greyed once closed:
// the person ticks the lines to draw (the first few are ticked as they come) and clears out the closed ones.
class HeartbeatPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeartbeatPanel)

public:
    static constexpr int autoShownLines = 12; // ticked as they come; more would be noise until asked for

    HeartbeatPanel(HeartbeatTracker &tracker, const ConnectionListModel &connections, QWidget *parent = nullptr);

    void setConnection(quint64 connection); // 0: all
    void setInterval(std::chrono::milliseconds interval);
    qsizetype pointCount() const;
    QLabel *statsLabel() const { return m_stats; }
    QListWidget *sides() const { return m_sides; } // checkable, one item per pinging side
    QPushButton *removeClosedButton() const { return m_removeClosed; }
    // The colour of a pinging side's line, the same for a connection whenever it is drawn.
    static QColor colourFor(quint64 connection, Direction direction);

Q_SIGNALS:
    void intervalRequested(std::chrono::milliseconds interval);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Line
    {
        QLineSeries *roundTrips;
        QScatterSeries *missed;
    };
    using Side = std::pair<quint64, Direction>;

    void add(quint64 connection, const HeartbeatPoint &point);
    QListWidgetItem *itemFor(const Side &side);
    void draw(const Side &side, bool drawn); // adds the side's line with all its points, or takes it away
    void append(const Line &line, const HeartbeatPoint &point);
    void nameSides(int firstRow, int lastRow); // of the connection list
    QString sideName(const Side &side) const;
    void removeClosed();
    void reset();
    void updateStats();
    void shadeChart(); // Qt Charts' light or dark theme, as the palette is

    HeartbeatTracker &m_tracker;
    const ConnectionListModel &m_connections;
    QChart *m_chart;
    QChartView *m_view;
    QValueAxis *m_time;
    QValueAxis *m_roundTrip;
    QListWidget *m_sides;
    QPushButton *m_removeClosed;
    QLabel *m_stats;
    QSpinBox *m_interval;
    QMap<Side, QListWidgetItem *> m_items;
    QMap<Side, Line> m_lines; // those drawn
    quint64 m_connection = 0;
};

} // namespace Duplex
