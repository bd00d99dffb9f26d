// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/heartbeatpanel.h"

#include <QBoxLayout>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QValueAxis>

#include "models/connectionlistmodel.h"
#include "models/heartbeattracker.h"
#include "ui/contrast.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

constexpr int sideRole = Qt::UserRole + 1;      // the connection of a list item
constexpr int directionRole = Qt::UserRole + 2; // and the way its pings go

double milliseconds(qint64 us)
{
    return double(us) / 1000;
}

constexpr QRgb missedColour = 0xc62828;

QIcon swatch(const QColor &colour)
{
    QPixmap image(12, 12);
    image.fill(colour);
    return QIcon(image);
}

} // namespace

QColor HeartbeatPanel::colourFor(quint64 connection, Direction direction)
{
    // Six hues, a strong shade for the room's pings and a light one for the client's: adjacent connections differ.
    static constexpr std::array<QRgb, 12> colours {0x1f77b4, 0xaec7e8, 0xff7f0e, 0xffbb78, 0x2ca02c, 0x98df8a, 0x9467bd,
        0xc5b0d5, 0x8c564b, 0xc49c94, 0x17becf, 0x9edae5};
    return QColor(colours[(connection * 2 + (direction == Direction::ClientToServer ? 1 : 0)) % colours.size()]);
}

HeartbeatPanel::HeartbeatPanel(HeartbeatTracker &tracker, const ConnectionListModel &connections, QWidget *parent)
    : QWidget(parent)
    , m_tracker(tracker)
    , m_connections(connections)
    , m_chart(new QChart)
    , m_view(new QChartView(m_chart))
    , m_time(new QValueAxis)
    , m_roundTrip(new QValueAxis)
    , m_sides(new QListWidget)
    , m_removeClosed(new QPushButton(tr("Remove &Closed")))
    , m_stats(new QLabel)
    , m_interval(new QSpinBox)
{
    shadeChart();
    m_chart->setTitle(tr("Ping → pong round trip"));
    m_chart->legend()->hide(); // the list beside the chart is its legend
    m_time->setTitleText(tr("time (s)"));
    m_time->setLabelFormat(QStringLiteral("%.0f"));
    m_roundTrip->setTitleText(tr("round trip (ms)"));
    m_roundTrip->setLabelFormat(QStringLiteral("%.2f"));
    m_roundTrip->setRange(0, 1);
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_roundTrip, Qt::AlignLeft);
    m_view->setRenderHint(QPainter::Antialiasing);

    m_sides->setToolTip(tr("Tick the lines to draw; each keeps its colour."));
    connect(m_sides, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        draw({item->data(sideRole).toULongLong(), Direction(item->data(directionRole).toInt())},
            item->checkState() == Qt::Checked);
    });
    m_removeClosed->setToolTip(tr("Takes the closed connections off the list and the chart."));
    connect(m_removeClosed, &QPushButton::clicked, this, &HeartbeatPanel::removeClosed);
    connect(&connections, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            if (!ConnectionListModel::onlyTraffic(topLeft, bottomRight))
                nameSides(topLeft.row(), bottomRight.row());
        });

    m_interval->setRange(0, 3600);
    m_interval->setSuffix(tr(" s"));
    m_interval->setSpecialValueText(tr("off"));
    m_interval->setToolTip(tr("Seconds between heartbeat pings, for the room and the client; 0 turns them off."));
    connect(m_interval, &QSpinBox::valueChanged, this,
        [this](int seconds) { Q_EMIT intervalRequested(std::chrono::seconds(seconds)); });
    m_stats->setTextFormat(Qt::PlainText);

    auto *side = new QVBoxLayout;
    side->addWidget(new QLabel(tr("Lines")));
    side->addWidget(m_sides, 1);
    side->addWidget(m_removeClosed);
    auto *chartRow = new QHBoxLayout;
    chartRow->addWidget(m_view, 3);
    chartRow->addLayout(side, 1);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_stats, 1);
    bar->addWidget(new QLabel(tr("Ping every")));
    bar->addWidget(m_interval);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(chartRow, 1);
    layout->addLayout(bar);

    connect(&tracker, &HeartbeatTracker::pointAdded, this, &HeartbeatPanel::add);
    connect(&tracker, &HeartbeatTracker::cleared, this, &HeartbeatPanel::reset);
    updateStats();
}

void HeartbeatPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) { // the desktop turned dark or light
        shadeChart();
        nameSides(0, m_connections.rowCount() - 1); // the closed ones in this palette's grey
    }
}

void HeartbeatPanel::shadeChart()
{
    if (!Contrast::themeChart(*m_chart, palette()))
        return;
    for (auto it = m_lines.cbegin(); it != m_lines.cend(); ++it) { // each line gets its own colour back
        it->roundTrips->setColor(colourFor(it.key().first, it.key().second));
        it->missed->setColor(missedColour);
    }
}

void HeartbeatPanel::setInterval(std::chrono::milliseconds interval)
{
    const QSignalBlocker quiet(m_interval); // reflects a change, asks for none
    m_interval->setValue(int(std::chrono::duration_cast<std::chrono::seconds>(interval).count()));
}

