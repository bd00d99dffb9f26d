// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab/labfigures.h"

#include <QCoreApplication>
#include <QMap>

#include <algorithm>
#include <cmath>

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

QString transportTitle(Transport transport)
{
    switch (transport) {
    case Transport::WebSocket:
        return QCoreApplication::translate("LabTable", "WebSocket");
    case Transport::Sse:
        return QCoreApplication::translate("LabTable", "SSE");
    case Transport::LongPoll:
        return QCoreApplication::translate("LabTable", "Long polls");
    case Transport::Poll:
        return QCoreApplication::translate("LabTable", "Short polls");
    }
    return {};
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
        const auto event = ServerSentEvents::event("message", QByteArray(qsizetype(payload), 'x'), "0123456789012345");
        return {0, double(event.size()), 0};
    }
    case Transport::LongPoll: // every message answers the held poll, and the next poll is asked for
        return {requestHead, answerHead + 2 + payload, figures.clients * settings.rate};
    case Transport::Poll: { // a request and an answer every interval, "[]" when there is no news
        const double pollsPerMessage
            = 1000.0 / double(settings.pollInterval.count()) / settings.rate; // per client
        return {requestHead * pollsPerMessage, payload + 1 + (answerHead + 2) * pollsPerMessage,
            figures.clients * 1000.0 / double(settings.pollInterval.count())};
    }
    }
    return {};
}

LabTable LabTable::of(const QList<LabFigures> &figures, const LabSettings &settings)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("LabTable", text); };
    LabTable table;
    table.header = QStringList {tr("Transport"), tr("Clients"), tr("Sent"), tr("Delivered %"), tr("Down B/msg"),
        tr("Down headers"), tr("Down framing"), tr("Down payload"), tr("Up B/msg"), tr("Up headers"),
        tr("Up framing"), tr("Predicted down B/msg"), tr("Predicted up B/msg"), tr("Requests/s"),
        tr("Predicted requests/s"), tr("Empty answers"), tr("Messages per answer"), tr("Latency p50 ms"),
        tr("Latency p99 ms"), tr("Server CPU µs/msg"), tr("Connections")};
    static constexpr int scale[] = {1'000, 10'000, 100'000};
    for (const int n : scale)
        table.header << tr("MB/s at %1 clients").arg(n) << tr("Requests/s at %1 clients").arg(n);

    for (const LabFigures &f : figures) {
        const LabPrediction predicted = LabPrediction::of(f, settings);
        const bool polls = f.transport == Transport::LongPoll || f.transport == Transport::Poll;
        QStringList row {transportTitle(f.transport), QString::number(f.clients), QString::number(f.sent),
            number(100 * f.deliveredShare()), number(f.perMessage(f.down.total())), number(f.perMessage(f.down.headers)),
            number(f.perMessage(f.down.framing)), number(f.perMessage(f.down.payload)),
            number(f.perMessage(f.up.total())), number(f.perMessage(f.up.headers)), number(f.perMessage(f.up.framing)),
            number(predicted.downPerMessage), number(predicted.upPerMessage), number(f.requestsPerSecond()),
            number(predicted.requestsPerSecond), polls ? QString::number(f.emptyAnswers) : QStringLiteral("–"),
            polls ? number(f.messagesPerAnswer(), 2) : QStringLiteral("–"), number(f.latencyPercentileMs(50), 2),
            number(f.latencyPercentileMs(99), 2), number(f.cpuPerMessageUs(), 2), QString::number(f.connections)};
        for (const int n : scale)
            row << number(f.bytesPerSecondFor(n) / 1e6, 2) << number(f.requestsPerSecondFor(n), 0);
        table.rows.append(row);
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
    const auto line = [](const QStringList &cells) { return u"| " + cells.join(u" | ") + u" |\n"; };
    QString markdown = line(header) + line(QStringList(header.size(), QStringLiteral("---")));
    for (const QStringList &row : rows)
        markdown += line(row);
    return markdown;
}

} // namespace Duplex
