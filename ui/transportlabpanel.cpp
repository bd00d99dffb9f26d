// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/transportlabpanel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QBoxLayout>
#include <QChart>
#include <QChartView>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>
#include <QStackedBarSeries>
#include <QTabWidget>
#include <QTableWidget>
#include <QValueAxis>

#include "lab/transportlab.h"
#include "room/roomhost.h"
#include "ui/contrast.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

using Transport = ChatProtocol::Transport;

QChartView *chartView(QChart *chart)
{
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    return view;
}

void clear(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

// Bars by transport, one set per entry of values.
void showBars(QChart *chart, QAbstractBarSeries *series, const QList<LabFigures> &figures,
    const QList<std::pair<QString, std::function<double(const LabFigures &)>>> &values, const QString &unit)
{
    clear(chart);
    QStringList transports;
    for (const LabFigures &f : figures)
        transports.append(LabFigures::title(f.transport));
    double top = 0;
    for (const auto &[name, value] : values) {
        auto *set = new QBarSet(name);
        for (const LabFigures &f : figures) {
            const double v = value(f);
            set->append(std::isnan(v) ? 0 : v);
        }
        series->append(set);
    }
    for (int i = 0; i < transports.size(); ++i) {
        double stack = 0;
        for (QBarSet *set : series->barSets())
            stack = qobject_cast<QStackedBarSeries *>(series) ? stack + set->at(i) : std::max(stack, set->at(i));
        top = std::max(top, stack);
    }
    chart->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    categories->append(transports);
    auto *axis = new QValueAxis;
    axis->setTitleText(unit);
    axis->setLabelFormat(u"%g"_s);
    axis->setRange(0, top > 0 ? top * 1.1 : 1);
    axis->applyNiceNumbers();
    chart->addAxis(categories, Qt::AlignBottom);
    chart->addAxis(axis, Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(axis);
}

} // namespace

TransportLabPanel::TransportLabPanel(RoomHost &room, const NetworkThread &network, QSettings &settings, QWidget *parent)
    : QWidget(parent)
    , m_room(room)
    , m_settings(settings)
    , m_lab(new TransportLab(network, this))
    , m_rate(new QDoubleSpinBox)
    , m_messageBytes(new QSpinBox)
    , m_pollInterval(new QSpinBox)
    , m_duration(new QSpinBox)
    , m_start(new QPushButton(tr("&Start")))
    , m_stop(new QPushButton(tr("St&op")))
    , m_export(new QPushButton(tr("E&xport…")))
    , m_status(new QLabel)
    , m_table(new QTableWidget)
    , m_bytesChart(new QChart)
    , m_cpuChart(new QChart)
    , m_latencyChart(new QChart)
{
    auto *clients = new QGridLayout; // two by two: the Lab is as narrow as the other tabs
    for (const Transport transport : ChatProtocol::allTransports) {
        QSpinBox *&spin = m_clients[int(transport)];
        spin = new QSpinBox;
        spin->setRange(0, LabSettings::maxClients);
        spin->setToolTip(tr("Clients of this transport; 0 leaves it out."));
        const int row = int(transport) / 2, column = int(transport) % 2 * 2;
        clients->addWidget(new QLabel(LabFigures::title(transport)), row, column);
        clients->addWidget(spin, row, column + 1);
    }
    clients->setColumnStretch(1, 1);
    clients->setColumnStretch(3, 1);
    m_rate->setRange(0.1, LabSettings::maxRate);
    m_rate->setDecimals(1);
    m_rate->setSuffix(tr(" msg/s"));
    m_messageBytes->setRange(16, LabSettings::maxMessageBytes);
    m_messageBytes->setSuffix(tr(" B"));
    m_messageBytes->setToolTip(tr("The text of each message; the room's JSON around it adds about 100 bytes."));
    m_pollInterval->setRange(50, 60'000);
    m_pollInterval->setSingleStep(100);
    m_pollInterval->setSuffix(tr(" ms"));
    m_duration->setRange(1, int(LabSettings::maxDuration.count()));
    m_duration->setSuffix(tr(" s"));
    m_duration->setToolTip(tr("How long the sender posts messages to each transport's clients, one transport "
                              "after the other."));

    auto *form = new QFormLayout;
    form->addRow(tr("Clients:"), clients);
    form->addRow(tr("Ra&te:"), m_rate);
    form->addRow(tr("Message si&ze:"), m_messageBytes);
    form->addRow(tr("&Interval of short polls:"), m_pollInterval);
    form->addRow(tr("D&uration per transport:"), m_duration);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_export);
    buttons->addWidget(m_status, 1);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

    shadeCharts();
    m_bytesChart->setTitle(tr("Bytes per delivered message, both ways"));
    m_cpuChart->setTitle(tr("Server CPU per delivered message"));
    m_latencyChart->setTitle(tr("Latency from sending to receipt (median of each second)"));
    auto *charts = new QTabWidget;
    charts->addTab(chartView(m_bytesChart), tr("Bytes"));
    charts->addTab(chartView(m_cpuChart), tr("CPU"));
    charts->addTab(chartView(m_latencyChart), tr("Latency"));

    auto *explanation = new QLabel(
        tr("The same messages over each transport, one after the other, against a room of the lab's own on "
           "127.0.0.1. Bytes are counted on a relay the lab's clients connect through; CPU is the network "
           "thread's, where the room runs. Its traffic shows in the monitor like any other."));
    explanation->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 3);
    layout->addWidget(charts, 2);

    connect(m_start, &QPushButton::clicked, this, &TransportLabPanel::start);
    connect(m_stop, &QPushButton::clicked, this, &TransportLabPanel::stop);
    connect(m_export, &QPushButton::clicked, this, &TransportLabPanel::exportAs);
    connect(m_lab, &TransportLab::progressed, this, &TransportLabPanel::showFigures);
    connect(m_lab, &TransportLab::finished, this, &TransportLabPanel::onFinished);
    connect(&m_room, &RoomHost::stateChanged, this, [this] { setRunning(isRunning()); });

    LabSettings remembered;
    const QVariantList counts = m_settings.value(u"lab/clients"_s).toList();
    for (qsizetype i = 0; i < counts.size() && i < qsizetype(std::size(remembered.clients)); ++i)
        remembered.clients[i] = counts[i].toInt();
    remembered.rate = m_settings.value(u"lab/rate"_s, remembered.rate).toDouble();
    remembered.messageBytes = m_settings.value(u"lab/messageBytes"_s, remembered.messageBytes).toInt();
    remembered.pollInterval = std::chrono::milliseconds(
        m_settings.value(u"lab/pollIntervalMs"_s, qint64(remembered.pollInterval.count())).toLongLong());
    remembered.duration = std::chrono::milliseconds(
        m_settings.value(u"lab/durationMs"_s, qint64(remembered.duration.count())).toLongLong());
    setLabSettings(remembered);
    showFigures({});
    setRunning(false);
    m_status->setText(tr("Press Start: about %1 s.").arg(4 * (m_duration->value() + 2)));
}

