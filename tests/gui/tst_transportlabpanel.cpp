// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "server/hostedroom.h"
#include "support/eventwait.h"
#include "support/legibility.h"
#include "traffic/networkthread.h"
#include "traffic/trafficlog.h"
#include "ui/transportlabpanel.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using Test::waitUntil;

namespace {

// The table's cells of the row named name, one per transport.
QStringList rowNamed(const QTableWidget *table, const QString &name)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->text() != name)
            continue;
        QStringList cells;
        for (int column = 1; column < table->columnCount(); ++column)
            cells.append(table->item(row, column)->text());
        return cells;
    }
    return {};
}

LabSettings shortRun()
{
    LabSettings settings;
    std::fill(std::begin(settings.clients), std::end(settings.clients), 2);
    settings.rate = 10;
    settings.messageBytes = 32;
    settings.pollInterval = std::chrono::milliseconds(100);
    settings.duration = std::chrono::seconds(1);
    return settings;
}

} // namespace

class tst_TransportLabPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings of the test, not of the person running it
        QCoreApplication::setOrganizationName(u"DuplexTest"_s);
        QSettings().clear();
    }

    void init()
    {
        m_log = std::make_unique<TrafficLog>();
        m_network = std::make_unique<NetworkThread>(*m_log);
        m_room = std::make_unique<HostedRoom>(*m_network);
        m_settings = std::make_unique<QSettings>();
        m_panel = std::make_unique<TransportLabPanel>(*m_room, *m_network, *m_settings);
        m_panel->resize(900, 1000);
        m_panel->show();
    }

    void cleanup()
    {
        m_panel.reset();
        m_room.reset();
        m_network.reset();
        m_log.reset();
        m_settings->clear();
    }

    // Start runs every transport against the lab's own room, the table and the charts show what was measured, the
    // room stops at the end, and the results export as Markdown and CSV.
    void runsShowsAndExports()
    {
        m_panel->setLabSettings(shortRun());
        QSignalSpy finished(m_panel.get(), &TransportLabPanel::finished);
        QTest::mouseClick(m_panel->startButton(), Qt::LeftButton);
        QCOMPARE(m_room->state(), RoomHost::State::Running);
        QVERIFY(m_panel->stopButton()->isEnabled());
        QVERIFY(!m_panel->startButton()->isEnabled());
        QVERIFY(waitUntil([&] { return !finished.isEmpty(); }, 60'000));
        QVERIFY(waitUntil([&] { return m_room->state() == RoomHost::State::Stopped; }));
        QCOMPARE(m_panel->status()->text(), u"Done: 4 transports measured."_s);
        QVERIFY(m_panel->startButton()->isEnabled());
        QVERIFY(!m_panel->stopButton()->isEnabled());

        const QTableWidget *table = m_panel->table();
        QCOMPARE(table->columnCount(), 5);
        QCOMPARE(table->horizontalHeaderItem(1)->text(), u"WebSocket"_s);
        QCOMPARE(table->horizontalHeaderItem(4)->text(), u"Short polls"_s);
        QCOMPARE(rowNamed(table, u"Delivered %"_s), QStringList(4, u"100.0"_s));
        QCOMPARE(rowNamed(table, u"Messages sent"_s), QStringList(4, u"10"_s));
        // WebSocket and SSE ask for nothing while messages flow; polls ask all the time.
        const QStringList requests = rowNamed(table, u"Requests/s"_s);
        QCOMPARE(requests.mid(0, 2), QStringList(2, u"0.0"_s));
        QVERIFY(requests[3].toDouble() >= 10); // 2 clients, every 100 ms

        const auto bars = m_panel->bytesChart()->series();
        QCOMPARE(bars.size(), 1);
        const auto sets = qobject_cast<QAbstractBarSeries *>(bars.first())->barSets();
        QCOMPARE(sets.size(), 3);      // headers, framing, payload
        QCOMPARE(sets[0]->at(0), 0.0); // a WebSocket message carries no HTTP head
        QVERIFY(sets[0]->at(3) > 100); // a short poll's answers carry several
        QCOMPARE(m_panel->latencyChart()->series().size(), 4);
        QVERIFY(qobject_cast<QLineSeries *>(m_panel->latencyChart()->series().first())->count() >= 1);

        QTemporaryDir dir;
        QVERIFY(m_panel->exportResults(dir.filePath(u"lab.md"_s)));
        QVERIFY(m_panel->exportResults(dir.filePath(u"lab.csv"_s)));
        QFile markdown(dir.filePath(u"lab.md"_s));
        QVERIFY(markdown.open(QIODevice::ReadOnly));
        QCOMPARE(markdown.readLine(), "| Per transport | WebSocket | SSE | Long polls | Short polls |\n");
        QCOMPARE(markdown.readLine(), "| --- | --- | --- | --- | --- |\n");
        QFile csv(dir.filePath(u"lab.csv"_s));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readLine(), "Per transport,WebSocket,SSE,Long polls,Short polls\n");
        QVERIFY(csv.readAll().contains("\nDelivered %,100.0,100.0,100.0,100.0\n"));
        QString error;
        QVERIFY(!m_panel->exportResults(dir.filePath(u"missing/lab.csv"_s), &error));
        QVERIFY(!error.isEmpty());
    }

    // The charts take Qt Charts' dark theme on a dark palette and the light one on a light palette, as the desktop
    // turns.
    void theChartsFollowTheDesktopDarkOrLight()
    {
        const QList<QChart *> charts {m_panel->bytesChart(), m_panel->cpuChart(), m_panel->latencyChart()};
        for (const QString &palette : {u"dark"_s, u"light"_s}) {
            m_panel->setPalette(Test::paletteNamed(palette));
            for (const QChart *chart : charts)
                QCOMPARE(chart->theme(), palette == u"dark" ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        }
    }

    // The choices are remembered for the next launch; a run with no clients at all is refused with a sentence.
    void choicesAreRememberedAndChecked()
    {
        LabSettings settings = shortRun();
        std::fill(std::begin(settings.clients), std::end(settings.clients), 0);
        m_panel->setLabSettings(settings);
        QVERIFY(!m_panel->start());
        QCOMPARE(m_panel->status()->text(), u"Give at least one transport a client."_s);
        QCOMPARE(m_room->state(), RoomHost::State::Stopped);

        settings.clients[int(ChatProtocol::Transport::Sse)] = 3;
        settings.rate = 5;
        m_panel->setLabSettings(settings);
        QSignalSpy finished(m_panel.get(), &TransportLabPanel::finished);
        QVERIFY(m_panel->start());
        QVERIFY(!m_panel->start()); // one run at a time
        m_panel->stop();
        QVERIFY(waitUntil([&] { return !finished.isEmpty(); }));
        QCOMPARE(m_panel->status()->text(), u"Ended: stopped"_s);

        TransportLabPanel next(*m_room, *m_network, *m_settings);
        QCOMPARE(next.labSettings().clientsOf(ChatProtocol::Transport::Sse), 3);
        QCOMPARE(next.labSettings().clientsOf(ChatProtocol::Transport::WebSocket), 0);
        QCOMPARE(next.labSettings().rate, 5.0);
        QCOMPARE(next.labSettings().pollInterval, std::chrono::milliseconds(100));
    }

private:
    std::unique_ptr<TrafficLog> m_log;
    std::unique_ptr<NetworkThread> m_network;
    std::unique_ptr<HostedRoom> m_room;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<TransportLabPanel> m_panel;
};

QTEST_MAIN(tst_TransportLabPanel)
#include "tst_transportlabpanel.moc"
