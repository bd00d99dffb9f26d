// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The heartbeat chart with many connections: 50 pinged every second for a minute (on the log's clock), every point
// kept, the lines the person ticks drawn whole in colours that stay, closed connections greyed and removable.
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QPushButton>
#include <QScatterSeries>

#include "models/connectionlistmodel.h"
#include "models/heartbeattracker.h"
#include "support/legibility.h"
#include "support/scriptedroom.h"
#include "support/trafficevents.h"
#include "traffic/trafficlog.h"
#include "ui/heartbeatpanel.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

namespace {

constexpr int connections = 50;
constexpr int seconds = 60;

} // namespace

class tst_HeartbeatPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fiftyConnectionsForAMinute()
    {
        TrafficLog log;
        HeartbeatTracker tracker;
        tracker.follow(log);
        ConnectionListModel list;
        list.follow(log);
        Test::ScriptedRoom room;
        list.nameMembersOf(room);
        HeartbeatPanel panel(tracker, list);
        panel.resize(1000, 600);
        panel.show();

        for (quint64 c = 1; c <= connections; ++c) {
            log.append({0, c, ConnectionOpened {u"127.0.0.1:%1"_s.arg(40'000 + c), "/chat"}});
            log.append({0, c, HandshakeExchanged {"GET /chat HTTP/1.1\r\n\r\n", "HTTP/1.1 101 OK\r\n\r\n"}});
        }
        for (qint64 second = 0; second < seconds; ++second) {
            for (quint64 c = 1; c <= connections; ++c) {
                const qint64 sentUs = second * 1'000'000 + qint64(c) * 100;
                const QByteArray payload = QByteArray::number(second);
                log.append(Test::frameRecord(sentUs, c, Direction::ServerToClient, Opcode::ping, payload));
                log.append(Test::frameRecord(
                    sentUs + 1000 + qint64(c) * 10, c, Direction::ClientToServer, Opcode::pong, payload));
            }
        }

        // Every connection keeps all its points: nothing is evicted to make room for another.
        for (quint64 c = 1; c <= connections; ++c)
            QCOMPARE(qsizetype(tracker.points(c).size()), qsizetype(seconds));
        QListWidget *sides = panel.sides();
        QCOMPARE(sides->count(), connections);
        const auto ticked = [sides] {
            int count = 0;
            for (int i = 0; i < sides->count(); ++i)
                count += sides->item(i)->checkState() == Qt::Checked;
            return count;
        };
        QCOMPARE(ticked(), HeartbeatPanel::autoShownLines); // the first ones, as they came
        QCOMPARE(panel.pointCount(), qsizetype(HeartbeatPanel::autoShownLines) * seconds);

        // Ticking a later connection draws its whole minute, in its own colour, and the others keep theirs.
        const QChart *chart = panel.findChild<QChartView *>()->chart();
        const auto lineOf = [chart](quint64 connection) -> const QLineSeries * {
            for (const QAbstractSeries *series : chart->series()) {
                const auto *line = qobject_cast<const QLineSeries *>(series);
                if (line && line->name() == u"#%1 server pings"_s.arg(connection))
                    return line;
            }
            return nullptr;
        };
        QVERIFY(lineOf(3));
        const QColor third = lineOf(3)->color();
        QCOMPARE(third, HeartbeatPanel::colourFor(3, Direction::ServerToClient));
        QVERIFY(HeartbeatPanel::colourFor(4, Direction::ServerToClient) != third);
        sides->item(39)->setCheckState(Qt::Checked); // connection 40
        QVERIFY(lineOf(40));
        QCOMPARE(lineOf(40)->count(), seconds);
        sides->item(0)->setCheckState(Qt::Unchecked);
        QVERIFY(!lineOf(1));
        QCOMPARE(lineOf(3)->color(), third);

        // Named as the connection list names them; closed ones grey, and gone at Remove Closed.
        room.addMember({u"ada"_s, u"127.0.0.1:40001"_s, {}, u"ws"_s});
        QCOMPARE(sides->item(0)->text(), u"#1 ada · room pings"_s);
        QCOMPARE(sides->item(0)->toolTip(), u"ada · /chat · open"_s);
        for (quint64 c = 1; c <= 5; ++c)
            log.append({seconds * 1'000'000, c, ConnectionClosed {Closer::Server, 1001, "going away", true}});
        QVERIFY(sides->item(2)->text().contains(u"closed 1001"_s));
        QCOMPARE(sides->item(2)->foreground().color(), panel.palette().color(QPalette::Disabled, QPalette::Text));
        QVERIFY(sides->item(5)->foreground().style() == Qt::NoBrush);
        panel.removeClosedButton()->click();
        QCOMPARE(sides->count(), connections - 5);
        QVERIFY(!lineOf(3));
        panel.setConnection(3); // chosen in the monitor, a removed one comes back
        QCOMPARE(lineOf(3)->count(), seconds);
        QCOMPARE(sides->count(), connections - 4);
        panel.setConnection(0);

        // Choosing one connection in the monitor draws it, ticked or not, and shows its figures.
        panel.setConnection(45);
        QVERIFY(lineOf(45));
        QCOMPARE(lineOf(45)->count(), seconds);
        QVERIFY(lineOf(45)->isVisible());
        QVERIFY(!lineOf(40)->isVisible());
        QVERIFY(panel.statsLabel()->text().contains(u"60 answered, 0 missed"_s));
    }

    // The chart takes Qt Charts' dark theme on a dark palette and the light one on a light palette, as the desktop
    // turns, each line keeps its colour through the change, and a closed connection's side takes the new grey.
    void theChartFollowsTheDesktopDarkOrLight()
    {
        TrafficLog log;
        HeartbeatTracker tracker;
        tracker.follow(log);
        ConnectionListModel list;
        list.follow(log);
        HeartbeatPanel panel(tracker, list);
        panel.show();
        log.append({0, 1, ConnectionOpened {u"127.0.0.1:40001"_s, "/chat"}});
        log.append(Test::frameRecord(0, 1, Direction::ServerToClient, Opcode::ping, "1"));
        log.append(Test::frameRecord(1000, 1, Direction::ClientToServer, Opcode::pong, "1"));
        log.append(Test::frameRecord(1'000'000, 1, Direction::ServerToClient, Opcode::ping, "2")); // never answered
        log.append(Test::frameRecord(2'000'000, 1, Direction::ServerToClient, Opcode::ping, "3"));
        log.append(Test::frameRecord(3'000'000, 1, Direction::ServerToClient, Opcode::ping, "4"));
        log.append({4'000'000, 1, ConnectionClosed {Closer::Server, 1001, "going away", true}});
        const QListWidgetItem *closed = panel.sides()->item(0);
        const auto greyOf = [](const QString &palette) {
            return Test::paletteNamed(palette).color(QPalette::Disabled, QPalette::Text);
        };
        const QChart *chart = panel.findChild<QChartView *>()->chart();
        QCOMPARE(chart->series().size(), 2); // the round trips and the missed pongs
        const auto colours = [chart] {
            QList<QColor> inks;
            for (const QAbstractSeries *series : chart->series())
                inks.append(qobject_cast<const QXYSeries *>(series)->color());
            return inks;
        };
        const QList<QColor> before = colours();
        QCOMPARE(before.first(), HeartbeatPanel::colourFor(1, Direction::ServerToClient));
        QCOMPARE(chart->theme(), QChart::ChartThemeLight);
        QCOMPARE(closed->foreground().color(), greyOf(u"light"_s));

        panel.setPalette(Test::paletteNamed(u"dark"_s));
        QCOMPARE(chart->theme(), QChart::ChartThemeDark);
        QCOMPARE(colours(), before);
        QVERIFY(!chart->legend()->isVisible()); // the list beside the chart is still its legend
        QCOMPARE(closed->foreground().color(), greyOf(u"dark"_s));
        panel.setPalette(Test::paletteNamed(u"light"_s));
        QCOMPARE(chart->theme(), QChart::ChartThemeLight);
        QCOMPARE(colours(), before);
        QCOMPARE(closed->foreground().color(), greyOf(u"light"_s));
    }

    void recentRoundTripsForASparkline()
    {
        HeartbeatTracker tracker;
        for (int i = 0; i < HeartbeatTracker::recentCount + 5; ++i) {
            const QByteArray payload = QByteArray::number(i);
            tracker.observe(Test::frameRecord(i * 1'000'000, 1, Direction::ServerToClient, Opcode::ping, payload));
            tracker.observe(
                Test::frameRecord(i * 1'000'000 + 2000 + i, 1, Direction::ClientToServer, Opcode::pong, payload));
        }
        const QList<double> recent = tracker.recentRoundTripsMs(1);
        QCOMPARE(recent.size(), HeartbeatTracker::recentCount);
        QCOMPARE(recent.constLast(), 2.0 + double(HeartbeatTracker::recentCount + 4) / 1000); // newest last
        QVERIFY(tracker.recentRoundTripsMs(2).isEmpty());
    }
};

QTEST_MAIN(tst_HeartbeatPanel)
#include "tst_heartbeatpanel.moc"