TransportLabPanel::~TransportLabPanel() = default;

LabSettings TransportLabPanel::labSettings() const
{
    LabSettings settings;
    for (const Transport transport : ChatProtocol::allTransports)
        settings.clients[int(transport)] = m_clients[int(transport)]->value();
    settings.rate = m_rate->value();
    settings.messageBytes = m_messageBytes->value();
    settings.pollInterval = std::chrono::milliseconds(m_pollInterval->value());
    settings.duration = std::chrono::seconds(m_duration->value());
    return settings;
}

void TransportLabPanel::setLabSettings(const LabSettings &settings)
{
    for (const Transport transport : ChatProtocol::allTransports)
        m_clients[int(transport)]->setValue(settings.clientsOf(transport));
    m_rate->setValue(settings.rate);
    m_messageBytes->setValue(settings.messageBytes);
    m_pollInterval->setValue(int(settings.pollInterval.count()));
    m_duration->setValue(int(std::chrono::duration_cast<std::chrono::seconds>(settings.duration).count()));
}

bool TransportLabPanel::isRunning() const
{
    return m_lab->isRunning() || m_room.state() != RoomHost::State::Stopped;
}

bool TransportLabPanel::start()
{
    if (isRunning())
        return false;
    m_running = labSettings();
    if (std::all_of(std::begin(m_running.clients), std::end(m_running.clients), [](int n) { return n == 0; })) {
        m_status->setText(tr("Give at least one transport a client."));
        return false;
    }
    QVariantList counts;
    std::copy(std::begin(m_running.clients), std::end(m_running.clients), std::back_inserter(counts));
    m_settings.setValue(u"lab/clients"_s, counts);
    m_settings.setValue(u"lab/rate"_s, m_running.rate);
    m_settings.setValue(u"lab/messageBytes"_s, m_running.messageBytes);
    m_settings.setValue(u"lab/pollIntervalMs"_s, qint64(m_running.pollInterval.count()));
    m_settings.setValue(u"lab/durationMs"_s, qint64(m_running.duration.count()));

    ServerConfig config; // loopback
    config.port = 0;
    config.messagesPerSecond = 0; // the sender posts faster than a person may
    config.maxHttpPerAddress = config.maxClients = 4 * LabSettings::maxClients + 8; // every client is 127.0.0.1
    if (!m_room.start(config)) {
        m_status->setText(tr("The lab's room did not start: %1.").arg(m_room.lastError()));
        return false;
    }
    m_lab->start(m_room.port(), m_running);
    showFigures({});
    m_status->setText(tr("Clients joining…"));
    setRunning(true);
    return true;
}

