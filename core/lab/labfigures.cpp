// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab/labfigures.h"

#include <QCoreApplication>
#include <QLocale>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <functional>

#include "wire/serversentevents.h"

namespace Duplex {

namespace {

using Transport = ChatProtocol::Transport;

double ratio(double part, double whole)
{
    return whole > 0 ? part / whole : std::nan("");
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

QString number(double value, int decimals = 1)
{
    return std::isnan(value) ? QStringLiteral("–") : QString::number(value, 'f', decimals);
}

// A CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180).
QString csvField(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n'))
        return text;
    return u'"' + QString(text).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

} // namespace

QString LabFigures::title(Transport transport)
{
    switch (transport) {
    case Transport::WebSocket:
        return QCoreApplication::translate("Duplex::LabTable", "WebSocket");
    case Transport::Sse:
        return QCoreApplication::translate("Duplex::LabTable", "SSE");
    case Transport::LongPoll:
        return QCoreApplication::translate("Duplex::LabTable", "Long polls");
    case Transport::Poll:
        return QCoreApplication::translate("Duplex::LabTable", "Short polls");
    }
    return {};
}

double LabFigures::deliveredShare() const
{
    return ratio(double(delivered), double(sent) * clients);
}

double LabFigures::perMessage(qint64 bytes) const
{
    return ratio(double(bytes), double(delivered));
}

double LabFigures::requestsPerSecond() const
{
    return ratio(double(requests), seconds);
}

double LabFigures::messagesPerAnswer() const
{
    return ratio(double(delivered), double(answers - emptyAnswers));
}

double LabFigures::cpuPerMessageUs() const
{
    return ratio(double(serverCpuUs), double(delivered));
}

double LabFigures::latencyPercentileMs(double percentile) const
{
    if (latencies.isEmpty())
        return std::nan("");
    QList<double> values;
    values.reserve(latencies.size());
    for (const QPointF &latency : latencies)
        values.append(latency.y());
    std::sort(values.begin(), values.end());
    const auto rank = qsizetype(std::ceil(percentile / 100 * double(values.size()))) - 1;
    return values[std::clamp<qsizetype>(rank, 0, values.size() - 1)];
}

QList<QPointF> LabFigures::latencyMedianPerSecond() const
{
    QMap<int, QList<double>> bySecond;
    for (const QPointF &latency : latencies)
        bySecond[int(latency.x())].append(latency.y());
    QList<QPointF> medians;
    for (auto second = bySecond.cbegin(); second != bySecond.cend(); ++second)
        medians.append({second.key() + 0.5, median(second.value())});
    return medians;
}

double LabFigures::bytesPerSecondFor(int n) const
{
    return ratio(double(up.total() + down.total()), seconds * clients) * n;
}

double LabFigures::requestsPerSecondFor(int n) const
{
    return ratio(double(requests), seconds * clients) * n;
}

LabPrediction LabPrediction::of(const LabFigures &figures, const LabSettings &settings)
{
    const double payload = figures.perMessage(figures.down.payload);
    const double requestHead = figures.requests > 0 ? double(figures.up.headers) / double(figures.requests) : 0;
    const double answerHead = figures.requests > 0 ? double(figures.down.headers) / double(figures.requests) : 0;
    switch (figures.transport) {
    case Transport::WebSocket: // a frame header: 2 bytes, 4 with a 16-bit length, 10 with a 64-bit one (§5.2)
        return {0, payload + (payload < 126 ? 2 : payload < 65536 ? 4 : 10), 0};
    case Transport::Sse: { // the room's events: "event: message", "id: " and its 16 digits, "data: ", a blank line
        if (std::isnan(payload)) // nothing delivered: no size to build an event of, as for the others
            return {0, payload, 0};
        const auto event = ServerSentEvents::event("message", QByteArray(qsizetype(payload), 'x'), "0123456789012345");
        return {0, double(event.size()), 0};
    }
    case Transport::LongPoll: // every message answers the held poll, and the next poll is asked for
        return {requestHead, answerHead + 2 + payload, figures.clients * settings.rate};
    case Transport::Poll: { // a request and an answer every interval, "[]" when there is no news
        const double pollsPerMessage = 1000.0 / double(settings.pollInterval.count()) / settings.rate; // per client
        return {requestHead * pollsPerMessage, payload + 1 + (answerHead + 2) * pollsPerMessage,
            figures.clients * 1000.0 / double(settings.pollInterval.count())};
    }
    }
    return {};
}

LabTable LabTable::of(const QList<LabFigures> &figures, const LabSettings &settings)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("Duplex::LabTable", text); };
    LabTable table;
    table.header.append(tr("Per transport"));
    for (const LabFigures &f : figures)
        table.header.append(LabFigures::title(f.transport));
    // One row per figure: its name, then its value for each transport.
    const auto add = [&](const QString &name, const std::function<QString(const LabFigures &)> &value) {
        QStringList row {name};
        std::transform(figures.cbegin(), figures.cend(), std::back_inserter(row), value);
        table.rows.append(row);
    };
    const auto isPolls
        = [](const LabFigures &f) { return f.transport == Transport::LongPoll || f.transport == Transport::Poll; };
    const auto predicted = [&](const LabFigures &f) { return LabPrediction::of(f, settings); };

