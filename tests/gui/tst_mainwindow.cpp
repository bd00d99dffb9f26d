// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The window offscreen, driven as a person would, against its own room on 127.0.0.1 and real QWebSocket clients.
#include <QCheckBox>
#include <QComboBox>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStringListModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

#include "chatpanel.h"
#include "clientpanel.h"
#include "connectionlistmodel.h"
#include "eventwait.h"
#include "framefiltermodel.h"
#include "framelogmodel.h"
#include "framespanel.h"
#include "handshakepanel.h"
#include "heartbeatpanel.h"
#include "hexview.h"
#include "hostedroom.h"
#include "hostpanel.h"
#include "jsonclient.h"
#include "mainwindow.h"
#include "monitorpanel.h"
#include "networkthread.h"
#include "trafficlog.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using Test::waitUntil;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void memberJoinsAndWritesLiterally();
    void clientPanelEchoesAndTheMonitorShowsIt();
    void heartbeatChartAndPingFilter();
    void kickClosesWith1008();
    void captureSavesOpensAndExports();

private:
    // The frames table's rows (as the filter leaves them) whose payload column is text.
    QList<int> rowsWithPayload(const QString &text) const;
    QUrl roomUrl(QStringView path) const;

    std::unique_ptr<TrafficLog> m_log;
    std::unique_ptr<NetworkThread> m_network;
    std::unique_ptr<HostedRoom> m_room;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings of the test, not of the person running it
    QCoreApplication::setOrganizationName(u"DuplexTest"_s);
}

void tst_MainWindow::init()
{
    m_log = std::make_unique<TrafficLog>();
    m_network = std::make_unique<NetworkThread>(*m_log);
    m_room = std::make_unique<HostedRoom>(*m_network);
    m_window = std::make_unique<MainWindow>(*m_log, *m_network, *m_room);
    m_window->show();
    HostPanel *host = m_window->hostPanel();
    host->setShareOnLan(false); // tests stay on loopback
    host->setPort(0);
    QVERIFY(host->toggle());
    QCOMPARE(m_room->state(), RoomHost::State::Running);
    // The person is a member of their own room at once.
    QVERIFY(waitUntil([this] { return m_room->members().size() == 1; }));
}

void tst_MainWindow::cleanup()
{
    m_window.reset();
    m_room.reset();
    m_network.reset();
    m_log.reset();
}

QUrl tst_MainWindow::roomUrl(QStringView path) const
{
    return QUrl(u"ws://127.0.0.1:%1%2"_s.arg(m_room->port()).arg(path));
}

QList<int> tst_MainWindow::rowsWithPayload(const QString &text) const
{
    const QAbstractItemModel *table = m_window->monitor()->frames()->table()->model();
    QList<int> rows;
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->index(row, FrameLogModel::PayloadColumn).data().toString() == text)
            rows.append(row);
    }
    return rows;
}

void tst_MainWindow::memberJoinsAndWritesLiterally()
{
    Test::JsonClient member;
    QVERIFY(member.open(roomUrl(u"/chat")));
    QVERIFY(member.nextOfType(u"hello"));
    QVERIFY(waitUntil([this] { return m_room->members().size() == 2; }));
    QTableView *members = m_window->hostPanel()->members();
    QCOMPARE(members->model()->rowCount(), 2);
    QCOMPARE(members->model()->index(1, 1).data().toString().section(u':', 0, 0), u"127.0.0.1"_s);

    const QString markup = u"<b>hi</b> <a href=\"javascript:alert(1)\">click</a>"_s;
    member.sendText(markup);
    QTextBrowser *view = m_window->chatPanel()->view();
    QVERIFY(waitUntil([&] { return view->toPlainText().contains(markup); }));
    // Shown as typed: the document holds the characters, not a bold run or an anchor.
    QVERIFY(!view->toHtml().contains(u"<b>hi</b>"_s));
    QVERIFY(view->toHtml().contains(u"&lt;b&gt;hi&lt;/b&gt;"_s));
    QVERIFY(!view->toHtml().contains(u"<a href"_s));
    QVERIFY(m_window->chatPanel()->users()->stringList().size() == 2);
}