void TransportLabPanel::stop()
{
    m_lab->stop();
}

void TransportLabPanel::onFinished(const QList<LabFigures> &figures, const QString &why)
{
    m_room.stop();
    showFigures(figures);
    if (why.isEmpty())
        m_status->setText(figures.size() == 1 ? tr("Done: 1 transport measured.")
                                              : tr("Done: %1 transports measured.").arg(figures.size()));
    else
        m_status->setText(tr("Ended: %1").arg(why));
    setRunning(isRunning());
    Q_EMIT finished();
}

void TransportLabPanel::showFigures(const QList<LabFigures> &figures)
{
    m_figures = figures;
    if (m_lab->isRunning() && !figures.isEmpty()) {
        const LabFigures &current = figures.last();
        m_status->setText(tr("Measuring %1: %2 of %3 messages delivered")
                              .arg(LabFigures::title(current.transport))
                              .arg(current.delivered)
                              .arg(current.sent * current.clients));
    }
    showTable();
    showCharts();
}

void TransportLabPanel::showTable()
{
    const LabTable table = LabTable::of(m_figures, m_running);
    m_table->setColumnCount(int(table.header.size()));
    m_table->setHorizontalHeaderLabels(table.header);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents); // the figures' names
    m_table->setRowCount(int(table.rows.size()));
    for (int row = 0; row < table.rows.size(); ++row) {
        for (int column = 0; column < table.rows[row].size(); ++column) {
            auto *item = new QTableWidgetItem(table.rows[row][column]);
            if (column > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        }
    }
}

void TransportLabPanel::showCharts()
{
    const auto both = [](qint64 LabBytes::*part) {
        return [part](const LabFigures &f) { return f.perMessage(f.up.*part + f.down.*part); };
    };
    showBars(m_bytesChart, new QStackedBarSeries, m_figures,
        {{tr("HTTP headers"), both(&LabBytes::headers)}, {tr("framing"), both(&LabBytes::framing)},
            {tr("payload"), both(&LabBytes::payload)}},
        tr("bytes"));
    showBars(m_cpuChart, new QBarSeries, m_figures,
        {{tr("server CPU"), [](const LabFigures &f) { return f.cpuPerMessageUs(); }}}, tr("µs"));

    clear(m_latencyChart);
    auto *time = new QValueAxis;
    time->setTitleText(tr("seconds into the window"));
    time->setLabelFormat(u"%.0f"_s);
    auto *latency = new QLogValueAxis;
    latency->setTitleText(tr("ms"));
    latency->setLabelFormat(u"%g"_s);
    m_latencyChart->addAxis(time, Qt::AlignBottom);
    m_latencyChart->addAxis(latency, Qt::AlignLeft);
    double longest = 1, lowest = 1, highest = 10;
    for (const LabFigures &f : std::as_const(m_figures)) {
        auto *line = new QLineSeries;
        line->setName(LabFigures::title(f.transport));
        line->setPointsVisible(true);
        for (const QPointF &point : f.latencyMedianPerSecond()) {
            line->append(point.x(), std::max(point.y(), 0.001));
            longest = std::max(longest, point.x() + 0.5);
            lowest = std::min(lowest, point.y());
            highest = std::max(highest, point.y());
        }
        m_latencyChart->addSeries(line);
        line->attachAxis(time);
        line->attachAxis(latency);
    }
    time->setRange(0, std::ceil(longest));
    latency->setRange(
        std::pow(10, std::floor(std::log10(std::max(lowest, 0.001)))), std::pow(10, std::ceil(std::log10(highest))));
}

void TransportLabPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) // the desktop turned dark or light
        shadeCharts();
}

void TransportLabPanel::shadeCharts()
{
    for (QChart *chart : {m_bytesChart, m_cpuChart, m_latencyChart})
        Contrast::themeChart(*chart, palette());
}

void TransportLabPanel::setRunning(bool running)
{
    m_start->setEnabled(!running);
    m_stop->setEnabled(m_lab->isRunning());
    m_export->setEnabled(!running && !m_figures.isEmpty());
}

bool TransportLabPanel::exportResults(const QString &path, QString *error) const
{
    const LabTable table = LabTable::of(m_figures, m_running);
    QSaveFile file(path);
    const QString text = path.endsWith(u".csv"_s, Qt::CaseInsensitive) ? table.toCsv() : table.toMarkdown();
    if (file.open(QIODevice::WriteOnly) && file.write(text.toUtf8()) >= 0 && file.commit())
        return true;
    if (error)
        *error = file.errorString();
    return false;
}

void TransportLabPanel::exportAs()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the Lab's Results"), u"transport-lab.md"_s, tr("Markdown (*.md);;CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportResults(path, &error))
        m_status->setText(tr("Could not export to %1: %2").arg(path, error));
    else
        m_status->setText(tr("Exported to %1.").arg(path));
}

} // namespace Duplex