    add(tr("Clients"), [](const LabFigures &f) { return QString::number(f.clients); });
    add(tr("Messages sent"), [](const LabFigures &f) { return QString::number(f.sent); });
    add(tr("Delivered %"), [](const LabFigures &f) { return number(100 * f.deliveredShare()); });
    add(tr("Down B/msg"), [](const LabFigures &f) { return number(f.perMessage(f.down.total())); });
    add(tr("· HTTP headers"), [](const LabFigures &f) { return number(f.perMessage(f.down.headers)); });
    add(tr("· framing"), [](const LabFigures &f) { return number(f.perMessage(f.down.framing)); });
    add(tr("· payload"), [](const LabFigures &f) { return number(f.perMessage(f.down.payload)); });
    add(tr("Predicted down B/msg"), [&](const LabFigures &f) { return number(predicted(f).downPerMessage); });
    add(tr("Up B/msg"), [](const LabFigures &f) { return number(f.perMessage(f.up.total())); });
    add(tr("· HTTP headers"), [](const LabFigures &f) { return number(f.perMessage(f.up.headers)); });
    add(tr("· framing"), [](const LabFigures &f) { return number(f.perMessage(f.up.framing)); });
    add(tr("Predicted up B/msg"), [&](const LabFigures &f) { return number(predicted(f).upPerMessage); });
    add(tr("Requests/s"), [](const LabFigures &f) { return number(f.requestsPerSecond()); });
    add(tr("Predicted requests/s"), [&](const LabFigures &f) { return number(predicted(f).requestsPerSecond); });
    add(tr("Empty answers"),
        [&](const LabFigures &f) { return isPolls(f) ? QString::number(f.emptyAnswers) : QStringLiteral("–"); });
    add(tr("Messages per answer"),
        [&](const LabFigures &f) { return isPolls(f) ? number(f.messagesPerAnswer(), 2) : QStringLiteral("–"); });
    add(tr("Latency p50 ms"), [](const LabFigures &f) { return number(f.latencyPercentileMs(50), 2); });
    add(tr("Latency p99 ms"), [](const LabFigures &f) { return number(f.latencyPercentileMs(99), 2); });
    add(tr("Server CPU µs/msg"), [](const LabFigures &f) { return number(f.cpuPerMessageUs(), 2); });
    add(tr("Open connections"), [](const LabFigures &f) { return QString::number(f.connections); });
    for (const int n : {1'000, 10'000, 100'000}) {
        const QString clients = QLocale::system().toString(n);
        add(tr("MB/s at %1 clients").arg(clients),
            [n](const LabFigures &f) { return number(f.bytesPerSecondFor(n) / 1e6); });
        add(tr("Requests/s at %1 clients").arg(clients),
            [n](const LabFigures &f) { return number(f.requestsPerSecondFor(n), 0); });
    }
    return table;
}

QString LabTable::toCsv() const
{
    QString csv;
    for (const QStringList &line : QList<QStringList> {header} + rows) {
        QStringList fields;
        std::transform(line.cbegin(), line.cend(), std::back_inserter(fields), csvField);
        csv += fields.join(u',') + u'\n';
    }
    return csv;
}

QString LabTable::toMarkdown() const
{
    const auto line = [](const QStringList &cells) -> QString { return u"| " + cells.join(u" | ") + u" |\n"; };
    QString markdown = line(header) + line(QStringList(header.size(), QStringLiteral("---")));
    for (const QStringList &row : rows)
        markdown += line(row);
    return markdown;
}

} // namespace Duplex