void HeartbeatPanel::setConnection(quint64 connection)
{
    m_connection = connection;
    bool drawn = false;
    for (auto it = m_lines.cbegin(); it != m_lines.cend(); ++it) {
        const bool shown = connection == 0 || it.key().first == connection;
        it->roundTrips->setVisible(shown);
        it->missed->setVisible(shown);
        drawn = drawn || (shown && connection != 0);
    }
    if (connection != 0 && !drawn) { // a connection chosen is drawn, ticked or not, even once removed
        const auto &points = m_tracker.points(connection);
        for (const Direction direction : {Direction::ServerToClient, Direction::ClientToServer}) {
            const bool pinged = std::any_of(points.cbegin(), points.cend(),
                [direction](const HeartbeatPoint &p) { return p.direction == direction; });
            if (pinged)
                itemFor({connection, direction})->setCheckState(Qt::Checked);
        }
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

QListWidgetItem *HeartbeatPanel::itemFor(const Side &side)
{
    if (QListWidgetItem *item = m_items.value(side))
        return item;
    auto *item = new QListWidgetItem(swatch(colourFor(side.first, side.second)), {});
    item->setData(sideRole, side.first);
    item->setData(directionRole, int(side.second));
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    item->setCheckState(m_lines.size() < autoShownLines ? Qt::Checked : Qt::Unchecked);
    m_items.insert(side, item);
    m_sides->addItem(item);
    item->setText(sideName(side));
    if (const auto row = m_connections.rowOf(side.first))
        nameSides(*row, *row);
    if (item->checkState() == Qt::Checked)
        draw(side, true);
    return item;
}

void HeartbeatPanel::nameSides(int firstRow, int lastRow)
{
    for (int row = firstRow; row <= lastRow; ++row) {
        const ConnectionInfo &info = m_connections.at(row);
        for (const Direction direction : {Direction::ServerToClient, Direction::ClientToServer}) {
            if (QListWidgetItem *item = m_items.value({info.id, direction})) {
                item->setText(sideName({info.id, direction}));
                item->setToolTip(m_connections.label(row));
                item->setForeground(info.closed ? palette().brush(QPalette::Disabled, QPalette::Text) : QBrush());
            }
        }
    }
}

QString HeartbeatPanel::sideName(const Side &side) const
{
    // Short, for a narrow list: the connection, who it is, whose pings, and how it ended if it did.
    const QString who = m_connections.who(side.first);
    QString name = who.isEmpty() ? u"#%1"_s.arg(side.first) : u"#%1 %2"_s.arg(side.first).arg(who);
    name += side.second == Direction::ServerToClient ? tr(" · room pings") : tr(" · client pings");
    if (const auto row = m_connections.rowOf(side.first); row && m_connections.at(*row).closed)
        name += u" · "_s + m_connections.state(*row);
    return name;
}

void HeartbeatPanel::draw(const Side &side, bool drawn)
{
    if (!drawn) {
        if (const auto line = m_lines.take(side); line.roundTrips) {
            m_chart->removeSeries(line.roundTrips);
            m_chart->removeSeries(line.missed);
            delete line.roundTrips;
            delete line.missed;
        }
        return;
    }
    if (m_lines.contains(side))
        return;
    const QString name = side.second == Direction::ServerToClient ? tr("#%1 server pings").arg(side.first)
                                                                  : tr("#%1 client pings").arg(side.first);
    const Line line {new QLineSeries, new QScatterSeries};
    line.roundTrips->setName(name);
    line.roundTrips->setColor(colourFor(side.first, side.second));
    line.roundTrips->setPointsVisible(true);
    line.missed->setName(tr("%1, missed").arg(name));
    line.missed->setColor(missedColour);
    line.missed->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    line.missed->setMarkerSize(9);
    for (const HeartbeatPoint &point : m_tracker.points(side.first)) {
        if (point.direction == side.second)
            append(line, point);
    }
    for (QAbstractSeries *series :
        {static_cast<QAbstractSeries *>(line.roundTrips), static_cast<QAbstractSeries *>(line.missed)}) {
        m_chart->addSeries(series);
        series->attachAxis(m_time);
        series->attachAxis(m_roundTrip);
        series->setVisible(m_connection == 0 || m_connection == side.first);
    }
    m_lines.insert(side, line);
}

void HeartbeatPanel::add(quint64 connection, const HeartbeatPoint &point)
{
    const Side side {connection, point.direction};
    const bool known = m_items.contains(side);
    itemFor(side); // a new side's line, if ticked, is drawn with every point, this one too
    if (const auto line = m_lines.constFind(side); known && line != m_lines.cend())
        append(*line, point);
    if (connection == m_connection)
        updateStats();
}

void HeartbeatPanel::append(const Line &line, const HeartbeatPoint &point)
{
    const double seconds = double(point.sentUs) / 1e6;
    if (point.roundTripUs)
        line.roundTrips->append(seconds, milliseconds(*point.roundTripUs));
    else
        line.missed->append(seconds, 0);
    if (line.roundTrips->count() > HeartbeatTracker::maxPointsPerConnection)
        line.roundTrips->remove(0);
    // Axes grow to fit: the latest minute, and the largest round trip seen.
    if (seconds >= m_time->max())
        m_time->setRange(std::max(0.0, seconds - 60), std::max(seconds, 1.0));
    if (point.roundTripUs)
        m_roundTrip->setMax(std::max(m_roundTrip->max(), milliseconds(*point.roundTripUs) * 1.2));
}

void HeartbeatPanel::removeClosed()
{
    for (auto it = m_items.begin(); it != m_items.end();) {
        const auto row = m_connections.rowOf(it.key().first);
        if (row && !m_connections.at(*row).closed) {
            ++it;
            continue;
        }
        draw(it.key(), false);
        delete it.value();
        it = m_items.erase(it);
    }
}

void HeartbeatPanel::reset()
{
    m_chart->removeAllSeries();
    m_lines.clear();
    m_items.clear();
    m_sides->clear();
    m_roundTrip->setRange(0, 1);
    m_time->setRange(0, 1);
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
