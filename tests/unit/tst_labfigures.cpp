// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include <cmath>

#include "lab/labfigures.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using Transport = ChatProtocol::Transport;

class tst_LabFigures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void percentilesAndMediansOfLatency()
    {
        LabFigures figures;
        QVERIFY(std::isnan(figures.latencyPercentileMs(50)));
        for (int i = 1; i <= 100; ++i) // 1..100 ms over the first two seconds
            figures.latencies.append({i < 60 ? 0.5 : 1.5, double(i)});
        QCOMPARE(figures.latencyPercentileMs(50), 50.0);
        QCOMPARE(figures.latencyPercentileMs(99), 99.0);
        QCOMPARE(figures.latencyPercentileMs(100), 100.0);
        const QList<QPointF> medians = figures.latencyMedianPerSecond();
        QCOMPARE(medians, (QList<QPointF> {{0.5, 30}, {1.5, 80}}));
    }

    void perMessageAndScale()
    {
        LabFigures figures;
        figures.clients = 10;
        figures.sent = 50;
        figures.delivered = 400;
        figures.seconds = 5;
        figures.requests = 1000;
        figures.answers = 1000;
        figures.emptyAnswers = 800;
        figures.down = {.headers = 40'000, .framing = 4'000, .payload = 60'000};
        figures.up = {.headers = 50'000, .framing = 0, .payload = 0};
        figures.serverCpuUs = 2'000;
        QCOMPARE(figures.deliveredShare(), 0.8);
        QCOMPARE(figures.perMessage(figures.down.total()), 260.0);
        QCOMPARE(figures.requestsPerSecond(), 200.0);
        QCOMPARE(figures.messagesPerAnswer(), 2.0); // 400 messages in 200 answers with news
        QCOMPARE(figures.cpuPerMessageUs(), 5.0);
        // 154,000 bytes in 5 s from 10 clients: 3,080 bytes per second each.
        QCOMPARE(figures.bytesPerSecondFor(1000), 3'080'000.0);
        QCOMPARE(figures.requestsPerSecondFor(100'000), 2'000'000.0);
        QVERIFY(std::isnan(LabFigures().perMessage(10))); // nothing delivered: no figure, not a division by zero
    }

    // The formulas: per delivered message, from the heads and payloads the run saw.
    void predictions()
    {
        LabSettings settings;
        settings.rate = 2;
        settings.pollInterval = std::chrono::milliseconds(1000);
        LabFigures figures;
        figures.clients = 10;
        figures.delivered = 100;
        figures.down.payload = 100 * 150;
        figures.requests = 200;
        figures.up.headers = 200 * 120;
        figures.down.headers = 200 * 100;

        figures.transport = Transport::WebSocket;
        LabPrediction p = LabPrediction::of(figures, settings);
        QCOMPARE(p.downPerMessage, 154.0); // 16-bit length from 126 bytes
        QCOMPARE(p.upPerMessage, 0.0);

        figures.transport = Transport::Sse; // "event: message\n" "id: " 16 digits "\n" "data: " 150 "\n\n"
        QCOMPARE(LabPrediction::of(figures, settings).downPerMessage, 15.0 + 4 + 16 + 1 + 6 + 150 + 2);

        figures.transport = Transport::LongPoll;
        p = LabPrediction::of(figures, settings);
        QCOMPARE(p.upPerMessage, 120.0);
        QCOMPARE(p.downPerMessage, 100.0 + 2 + 150);
        QCOMPARE(p.requestsPerSecond, 20.0);

        figures.transport = Transport::Poll; // a poll every second, 2 messages a second: half a poll per message
        p = LabPrediction::of(figures, settings);
        QCOMPARE(p.upPerMessage, 60.0);
        QCOMPARE(p.downPerMessage, 150.0 + 1 + (100 + 2) / 2.0);
        QCOMPARE(p.requestsPerSecond, 10.0);

        // Nothing delivered (a transport the run could not reach): no size per message, for any of them.
        figures.delivered = 0;
        for (const Transport transport : {Transport::WebSocket, Transport::Sse, Transport::LongPoll, Transport::Poll}) {
            figures.transport = transport;
            QVERIFY(std::isnan(LabPrediction::of(figures, settings).downPerMessage));
        }
    }

    void tablesForExport()
    {
        LabFigures ws;
        ws.transport = Transport::WebSocket;
        ws.clients = 2;
        ws.sent = 3;
        ws.delivered = 6;
        LabFigures polls = ws;
        polls.transport = Transport::Poll;
        polls.answers = 4;
        polls.emptyAnswers = 1;
        const LabTable table = LabTable::of({ws, polls}, LabSettings());
        QCOMPARE(table.header, (QStringList {u"Per transport"_s, u"WebSocket"_s, u"Short polls"_s}));
        const auto row = [&](const QString &name) {
            return *std::find_if(
                table.rows.cbegin(), table.rows.cend(), [&](const QStringList &r) { return r[0] == name; });
        };
        QCOMPARE(row(u"Delivered %"_s), (QStringList {u"Delivered %"_s, u"100.0"_s, u"100.0"_s}));
        QCOMPARE(row(u"Empty answers"_s), (QStringList {u"Empty answers"_s, u"–"_s, u"1"_s}));
        QCOMPARE(row(u"Latency p50 ms"_s), (QStringList {u"Latency p50 ms"_s, u"–"_s, u"–"_s}));

        LabTable quoted;
        quoted.header = {u"a"_s, u"b,c"_s};
        quoted.rows = {{u"say \"hi\""_s, u"1"_s}};
        QCOMPARE(quoted.toCsv(), u"a,\"b,c\"\n\"say \"\"hi\"\"\",1\n"_s);
        QCOMPARE(quoted.toMarkdown(), u"| a | b,c |\n| --- | --- |\n| say \"hi\" | 1 |\n"_s);
    }
};

QTEST_GUILESS_MAIN(tst_LabFigures)
#include "tst_labfigures.moc"