void tst_MainWindow::clientPanelEchoesAndTheMonitorShowsIt()
{
    ClientPanel *client = m_window->clientPanel();
    QVERIFY(client->connectTo(roomUrl(u"/echo")));
    QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Open; }));
    QVERIFY(client->sendText(u"echo me"_s));
    QVERIFY(waitUntil([client] { return client->log()->toPlainText().contains(u"← text: echo me"_s); }));

    // Both taps saw it: the client's and the room's, each one frame each way.
    FrameLogModel *frames = m_window->frames();
    QVERIFY(waitUntil([&] {
        frames->flush();
        return rowsWithPayload(u"echo me"_s).size() == 4;
    }));
    QAbstractItemModel *table = m_window->monitor()->frames()->table()->model();
    int masked = 0;
    for (const int row : rowsWithPayload(u"echo me"_s)) {
        const auto cell = [&](int column) { return table->index(row, column).data().toString(); };
        QCOMPARE(cell(FrameLogModel::OpcodeColumn), u"text"_s);
        QCOMPARE(cell(FrameLogModel::FinColumn), u"1"_s);
        QCOMPARE(cell(FrameLogModel::RsvColumn), u"000"_s);
        QCOMPARE(cell(FrameLogModel::LengthColumn), u"7"_s);
        const bool fromClient = cell(FrameLogModel::DirectionColumn) == FrameLogModel::tr("client → server");
        QCOMPARE(cell(FrameLogModel::MaskColumn) != FrameLogModel::tr("none"), fromClient);
        masked += fromClient;
    }
    QCOMPARE(masked, 2);

    // Choosing a frame shows its fields and its bytes, masked beside unmasked.
    FramesPanel *panel = m_window->monitor()->frames();
    const int row = rowsWithPayload(u"echo me"_s).constFirst();
    panel->table()->setCurrentIndex(table->index(row, 0));
    QVERIFY(panel->details()->toPlainText().contains(u"opcode   0x1  text"_s));
    QCOMPARE(panel->hexView()->unmaskedBytes().right(7), "echo me");

    // The handshake of the client session's connection: a passing Accept check.
    const quint64 connection = table->index(row, 0).data(FrameLogModel::ConnectionRole).toULongLong();
    m_window->monitor()->pickConnection(connection);
    QCOMPARE(m_window->monitor()->picker()->currentData().toULongLong(), connection);
    HandshakePanel *handshake = m_window->monitor()->handshakes();
    QVERIFY(handshake->acceptCheck()->text().contains(u"PASS"_s));
    QCOMPARE(handshake->heads()->topLevelItemCount(), 2);
    QTreeWidgetItem *request = handshake->heads()->topLevelItem(0);
    bool explained = false;
    for (int i = 0; i < request->childCount(); ++i) {
        if (request->child(i)->text(0).compare(u"Sec-WebSocket-Key"_s, Qt::CaseInsensitive) == 0)
            explained = request->child(i)->toolTip(1).contains(u"Sec-WebSocket-Accept"_s);
    }
    QVERIFY(explained);
    // Only that connection's frames remain.
    for (int r = 0; r < table->rowCount(); ++r)
        QCOMPARE(table->index(r, 0).data(FrameLogModel::ConnectionRole).toULongLong(), connection);
}

void tst_MainWindow::heartbeatChartAndPingFilter()
{
    m_window->monitor()->heartbeat()->findChild<QSpinBox *>()->setValue(1); // ping every second
    HeartbeatPanel *chart = m_window->monitor()->heartbeat();
    QVERIFY(waitUntil([chart] { return chart->pointCount() >= 2; }, 10'000));

    FramesPanel *panel = m_window->monitor()->frames();
    quint64 pinged = 0;
    const auto pingRows = [panel, &pinged] {
        const QAbstractItemModel *table = panel->table()->model();
        int count = 0;
        for (int row = 0; row < table->rowCount(); ++row) {
            const auto opcode = table->index(row, 0).data(FrameLogModel::OpcodeRole).toUInt();
            if (opcode == Opcode::ping || opcode == Opcode::pong) {
                pinged = table->index(row, 0).data(FrameLogModel::ConnectionRole).toULongLong();
                ++count;
            }
        }
        return count;
    };
    m_window->frames()->flush();
    QVERIFY(pingRows() >= 2);
    QVERIFY(pinged != 0);
    panel->findChild<QCheckBox *>()->setChecked(true); // "Hide ping/pong"
    QCOMPARE(pingRows(), 0);
    QVERIFY(panel->table()->model()->rowCount() > 0);

    // A connection's statistics once it is chosen.
    m_window->monitor()->pickConnection(pinged);
    QVERIFY(waitUntil([chart] { return chart->statsLabel()->text().contains(u"median"_s); }, 5000));
}

void tst_MainWindow::kickClosesWith1008()
{
    Test::JsonClient member;
    QVERIFY(member.open(roomUrl(u"/chat")));
    QVERIFY(member.nextOfType(u"hello"));
    QVERIFY(waitUntil([this] { return m_room->members().size() == 2; }));
    m_window->hostPanel()->kick(1, u"be nice"_s);
    QVERIFY(member.waitDisconnected());
    QCOMPARE(member.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(member.socket.closeReason(), u"be nice"_s);
    QVERIFY(waitUntil([this] { return m_room->members().size() == 1; }));
}

void tst_MainWindow::captureSavesOpensAndExports()
{
    ClientPanel *client = m_window->clientPanel();
    QVERIFY(client->connectTo(roomUrl(u"/echo")));
    QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Open; }));
    QVERIFY(client->sendText(u"keep me, \"quoted\""_s));
    QVERIFY(waitUntil([&] {
        m_window->frames()->flush();
        return rowsWithPayload(u"keep me, \"quoted\""_s).size() == 4;
    }));

    QTemporaryDir dir;
    const QString capture = dir.filePath(u"traffic.jsonl"_s);
    QString error;
    QVERIFY2(m_window->saveCapture(capture, &error), qPrintable(error));
    QVERIFY2(m_window->exportCsv(dir.filePath(u"frames.csv"_s), &error), qPrintable(error));
    QFile csv(dir.filePath(u"frames.csv"_s));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray csvText = csv.readAll();
    QVERIFY(csvText.startsWith("\"Time (s)\",Connection,") || csvText.startsWith("Time (s),Connection,"));
    QVERIFY(csvText.contains("\"keep me, \"\"quoted\"\"\""));

    // Opening replaces what the monitor shows with the file's records.
    m_window->hostPanel()->toggle(); // stop live traffic so only the file's frames show
    QVERIFY(waitUntil([this] { return m_room->state() == RoomHost::State::Stopped; }));
    QVERIFY2(m_window->openCapture(capture, &error), qPrintable(error));
    QCOMPARE(rowsWithPayload(u"keep me, \"quoted\""_s).size(), 4);

    QFile bad(dir.filePath(u"bad.jsonl"_s));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not a capture\n");
    bad.close();
    QVERIFY(!m_window->openCapture(bad.fileName(), &error));
    QVERIFY(error.contains(u"line 1"_s));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
