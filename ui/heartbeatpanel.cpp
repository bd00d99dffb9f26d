// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/heartbeatpanel.h"

#include <QBoxLayout>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSpinBox>
#include <QValueAxis>

#include "models/heartbeattracker.h"

namespace Duplex {

namespace {

double milliseconds(qint64 us)
{
    return double(us) / 1000;
}

} // namespace

HeartbeatPanel::HeartbeatPanel(HeartbeatTracker &tracker, QWidget *parent)
    : QWidget(parent)
    , m_tracker(tracker)
    , m_chart(new QChart)
    , m_view(new QChartView(m_chart))
    , m_time(new QValueAxis)
    , m_roundTrip(new QValueAxis)
    , m_stats(new QLabel)
    , m_interval(new QSpinBox)
{
    m_chart->setTitle(tr("Ping → pong round trip"));
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_time->setTitleText(tr("time (s)"));
    m_time->setLabelFormat(QStringLiteral("%.0f"));
    m_roundTrip->setTitleText(tr("round trip (ms)"));
    m_roundTrip->setLabelFormat(QStringLiteral("%.2f"));
    m_roundTrip->setRange(0, 1);
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_roundTrip, Qt::AlignLeft);
    m_view->setRenderHint(QPainter::Antialiasing);

    m_interval->setRange(0, 3600);
    m_interval->setSuffix(tr(" s"));
    m_interval->setSpecialValueText(tr("off"));
    m_interval->setToolTip(tr("Seconds between heartbeat pings, for the room and the client; 0 turns them off."));
    connect(m_interval, &QSpinBox::valueChanged, this,
        [this](int seconds) { Q_EMIT intervalRequested(std::chrono::seconds(seconds)); });
    m_stats->setTextFormat(Qt::PlainText);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_stats, 1);
    bar->addWidget(new QLabel(tr("Ping every")));
    bar->addWidget(m_interval);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addLayout(bar);

    connect(&tracker, &HeartbeatTracker::pointAdded, this, &HeartbeatPanel::add);
    connect(&tracker, &HeartbeatTracker::cleared, this, &HeartbeatPanel::reset);
    updateStats();
}

void HeartbeatPanel::setInterval(std::chrono::milliseconds interval)
{
    const QSignalBlocker quiet(m_interval); // reflects a change, asks for none
    m_interval->setValue(int(std::chrono::duration_cast<std::chrono::seconds>(interval).count()));
}

void HeartbeatPanel::setConnection(quint64 connection)
{
    m_connection = connection;
    for (const Line &line : std::as_const(m_lines)) {
        const bool shown = connection == 0 || line.connection == connection;
        line.roundTrips->setVisible(shown);
        line.missed->setVisible(shown);
    }
    updateStats();
}

qsizetype HeartbeatPanel::pointCount() const
{
    qsizetype count = 0;
    for (const Line &line : m_lines)
        count += line.roundTrips->count() + line.missed->count();
    return count;
}

HeartbeatPanel::Line &HeartbeatPanel::lineFor(quint64 connection, Direction direction)
{
    for (Line &line : m_lines) {
        if (line.connection == connection && line.direction == direction)
            return line;
    }
    if (m_lines.size() == maxLines) {
        const Line oldest = m_lines.takeFirst();
        m_chart->removeSeries(oldest.roundTrips);
        m_chart->removeSeries(oldest.missed);
        delete oldest.roundTrips;
        delete oldest.missed;
    }
    Line line {connection, direction, new QLineSeries, new QScatterSeries};
    const QString name = direction == Direction::ServerToClient ? tr("#%1 server pings").arg(connection)
                                                                : tr("#%1 client pings").arg(connection);
    line.roundTrips->setName(name);
    line.roundTrips->setPointsVisible(true);
    line.missed->setName(tr("%1, missed").arg(name));
    line.missed->setColor(QColor(0xc6, 0x28, 0x28));
    line.missed->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    line.missed->setMarkerSize(9);
    for (QAbstractSeries *series :
        {static_cast<QAbstractSeries *>(line.roundTrips), static_cast<QAbstractSeries *>(line.missed)}) {
        m_chart->addSeries(series);
        series->attachAxis(m_time);
        series->attachAxis(m_roundTrip);
        series->setVisible(m_connection == 0 || m_connection == connection);
    }
    for (QLegendMarker *marker : m_chart->legend()->markers(line.missed))
        marker->setVisible(false); // the red marks explain themselves; one legend entry per line
    m_lines.append(line);
    return m_lines.last();
}

void HeartbeatPanel::add(quint64 connection, const HeartbeatPoint &point)
{
    const Line &line = lineFor(connection, point.direction);
    const double seconds = double(point.sentUs) / 1e6;
    if (point.roundTripUs)
        line.roundTrips->append(seconds, milliseconds(*point.roundTripUs));
    else
        line.missed->append(seconds, 0);
    if (line.roundTrips->count() > HeartbeatTracker::maxPointsPerConnection)
        line.roundTrips->remove(0);
    // Axes grow to fit: the latest minute, and the largest round trip seen.
    m_time->setRange(std::max(0.0, seconds - 60), std::max(seconds, 1.0));
    if (point.roundTripUs)
        m_roundTrip->setMax(std::max(m_roundTrip->max(), milliseconds(*point.roundTripUs) * 1.2));
    updateStats();
}

void HeartbeatPanel::reset()
{
    m_chart->removeAllSeries();
    m_lines.clear();
    m_roundTrip->setRange(0, 1);
    updateStats();
}

void HeartbeatPanel::updateStats()
{
    if (m_connection == 0)
        return m_stats->setText(tr("Choose a connection for its min, median and p99."));
    const HeartbeatTracker::Stats stats = m_tracker.stats(m_connection);
    if (stats.answered == 0)
        return m_stats->setText(tr("Connection %1: no pong yet, %2 missed").arg(m_connection).arg(stats.missed));
    m_stats->setText(tr("Connection %1: min %2 ms · median %3 ms · p99 %4 ms · %5 answered, %6 missed")
                         .arg(m_connection)
                         .arg(milliseconds(stats.minUs), 0, 'f', 3)
                         .arg(milliseconds(stats.medianUs), 0, 'f', 3)
                         .arg(milliseconds(stats.p99Us), 0, 'f', 3)
                         .arg(stats.answered)
                         .arg(stats.missed));
}

} // namespace Duplex
