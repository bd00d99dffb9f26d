// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The window offscreen, driven as a person would, against its own room on 127.0.0.1 and real QWebSocket clients.
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStringListModel>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeWidget>

#include "models/connectionlistmodel.h"
#include "models/framefiltermodel.h"
#include "models/framelogmodel.h"
#include "models/memberlistmodel.h"
#include "server/hostedroom.h"
#include "support/eventwait.h"
#include "support/jsonclient.h"
#include "support/legibility.h"
#include "support/pythonserver.h"
#include "support/qrreader.h"
#include "support/questionanswerer.h"
#include "support/rawpeers.h"
#include "support/trafficevents.h"
#include "traffic/networkthread.h"
#include "traffic/trafficlog.h"
#include "ui/chatpanel.h"
#include "ui/clientpanel.h"
#include "ui/clienttabs.h"
#include "ui/contrast.h"
#include "ui/framespanel.h"
#include "ui/handshakepanel.h"
#include "ui/heartbeatpanel.h"
#include "ui/hexview.h"
#include "ui/hostpanel.h"
#include "ui/mainwindow.h"
#include "ui/monitorpanel.h"
#include "ui/payloadview.h"
#include "ui/relaypanel.h"
#include "ui/roomreplaybox.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using Test::waitUntil;

namespace {

// Presses the client panel's Disconnect button, as a person would; false when there is none.
bool clickDisconnect(ClientPanel *client)
{
    const QList<QPushButton *> buttons = client->findChildren<QPushButton *>();
    const auto disconnect = std::find_if(buttons.cbegin(), buttons.cend(),
        [](const QPushButton *button) { return button->text() == ClientPanel::tr("&Disconnect"); });
    if (disconnect == buttons.cend())
        return false;
    QTest::mouseClick(*disconnect, Qt::LeftButton);
    return true;
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void memberJoinsAndWritesLiterally();
    void joiningCanBeCancelledUntilTheRoomGreets();
    void joinsByWhatTheHostShares();
    void clientPanelEchoesAndTheMonitorShowsIt();
    void aLongMessageIsKeptWholeAndSentAgain();
    void aConnectionIsReplayedFromTheClient();
    void aConnectionIsReplayedFromTheRoom();
    void heartbeatChartAndPingFilter();
    void kickClosesWith1008();
    void kickGoesToWhoWasChosenThoughOthersComeAndGo();
    void captureSavesOpensAndExports();
    void liveTrafficWaitsWhileACaptureIsShown();
    void pausingHoldsTheMonitorAndLosesNothing();
    void theChosenConnectionsTrafficIsInTheStatusBar();
    void openingAsksBeforeUnsavedTrafficGoes();
    void clearingAsksBeforeUnsavedTrafficGoes();
    void composerSendsHexAndFiles();
    void composerRemembersAndFormats();
    void composerRepeatsAtAnInterval();
    void ownVariablesFillTheUrlHeadersAndMessages();
    void autoRepliesAnswerAndCannotRunAway();
    void untrustedCertificateAsksFirst();
    void messageWhileAwayNotifies();
    void fragmentsShowTheirMessage();
    void refusedHandshakesStayListed();
    void plainHttpMembersShowInTheMonitor();
    void clientPanelReadsAnEventStream();
    void clientPanelJoinsWithPolls();
    void heartbeatLinePerPingingSide();
    void aboutNamesTheVersion();
    void joinAddressesWithAQrCode();
    void sharingIsChosenAndRemembered();
    void allowedOriginsAreChosenAndRemembered();
    void aRoomWithAPasswordLetsItsHostIn();
    void stoppingTheRoomWithMembersAsksFirst();
    void theRoomsHistoryIsKeptUntilForgotten();
    void quittingAsksAndClosesMembersWith1001();
    void aRelayedConnectionIsShownAndQuittingAsks();
    void quittingWhileAFileIsSavedAsks();
    void framesTableFitsAndSorts();

private:
    // The frames table's rows (as the filter leaves them) whose payload column is text, once the table has taken in
    // what its batching still holds.
    QList<int> rowsWithPayload(const QString &text);
    QUrl roomUrl(QStringView path) const;
    // Stops the room, types text into the Host panel's field called field as a person would, and hosts again: true
    // when the field took it while stopped and is fixed while the room runs.
    bool hostAgainWith(const QString &field, const QString &text);
    QAction *menuAction(const QString &text) const; // by its text, mnemonic included
    // Answers every question box that comes up with the button of that text, and notes the questions.
    Test::QuestionAnswerer m_answers;
    void openClientOnEcho();
    void sayFirstAndSecondOnEcho(); // from the Client tab, each echoed
    // Chooses the action of that text in the frames' context menu of row; false when there is none.
    bool triggerRowAction(int row, const QString &text);

    std::unique_ptr<TrafficLog> m_log;
    std::unique_ptr<NetworkThread> m_network;
    std::unique_ptr<HostedRoom> m_room;
    std::unique_ptr<HostedRoom> m_labRoom;
    CertificateTrust m_trust;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings of the test, not of the person running it
    QCoreApplication::setOrganizationName(u"DuplexTest"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DUPLEX_VERSION));
}

void tst_MainWindow::init()
{
    QSettings settings; // what an earlier test's window remembered of its layout, and its heartbeat
    settings.remove(u"heartbeat"_s);
    settings.remove(u"window"_s);
    settings.remove(u"monitor"_s);
    settings.remove(u"chat"_s);
    settings.remove(u"client/history"_s);
    settings.remove(u"client/savedMessages"_s);
    settings.remove(u"client/variables"_s);
    settings.remove(u"client/autoReplies"_s);
    settings.remove(u"host/keepHistory"_s);
    settings.remove(u"host/password"_s);
    for (const QString &file : MainWindow::roomHistoryFiles()) // every test's room starts with nothing said
        QFile::remove(file);
    m_log = std::make_unique<TrafficLog>();
    m_network = std::make_unique<NetworkThread>(*m_log);
    m_room = std::make_unique<HostedRoom>(*m_network);
    m_labRoom = std::make_unique<HostedRoom>(*m_network);
    m_window = std::make_unique<MainWindow>(*m_log, *m_network, *m_room, *m_labRoom, m_trust);
    m_window->show();
    HostPanel *host = m_window->hostPanel();
    host->setShareOnLan(false); // tests stay on loopback
    host->setPort(0);
    QVERIFY(host->toggle());
    QCOMPARE(m_room->state(), RoomHost::State::Running);
    // The person is a member of their own room at once, and the window knows which member is its own (else
    // stopping the room would ask about "1 member besides you").
    QVERIFY(waitUntil([this] {
        const QList<RoomMember> members = m_room->members();
        return members.size() == 1 && members.first().nick == m_window->hostPanel()->ownNick();
    }));
}

void tst_MainWindow::cleanup()
{
    m_answers.stop();
    m_answers.clear();
    m_window.reset();
    m_room.reset();
    m_labRoom.reset();
    m_network.reset();
    m_log.reset();
}

QUrl tst_MainWindow::roomUrl(QStringView path) const
{
    return QUrl(u"ws://127.0.0.1:%1%2"_s.arg(m_room->port()).arg(path));
}

bool tst_MainWindow::hostAgainWith(const QString &field, const QString &text)
{
    HostPanel *host = m_window->hostPanel();
    host->toggle();
    auto *edit = host->findChild<QLineEdit *>(field);
    if (!waitUntil([this] { return m_room->state() == RoomHost::State::Stopped; }) || !edit || !edit->isEnabled())
        return false;
    edit->setText(text);
    Q_EMIT edit->editingFinished();
    return host->toggle() && !edit->isEnabled();
}

void tst_MainWindow::openClientOnEcho()
{
    ClientPanel *client = m_window->clientPanel();
    QVERIFY(client->connectTo(roomUrl(u"/echo")));
    QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Open; }));
}

void tst_MainWindow::sayFirstAndSecondOnEcho()
{
    openClientOnEcho();
    ClientPanel *client = m_window->clientPanel();
    for (const QString &words : {u"first"_s, u"second"_s}) {
        QVERIFY(client->sendText(words));
        QVERIFY(waitUntil([this, words] { return rowsWithPayload(words).size() == 2; })); // sent and echoed
    }
}

bool tst_MainWindow::triggerRowAction(int row, const QString &text)
{
    std::unique_ptr<QMenu> menu(m_window->monitor()->frames()->rowMenu(row));
    const QList<QAction *> actions = menu->actions();
    const auto action = std::find_if(
        actions.cbegin(), actions.cend(), [&text](const QAction *candidate) { return candidate->text() == text; });
    if (action == actions.cend())
        return false;
    (*action)->trigger();
    return true;
}

QAction *tst_MainWindow::menuAction(const QString &text) const
{
    for (QAction *action : m_window->findChildren<QAction *>()) {
        if (action->text() == text)
            return action;
    }
    return nullptr;
}

QList<int> tst_MainWindow::rowsWithPayload(const QString &text)
{
    m_window->frames()->flush();
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
    QVERIFY(member.join(roomUrl(u"/chat")));
    QTableView *members = m_window->hostPanel()->members();
    QVERIFY(waitUntil([members] { return members->model()->rowCount() == 2; }));
    QCOMPARE(
        members->model()->index(1, MemberListModel::PeerColumn).data().toString().section(u':', 0, 0), u"127.0.0.1"_s);
    QCOMPARE(members->model()->index(1, MemberListModel::TransportColumn).data().toString(), u"ws"_s);

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

// Until the room's hello the join button cancels, and nothing can be written: here the server is an echo, which
// never greets.
void tst_MainWindow::joiningCanBeCancelledUntilTheRoomGreets()
{
    ChatPanel *chat = m_window->chatPanel();
    QPushButton *join = chat->joinButton();
    QVERIFY(waitUntil([join] { return join->text() == u"&Leave"_s; })); // the window's own room
    join->click();
    QVERIFY(waitUntil([join] { return join->text() == u"&Join"_s; }));
    chat->setRoomUrl(roomUrl(u"/echo"));
    join->click();
    QVERIFY(waitUntil([join] { return join->text() == u"&Cancel"_s; }));
    QVERIFY(!chat->input()->isEnabled());
    const qsizetype linesBefore = chat->view()->toPlainText().count(u"Disconnected: "_s);
    join->click();
    QVERIFY(waitUntil([join] { return join->text() == u"&Join"_s; }));
    QVERIFY(waitUntil([&] { return chat->view()->toPlainText().count(u"Disconnected: "_s) == linesBefore + 1; }));
    QVERIFY(!chat->input()->isEnabled());
}

// The page's address, which the host shares, finds the room beside it (Enter in the field joins) and the field shows
// where it went; what is no room's address is refused with a sentence.
void tst_MainWindow::joinsByWhatTheHostShares()
{
    ChatPanel *chat = m_window->chatPanel();
    QPushButton *join = chat->joinButton();
    QVERIFY(waitUntil([join] { return join->text() == u"&Leave"_s; }));
    join->click();
    QVERIFY(waitUntil([join] { return join->text() == u"&Join"_s; }));
    chat->roomField()->setText(u"http://127.0.0.1:%1/"_s.arg(m_room->port()));
    QTest::keyClick(chat->roomField(), Qt::Key_Return);
    QCOMPARE(chat->roomField()->text(), roomUrl(u"/chat").toString());
    QVERIFY(waitUntil([join] { return join->text() == u"&Leave"_s; }));
    join->click();
    QVERIFY(waitUntil([join] { return join->text() == u"&Join"_s; }));

    chat->roomField()->setText(u"ftp://127.0.0.1/"_s);
    join->click();
    QVERIFY(chat->view()->toPlainText().contains(u"Not a room's address: give ws://host:port/chat"_s));
    QCOMPARE(join->text(), u"&Join"_s);
    QCOMPARE(chat->roomField()->text(), u"ftp://127.0.0.1/"_s); // kept to be corrected
}

void tst_MainWindow::clientPanelEchoesAndTheMonitorShowsIt()
{
    ClientPanel *client = m_window->clientPanel();
    QVERIFY(client->connectTo(roomUrl(u"/echo")));
    QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Open; }));
    QVERIFY(client->log()->toPlainText().contains(u"Open: 101 Switching Protocols"_s));
    QVERIFY(client->sendText(u"echo me"_s));
    QVERIFY(waitUntil([client] { return client->log()->toPlainText().contains(u"← text: echo me"_s); }));

    // Both taps saw it, the client's and the room's, but the conversation shows once: from the client's end, one
    // frame each way.
    QVERIFY(waitUntil([this] { return rowsWithPayload(u"echo me"_s).size() == 2; }));
    QAbstractItemModel *table = m_window->monitor()->frames()->table()->model();
    int masked = 0;
    for (const int row : rowsWithPayload(u"echo me"_s)) {
        const auto cell = [&](int column) { return table->index(row, column).data().toString(); };
        QCOMPARE(cell(FrameLogModel::OpcodeColumn), u"text"_s);
        QCOMPARE(cell(FrameLogModel::FinColumn), u"1"_s);
        QCOMPARE(cell(FrameLogModel::RsvColumn), u"000"_s);
        QCOMPARE(cell(FrameLogModel::LengthColumn), u"7"_s);
        QVERIFY2(cell(FrameLogModel::ConnectionColumn).endsWith(u" client 1"_s), // named, not only numbered
            qPrintable(cell(FrameLogModel::ConnectionColumn)));
        const bool fromClient = cell(FrameLogModel::DirectionColumn) == FrameLogModel::tr("client → server");
        QCOMPARE(cell(FrameLogModel::MaskColumn) != FrameLogModel::tr("none"), fromClient);
        masked += fromClient;
    }
    QCOMPARE(masked, 1);

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
    QVERIFY2(m_window->monitor()->picker()->currentText().startsWith(u"client 1 → /echo · open"_s),
        qPrintable(m_window->monitor()->picker()->currentText()));

    // The room's end of the same conversation is there to be chosen, and shows its own two frames.
    QComboBox *picker = m_window->monitor()->picker();
    const int roomEnd = picker->findText(u"the room's end of client 1"_s, Qt::MatchContains);
    QVERIFY(roomEnd > 0);
    picker->setCurrentIndex(roomEnd);
    QCOMPARE(rowsWithPayload(u"echo me"_s).size(), 2);
    QVERIFY(table->index(0, 0).data(FrameLogModel::ConnectionRole).toULongLong() != connection);
}

void tst_MainWindow::aLongMessageIsKeptWholeAndSentAgain()
{
    openClientOnEcho();
    QString text;
    for (int i = 0; text.size() < 100'000; ++i)
        text += u"word%1 "_s.arg(i);
    QVERIFY(m_window->clientPanel()->sendText(text));
    // The client's tap keeps it whole each way (the room's end, the same conversation, is not listed twice).
    FramesPanel *panel = m_window->monitor()->frames();
    QAbstractItemModel *table = panel->table()->model();
    QList<int> rows;
    QVERIFY(waitUntil([&] {
        m_window->frames()->flush();
        rows.clear();
        for (int row = 0; row < table->rowCount(); ++row) {
            if (table->index(row, 0).data(FrameLogModel::PayloadTextRole).toString() == text)
                rows.append(row);
        }
        return rows.size() == 2;
    }));
    panel->table()->setCurrentIndex(table->index(rows.constLast(), 0));
    QCOMPARE(panel->message()->text()->toPlainText(), text);
    QTest::keyClick(panel->table(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), text);

    // Sent again: into the composer, to look over before Send.
    QVERIFY(triggerRowAction(rows.constLast(), FramesPanel::tr("Re&send from the Client")));
    QVERIFY(m_window->tabs()->currentWidget()->isAncestorOf(m_window->clientPanel()));
    QCOMPARE(m_window->clientPanel()->composer()->currentIndex(), 0);
    QCOMPARE(qobject_cast<QPlainTextEdit *>(m_window->clientPanel()->composer()->currentWidget())->toPlainText(), text);

    // How much the monitor keeps: remembered, or given for this launch.
    QCOMPARE(m_log->payloadBudget(), PayloadBudget::defaultBytes);
    QVERIFY(menuAction(MainWindow::tr("Monitor &Memory…")));
    MainWindow::Startup startup;
    startup.monitorMemory = qint64(32) << 20;
    m_window->start(startup);
    QCOMPARE(m_log->payloadBudget(), qint64(32) << 20);
}

// From a frame of a connection, what its client said goes to the Client tab to say again: on the recorded request
// once the client is closed, each message after the replies it had.
void tst_MainWindow::aConnectionIsReplayedFromTheClient()
{
    sayFirstAndSecondOnEcho();
    ClientPanel *client = m_window->clientPanel();
    client->urlField()->setCurrentText(u"ws://127.0.0.1:9/elsewhere"_s);
    QVERIFY(clickDisconnect(client));
    QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Closed; }));

    QVERIFY(triggerRowAction(
        rowsWithPayload(u"first"_s).constFirst(), FramesPanel::tr("Repla&y Connection from the Client")));
    QVERIFY(m_window->tabs()->currentWidget()->isAncestorOf(client));
    QCOMPARE(client->urlField()->currentText(), roomUrl(u"/echo").toString());
    QVERIFY2(client->replayBar()->summary()->text().startsWith(u"2 messages the client sent on client "_s),
        qPrintable(client->replayBar()->summary()->text()));

    client->replayBar()->playButton()->click();
    QVERIFY2(waitUntil([client] { return client->log()->toPlainText().contains(u"Replay: all 2 messages sent"_s); }),
        qPrintable(client->log()->toPlainText()));
    QVERIFY(waitUntil([this] { return rowsWithPayload(u"second"_s).size() == 4; }));
}

// From a frame of a connection, what its server said goes to the Host tab, for the room to play at /replay to each
// client that connects: each message once the client said what came before it, or as the pacing chosen says.
void tst_MainWindow::aConnectionIsReplayedFromTheRoom()
{
    sayFirstAndSecondOnEcho();
    QVERIFY(triggerRowAction(
        rowsWithPayload(u"first"_s).constFirst(), FramesPanel::tr("Replay Connection from the Roo&m")));
    RoomReplayBox *box = m_window->hostPanel()->replay();
    QVERIFY(m_window->tabs()->currentWidget()->isAncestorOf(box));
    QVERIFY(box->isVisible());
    QVERIFY2(box->summary()->text().startsWith(u"2 messages the server sent on client "_s),
        qPrintable(box->summary()->text()));
    QCOMPARE(box->where()->text(), u"At "_s + roomUrl(u"/replay").toString());

    QWebSocket listener;
    QStringList heard;
    connect(&listener, &QWebSocket::textMessageReceived, this, [&heard](const QString &text) { heard << text; });
    listener.open(roomUrl(u"/replay"));
    QVERIFY(waitUntil([&listener] { return listener.state() == QAbstractSocket::ConnectedState; }));
    QTest::qWait(100);
    QVERIFY(heard.isEmpty()); // the echo of "first" came after the client's "first"
    listener.sendTextMessage(u"anything"_s);
    QVERIFY(waitUntil([&heard] { return heard == QStringList {u"first"_s}; }));
    listener.sendTextMessage(u"more"_s);
    QVERIFY(waitUntil([&heard] { return heard.size() == 2; }));
    QCOMPARE(heard.last(), u"second"_s);

    box->pacing()->setCurrentIndex(box->pacing()->findData(QVariant::fromValue(ReplayPacer::Pacing::Immediate)));
    QWebSocket hasty;
    QStringList hastyHeard;
    connect(&hasty, &QWebSocket::textMessageReceived, this, [&hastyHeard](const QString &text) { hastyHeard << text; });
    hasty.open(roomUrl(u"/replay"));
    QVERIFY(waitUntil([&hastyHeard] { return hastyHeard == QStringList {u"first"_s, u"second"_s}; }));

    // Another recording, or Stop Replaying, asks first: Cancel keeps the one the room plays.
    const QString summary = box->summary()->text();
    m_answers.answerWith(QMessageBox::tr("Cancel"));
    QVERIFY(triggerRowAction(
        rowsWithPayload(u"first"_s).constFirst(), FramesPanel::tr("Replay Connection from the Roo&m")));
    QCOMPARE(m_answers.questions().size(), 1);
    QVERIFY2(
        m_answers.questions().first().contains(u"Play that of client "_s), qPrintable(m_answers.questions().first()));
    QCOMPARE(box->summary()->text(), summary);
    const QList<QPushButton *> buttons = box->findChildren<QPushButton *>();
    QCOMPARE(buttons.size(), 1);
    buttons.first()->click();
    QCOMPARE(m_answers.questions().size(), 2);
    QVERIFY(box->isVisible());
    m_answers.answerWith(RoomReplayBox::tr("Stop &Replaying"));
    buttons.first()->click();
    QVERIFY(!box->isVisible());
    const QByteArray refused = Test::httpExchange(m_room->port(), Test::upgradeRequest("/replay"));
    QCOMPARE(Test::statusOf(refused), 404);
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
    // Its latest round trips as a sparkline beside its name in the picker, and beside the member in the Host panel.
    QComboBox *picker = m_window->monitor()->picker();
    QVERIFY(!picker->itemIcon(picker->currentIndex()).isNull());
    const QAbstractItemModel *members = m_window->hostPanel()->members()->model();
    QVERIFY(waitUntil([members] {
        return !members->index(0, 0).data(MemberListModel::RecentRoundTripsRole).value<QList<double>>().isEmpty();
    }));
}

void tst_MainWindow::kickClosesWith1008()
{
    Test::JsonClient member;
    QVERIFY(member.join(roomUrl(u"/chat")));
    // Not oneself: the window's own member (row 0, first in) has no Kick.
    HostPanel *host = m_window->hostPanel();
    QVERIFY(waitUntil([host] { return host->members()->model()->rowCount() == 2; }));
    host->members()->setCurrentIndex(host->members()->model()->index(0, 0));
    QVERIFY(!host->kickButton()->isEnabled());
    QVERIFY(!host->kick(host->members()->currentIndex().data().toString(), u"oops"_s));
    host->members()->setCurrentIndex(host->members()->model()->index(1, 0));
    QVERIFY(host->kickButton()->isEnabled());
    const QString chosen = host->members()->currentIndex().data().toString();
    // Someone coming in does not take the choice away, as the person is about to press Kick.
    Test::JsonClient passerby;
    QVERIFY(passerby.join(roomUrl(u"/chat")));
    QVERIFY(waitUntil([host] { return host->members()->model()->rowCount() == 3; }));
    QCOMPARE(host->members()->currentIndex().data().toString(), chosen);
    QVERIFY(host->kickButton()->isEnabled());
    QVERIFY(host->kick(chosen, u"be nice"_s));
    QVERIFY(member.waitDisconnected());
    QCOMPARE(member.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(member.socket.closeReason(), u"be nice"_s);
    QVERIFY(waitUntil([this] { return m_room->members().size() == 2; }));
    QCOMPARE(passerby.socket.state(), QAbstractSocket::ConnectedState);
}

// The Kick dialog waits for a reason while the room goes on: whoever comes or goes meanwhile, the member chosen
// when Kick was pressed is the one kicked, not whoever is on that row by then.
void tst_MainWindow::kickGoesToWhoWasChosenThoughOthersComeAndGo()
{
    Test::JsonClient above;
    Test::JsonClient chosen;
    QVERIFY(above.join(roomUrl(u"/chat")));
    QVERIFY(chosen.join(roomUrl(u"/chat")));
    HostPanel *host = m_window->hostPanel();
    const QAbstractItemModel *members = host->members()->model();
    QVERIFY(waitUntil([members] { return members->rowCount() == 3; }));
    host->members()->setCurrentIndex(members->index(2, 0));
    const QString chosenNick = host->members()->currentIndex().data().toString();

    Test::JsonClient passerby;
    bool answered = false;
    QTimer answer;
    connect(&answer, &QTimer::timeout, this, [&] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        if (!dialog || std::exchange(answered, true))
            return;
        // While the person types, the member above leaves and someone new takes the chosen member's row.
        above.socket.close();
        QVERIFY(waitUntil([members] { return members->rowCount() == 2; }));
        QVERIFY(passerby.join(roomUrl(u"/chat")));
        QVERIFY(waitUntil([members] { return members->rowCount() == 3; }));
        QVERIFY(members->index(2, 0).data().toString() != chosenNick);
        dialog->setTextValue(u"be nice"_s);
        dialog->accept();
    });
    answer.start(20);
    host->kickButton()->click();
    QVERIFY(answered);
    QVERIFY(chosen.waitDisconnected());
    QCOMPARE(chosen.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(chosen.socket.closeReason(), u"be nice"_s);
    QTest::qWait(200);
    QCOMPARE(passerby.socket.state(), QAbstractSocket::ConnectedState);
}

void tst_MainWindow::captureSavesOpensAndExports()
{
    ClientPanel *client = m_window->clientPanel();
    QVERIFY(client->connectTo(roomUrl(u"/echo")));
    QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Open; }));
    QVERIFY(client->sendText(u"keep me, \"quoted\""_s));
    QVERIFY(waitUntil([this] { return rowsWithPayload(u"keep me, \"quoted\""_s).size() == 2; }));

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
    // As an HTTP Archive: the /echo conversation, the message each way, as devtools would have it.
    QVERIFY2(
        m_window->exportHar(dir.filePath(u"traffic.har"_s), HarFormat::Sensitive::LeftOut, &error), qPrintable(error));
    QFile har(dir.filePath(u"traffic.har"_s));
    QVERIFY(har.open(QIODevice::ReadOnly));
    QJsonParseError harError;
    const QJsonDocument archive = QJsonDocument::fromJson(har.readAll(), &harError);
    QCOMPARE(harError.error, QJsonParseError::NoError);
    QStringList echoed; // "type data" of each /echo message, from both ends of the conversation
    for (const QJsonValue entry : archive["log"_L1]["entries"_L1].toArray()) {
        if (!entry["request"_L1]["url"_L1].toString().endsWith(u"/echo"_s))
            continue;
        QCOMPARE(entry["response"_L1]["status"_L1].toInt(), 101);
        for (const QJsonValue message : entry["_webSocketMessages"_L1].toArray())
            echoed << message["type"_L1].toString() + u' ' + message["data"_L1].toString();
    }
    QCOMPARE(echoed.count(u"send keep me, \"quoted\""_s), 2);
    QCOMPARE(echoed.count(u"receive keep me, \"quoted\""_s), 2);
    // Opened, it shows as a capture does; both ends of the conversation are connections of their own there, the
    // HAR not saying they are one.
    QVERIFY2(m_window->openCapture(har.fileName(), &error), qPrintable(error));
    QVERIFY(m_window->isShowingCapture());
    QCOMPARE(rowsWithPayload(u"keep me, \"quoted\""_s).size(), 4);
    QFile damagedHar(dir.filePath(u"damaged.har"_s));
    QVERIFY(damagedHar.open(QIODevice::WriteOnly));
    damagedHar.write(R"({"log": {"entries": [{"startedDateTime": "yesterday"}]}})");
    damagedHar.close();
    QVERIFY2(m_window->openCapture(damagedHar.fileName(), &error), qPrintable(error));
    QCOMPARE(m_window->statusBar()->currentMessage(),
        u"1 damaged part of damaged.har could not be read and was skipped: entry 1: its startedDateTime is not a "
        "date"_s);
    m_window->showLiveTraffic();

    // Opening replaces what the monitor shows with the file's records.
    QVERIFY2(m_window->openCapture(capture, &error), qPrintable(error));
    QCOMPARE(rowsWithPayload(u"keep me, \"quoted\""_s).size(), 2);

    QFile bad(dir.filePath(u"bad.jsonl"_s));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not a capture\n");
    bad.close();
    QVERIFY(!m_window->openCapture(bad.fileName(), &error));
    QVERIFY(error.contains(u"line 1"_s));

    // A damaged file shows what could be read and says how much could not.
    QFile original(capture);
    QVERIFY(original.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = original.readAll().split('\n');
    lines.insert(2, "{\"t\":garbage");
    lines.insert(4, QByteArray("\xff\xfe", 2));
    QFile damaged(dir.filePath(u"damaged.jsonl"_s));
    QVERIFY(damaged.open(QIODevice::WriteOnly));
    damaged.write(lines.join('\n'));
    damaged.close();
    QVERIFY2(m_window->openCapture(damaged.fileName(), &error), qPrintable(error));
    QCOMPARE(rowsWithPayload(u"keep me, \"quoted\""_s).size(), 2);
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(
                 u"2 damaged lines of damaged.jsonl could not be read and were skipped; the first: line 3:"_s),
        qPrintable(m_window->statusBar()->currentMessage()));
    m_window->showLiveTraffic();
    QVERIFY(m_window->statusBar()->currentMessage().isEmpty());
}

void tst_MainWindow::pausingHoldsTheMonitorAndLosesNothing()
{
    openClientOnEcho();
    ClientPanel *client = m_window->clientPanel();
    QAction *pause = menuAction(MainWindow::tr("&Pause Live Traffic"));
    QVERIFY(pause);
    const auto rows = [this](const QString &text) {
        m_window->frames()->flush();
        return rowsWithPayload(text).size();
    };
    pause->trigger();
    QVERIFY(pause->isChecked());
    QVERIFY(m_window->statusText().contains(u"paused: live traffic waits"_s));
    QVERIFY(client->sendText(u"while paused"_s));
    QVERIFY(waitUntil([client] { return client->log()->toPlainText().contains(u"← text: while paused"_s); }));
    QTest::qWait(300); // a batch or two of records would have come
    QCOMPARE(rows(u"while paused"_s), 0);

    // A capture shown and left meanwhile does not resume it.
    QTemporaryDir dir;
    const QString capture = dir.filePath(u"empty.jsonl"_s);
    QVERIFY(m_window->saveCapture(capture));
    QVERIFY(m_window->openCapture(capture));
    m_window->showLiveTraffic();
    QTest::qWait(300);
    QCOMPARE(rows(u"while paused"_s), 0);

    pause->trigger(); // resumed: what waited comes, the message and its echo
    QVERIFY(!m_window->statusText().contains(u"paused"_s));
    QVERIFY(waitUntil([&] { return rows(u"while paused"_s) == 2; }));
}

void tst_MainWindow::theChosenConnectionsTrafficIsInTheStatusBar()
{
    openClientOnEcho();
    QVERIFY(m_window->clientPanel()->sendText(u"count me"_s));
    QVERIFY(waitUntil([this] { return rowsWithPayload(u"count me"_s).size() == 2; }));
    const QAbstractItemModel *table = m_window->monitor()->frames()->table()->model();
    const quint64 clientEnd
        = table->index(rowsWithPayload(u"count me"_s).first(), 0).data(FrameLogModel::ConnectionRole).toULongLong();
    QVERIFY(!m_window->statusText().contains(u"#%1:"_s.arg(clientEnd))); // all connections: none of them
    m_window->monitor()->pickConnection(clientEnd);
    QVERIFY2(waitUntil([&] { return m_window->statusText().contains(u"#%1: ↑ 1 · 8 B  ↓ 1 · 8 B"_s.arg(clientEnd)); }),
        qPrintable(m_window->statusText()));
}

void tst_MainWindow::liveTrafficWaitsWhileACaptureIsShown()
{
    openClientOnEcho();
    ClientPanel *client = m_window->clientPanel();
    const auto rows = [this](const QString &text) { return rowsWithPayload(text).size(); };
    QVERIFY(client->sendText(u"before"_s));
    QVERIFY(waitUntil([&] { return rows(u"before"_s) == 2; }));
    const QAbstractItemModel *table = m_window->monitor()->frames()->table()->model();
    const auto connectionOf
        = [table](int row) { return table->index(row, FrameLogModel::ConnectionColumn).data().toString(); };
    const QString clientEnd = connectionOf(rowsWithPayload(u"before"_s).first());
    QVERIFY2(clientEnd.endsWith(u" client 1"_s), qPrintable(clientEnd));
    QTemporaryDir dir;
    const QString capture = dir.filePath(u"before.jsonl"_s);
    QString error;
    QVERIFY2(m_window->saveCapture(capture, &error), qPrintable(error));
    QVERIFY2(m_window->openCapture(capture, &error), qPrintable(error));
    QVERIFY(m_window->isShowingCapture());
    QVERIFY(m_window->statusText().contains(u"live traffic waits"_s));

    // Live traffic goes on but does not mix into the file's records.
    QVERIFY(client->sendText(u"while the file is shown"_s));
    QVERIFY(
        waitUntil([client] { return client->log()->toPlainText().contains(u"← text: while the file is shown"_s); }));
    QTest::qWait(int(4 * NetworkThread::batchInterval.count()));
    QCOMPARE(rows(u"while the file is shown"_s), 0);
    QCOMPARE(rows(u"before"_s), 2);

    // Back to live: what waited arrives, and the file's records are gone. The conversation is still known as one
    // with our client at its end, though the file had connections of the same numbers.
    m_window->showLiveTraffic();
    QVERIFY(!m_window->isShowingCapture());
    QVERIFY(waitUntil([&] { return rows(u"while the file is shown"_s) == 2; }));
    QTest::qWait(int(2 * NetworkThread::batchInterval.count()));
    const QList<int> shown = rowsWithPayload(u"while the file is shown"_s);
    QCOMPARE(shown.size(), 2);
    QCOMPARE(connectionOf(shown.first()), clientEnd);
    QCOMPARE(connectionOf(shown.last()), clientEnd);
    QCOMPARE(rows(u"before"_s), 0);
}

void tst_MainWindow::openingAsksBeforeUnsavedTrafficGoes()
{
    openClientOnEcho();
    QVERIFY(m_window->clientPanel()->sendText(u"not saved yet"_s));
    QVERIFY(waitUntil([this] { return rowsWithPayload(u"not saved yet"_s).size() == 2; }));
    QAction *open = menuAction(u"&Open Capture…"_s);
    QVERIFY(open);
    // Whatever modal comes up is noted and dismissed: Cancel on the question, Escape on a file dialog.
    QStringList shown;
    QTimer dismiss;
    connect(&dismiss, &QTimer::timeout, this, [&shown] {
        QWidget *modal = QApplication::activeModalWidget();
        if (auto *box = qobject_cast<QMessageBox *>(modal)) {
            shown << box->text();
            box->button(QMessageBox::Cancel)->click();
        } else if (auto *dialog = qobject_cast<QDialog *>(modal)) {
            shown << u"file dialog"_s;
            dialog->reject();
        }
    });
    dismiss.start(20);
    open->trigger();
    QCOMPARE(shown.size(), 1);
    QVERIFY2(shown.first().contains(u"never saved"_s), qPrintable(shown.first()));
    QVERIFY(!m_window->isShowingCapture());
    QVERIFY(rowsWithPayload(u"not saved yet"_s).size() == 2); // Cancel kept it all

    // Once saved, opening goes straight to the file dialog.
    QTemporaryDir dir;
    QVERIFY(m_window->saveCapture(dir.filePath(u"saved.jsonl"_s)));
    shown.clear();
    open->trigger();
    QCOMPARE(shown, QStringList {u"file dialog"_s});
}

// Clearing the monitor with traffic never saved asks first: Cancel keeps it, Discard clears it; once saved, it
// clears at once.
void tst_MainWindow::clearingAsksBeforeUnsavedTrafficGoes()
{
    openClientOnEcho();
    QVERIFY(m_window->clientPanel()->sendText(u"not saved yet"_s));
    QVERIFY(waitUntil([this] { return rowsWithPayload(u"not saved yet"_s).size() == 2; }));
    QAction *clear = menuAction(MainWindow::tr("&Clear Monitor"));
    QVERIFY(clear);

    m_answers.answerWith(QMessageBox::tr("Cancel"));
    clear->trigger();
    QCOMPARE(m_answers.questions().size(), 1);
    QVERIFY2(m_answers.questions().first().contains(u"never saved"_s), qPrintable(m_answers.questions().first()));
    QCOMPARE(rowsWithPayload(u"not saved yet"_s).size(), 2);

    m_answers.answerWith(u"Discard"_s);
    clear->trigger();
    QCOMPARE(m_answers.questions().size(), 2);
    QVERIFY(rowsWithPayload(u"not saved yet"_s).isEmpty());

    QVERIFY(m_window->clientPanel()->sendText(u"saved"_s));
    // The connection outlived the clear: still known as one conversation, it shows from the client's end only.
    QVERIFY(waitUntil([this] { return rowsWithPayload(u"saved"_s).size() == 2; }));
    QTest::qWait(int(2 * NetworkThread::batchInterval.count()));
    QCOMPARE(rowsWithPayload(u"saved"_s).size(), 2);
    QTemporaryDir dir;
    QVERIFY(m_window->saveCapture(dir.filePath(u"saved.jsonl"_s)));
    clear->trigger(); // nothing arrived since the save: the answer is on disk
    QCOMPARE(m_answers.questions().size(), 2);
    QVERIFY(rowsWithPayload(u"saved"_s).isEmpty());
}

void tst_MainWindow::composerSendsHexAndFiles()
{
    openClientOnEcho();
    ClientPanel *client = m_window->clientPanel();
    const auto logShows = [client](const QString &line) {
        return waitUntil([&] { return client->log()->toPlainText().contains(line); });
    };
    // Ctrl+Enter sends from the composer; Ctrl+F goes to the monitor's payload search.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get())); // shortcuts go to the window with the focus
    auto *text = qobject_cast<QPlainTextEdit *>(client->composer()->currentWidget());
    QVERIFY(text);
    text->setFocus();
    text->setPlainText(u"sent with the keyboard"_s);
    QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(logShows(u"← text: sent with the keyboard"_s));
    QAction *find = menuAction(u"&Find in Payloads"_s);
    QVERIFY(find);
    QCOMPARE(find->shortcut(), QKeySequence(QKeySequence::Find));
    find->trigger();
    const auto *search = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(search && m_window->monitor()->frames()->isAncestorOf(search));
    QCOMPARE(search->placeholderText(), FramesPanel::tr("Search payloads"));

    client->composer()->setCurrentIndex(1);
    auto *hex = qobject_cast<QPlainTextEdit *>(client->composer()->currentWidget());
    QVERIFY(hex);
    hex->setPlainText(u"de ad zz"_s);
    client->sendButton()->click();
    QVERIFY(logShows(u"\"z\" is not a hex digit"_s));
    hex->setPlainText(u"de:ad be ef"_s);
    client->sendButton()->click();
    QVERIFY(logShows(u"← binary, 4 bytes: de ad be ef"_s));

    // A megabyte file goes as one binary message, with progress, and comes back whole.
    QTemporaryDir dir;
    QFile file(dir.filePath(u"payload.bin"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QByteArray bytes(1 << 20, Qt::Uninitialized);
    for (qsizetype i = 0; i < bytes.size(); ++i)
        bytes[i] = char(i % 251);
    file.write(bytes);
    file.close();
    client->composer()->setCurrentIndex(2);
    auto *path = client->composer()->currentWidget()->findChild<QLineEdit *>();
    QVERIFY(path);
    path->setText(dir.filePath(u"missing.bin"_s));
    client->sendButton()->click();
    QVERIFY(logShows(u"cannot read "_s + dir.filePath(u"missing.bin"_s)));
    path->setText(file.fileName());
    client->sendButton()->click();
    QVERIFY(logShows(u"→ file sent, 1048576 bytes"_s));
    QVERIFY(logShows(u"← binary, 1048576 bytes: 00 01 02 03"_s));
    auto *progress = client->findChild<QProgressBar *>();
    QCOMPARE(progress->value(), progress->maximum());
    QVERIFY(progress->isHidden());
}

// The person's own {{name}}s are filled in the URL, a header and a text message as they go; remembered as typed.
void tst_MainWindow::ownVariablesFillTheUrlHeadersAndMessages()
{
    ClientPanel *client = m_window->clientPanel();
    QCOMPARE(client->setVariables(u"port\nnot a name = 1"_s).size(), 2); // refused whole: nothing changes
    QCOMPARE(client->variables(), QString());
    QVERIFY(client->setVariables(u"port = %1\ngreeting = hello\nwho = Duplex tests"_s.arg(m_room->port())).isEmpty());
    client->urlField()->setCurrentText(u"ws://127.0.0.1:{{port}}/echo"_s);
    client->headersField()->setPlainText(u"X-Who: {{who}}"_s);
    for (QPushButton *button : client->findChildren<QPushButton *>()) {
        if (button->text() == ClientPanel::tr("&Connect"))
            button->click();
    }
    QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Open; }));
    QVERIFY(waitUntil([this] {
        const QList<HandshakeExchanged> handshakes = Test::eventsOf<HandshakeExchanged>(*m_log);
        return std::any_of(handshakes.cbegin(), handshakes.cend(),
            [](const HandshakeExchanged &h) { return h.request.contains("\r\nX-Who: Duplex tests\r\n"); });
    }));
    qobject_cast<QPlainTextEdit *>(client->composer()->currentWidget())->setPlainText(u"{{greeting}} {{$counter}}"_s);
    client->sendButton()->click();
    QVERIFY(waitUntil([client] { return client->log()->toPlainText().contains(u"← text: hello 1"_s); }));
    QCOMPARE(client->urlField()->currentText(), u"ws://127.0.0.1:{{port}}/echo"_s);
    QVERIFY(QSettings().value(u"client/variables"_s).toString().contains(u"greeting = hello"_s)); // for next time
}

// A rule answers a message by itself; one that answers itself (on /echo) is held to its rate, and says so.
void tst_MainWindow::autoRepliesAnswerAndCannotRunAway()
{
    ClientPanel *client = m_window->clientPanel();
    QCOMPARE(client->setAutoReplies(u"no arrow"_s).size(), 1);
    QVERIFY(client->setAutoReplies(u"/^knock (\\w+)$/ => who is there, \\1? {{$counter}}\nloop => loop"_s).isEmpty());
    openClientOnEcho();
    const auto sent = [client](const QString &line) {
        return client->log()->toPlainText().count(u"→ text (auto-reply): "_s + line);
    };
    QVERIFY(client->sendText(u"knock ada"_s));
    QVERIFY(waitUntil([&] { return sent(u"who is there, ada? 1"_s) == 1; }));
    QVERIFY(waitUntil([client] { return client->log()->toPlainText().contains(u"← text: who is there, ada? 1"_s); }));

    // The echo's "loop" answered by "loop", echoed again, …: within the second's allowance, then a pause that
    // breaks the round, since nothing more goes out to come back.
    QVERIFY(client->sendText(u"loop"_s));
    QVERIFY(waitUntil(
        [client] { return client->log()->toPlainText().contains(u"go unanswered for the rest of this second"_s); }));
    const int loops = sent(u"loop"_s);
    QVERIFY2(loops > 0 && loops <= ClientPanel::maxAutoRepliesPerSecond, qPrintable(QString::number(loops)));
    QTest::qWait(1200);
    QCOMPARE(sent(u"loop"_s), loops);
}

void tst_MainWindow::composerRepeatsAtAnInterval()
{
    openClientOnEcho();
    ClientPanel *client = m_window->clientPanel();
    qobject_cast<QPlainTextEdit *>(client->composer()->currentWidget())->setPlainText(u"tick {{$counter}}"_s);
    client->repeatInterval()->setValue(0.2);
    const auto ticks = [client] { return client->log()->toPlainText().count(u"→ text: tick"_s); };
    client->repeatBox()->setChecked(true);
    QCOMPARE(ticks(), 0); // the first after one interval
    QVERIFY(waitUntil([&] { return ticks() >= 3; }, 5000));
    // Each with its number, filled in as it went; remembered as typed.
    const QStringList lines = client->log()->toPlainText().split(u'\n');
    for (const QString &line : {u"→ text: tick 1"_s, u"→ text: tick 3"_s, u"← text: tick 2"_s}) {
        QVERIFY2(std::any_of(lines.cbegin(), lines.cend(), [&line](const QString &l) { return l.endsWith(line); }),
            qPrintable(line));
    }
    QCOMPARE(client->composerMemory().history().constLast().body, u"tick {{$counter}}"_s);

    // Nothing while closed, and no error each time; again once open.
    for (QPushButton *button : client->findChildren<QPushButton *>()) {
        if (button->text() == ClientPanel::tr("&Disconnect"))
            button->click();
    }
    QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Closed; }));
    QTest::qWait(100);
    const QString whileClosed = client->log()->toPlainText();
    QTest::qWait(700);
    QCOMPARE(client->log()->toPlainText(), whileClosed);
    const int before = ticks();
    openClientOnEcho();
    QVERIFY(waitUntil([&] { return ticks() > before; }, 5000));

    // Unticked, it stops.
    client->repeatBox()->setChecked(false);
    const int last = ticks();
    QTest::qWait(700);
    QCOMPARE(ticks(), last);
}

void tst_MainWindow::composerRemembersAndFormats()
{
    openClientOnEcho();
    ClientPanel *client = m_window->clientPanel();
    auto *text = qobject_cast<QPlainTextEdit *>(client->composer()->currentWidget());
    for (const QString &message : {u"first"_s, u"second"_s}) {
        text->setPlainText(message);
        client->sendButton()->click();
    }
    QVERIFY(waitUntil([client] { return client->log()->toPlainText().contains(u"← text: second"_s); }));

    // ↑ and ↓ walk what was sent, and come back to the draft.
    text->setPlainText(u"draft"_s);
    const auto press = [text](Qt::Key key) {
        QTest::keyClick(text, key);
        return text->toPlainText();
    };
    QCOMPARE(press(Qt::Key_Up), u"second"_s);
    QCOMPARE(press(Qt::Key_Up), u"first"_s);
    QCOMPARE(press(Qt::Key_Down), u"second"_s);
    QCOMPARE(press(Qt::Key_Down), u"draft"_s);

    // Format JSON indents it, or says why it cannot.
    text->setPlainText(uR"({"type":"message","text":"hi","tags":[1,2]})"_s);
    QVERIFY(client->formatJson());
    QVERIFY(text->toPlainText().contains(u"{\n    \"tags\": [\n        1,"_s));
    text->setPlainText(u"{not json"_s);
    QVERIFY(!client->formatJson());
    QVERIFY(client->log()->toPlainText().contains(u"Not JSON: "_s));
    QCOMPARE(text->toPlainText(), u"{not json"_s); // untouched

    // A message saved under a name is there in the next window.
    text->setPlainText(u"hello, saved"_s);
    client->saveComposed(u"greeting"_s);
    text->clear();
    MainWindow fresh(*m_log, *m_network, *m_room, *m_labRoom, m_trust);
    QVERIFY(fresh.clientPanel()->loadSaved(u"greeting"_s));
    QCOMPARE(qobject_cast<QPlainTextEdit *>(fresh.clientPanel()->composer()->currentWidget())->toPlainText(),
        u"hello, saved"_s);
    QVERIFY(!fresh.clientPanel()->loadSaved(u"nothing by that name"_s));

    // Replacing or deleting a saved message asks first; Cancel keeps it as it was.
    text->setPlainText(u"hello again"_s);
    m_answers.answerWith(QMessageBox::tr("Cancel"));
    QVERIFY(!client->saveComposed(u"greeting"_s));
    QCOMPARE(m_answers.questions(), QStringList {u"Replace the message saved as \"greeting\"?"_s});
    QCOMPARE(client->composerMemory().saved(u"greeting"_s)->body, u"hello, saved"_s);
    m_answers.answerWith(ClientPanel::tr("&Replace"));
    QVERIFY(client->saveComposed(u"greeting"_s));
    QCOMPARE(client->composerMemory().saved(u"greeting"_s)->body, u"hello again"_s);
    m_answers.answerWith(QMessageBox::tr("Cancel"));
    QVERIFY(!client->deleteSaved(u"greeting"_s));
    QVERIFY(client->composerMemory().saved(u"greeting"_s));
    m_answers.answerWith(ClientPanel::tr("&Delete"));
    QVERIFY(client->deleteSaved(u"greeting"_s));
    QVERIFY(!client->composerMemory().saved(u"greeting"_s));
    QCOMPARE(m_answers.questions().size(), 4);
    QCOMPARE(m_answers.questions().last(), u"Delete the message saved as \"greeting\"?"_s);
}

void tst_MainWindow::untrustedCertificateAsksFirst()
{
    const Test::SelfSignedCertificate files(u"duplex-gui-test"_s);
    QVERIFY(files.isValid());
    Test::PythonServer server;
    QVERIFY(server.start(files.serverArguments()));

    // The person reads the certificate; Cancel leaves the session closed, "Trust once" connects.
    QString asked;
    QString choice = u"Cancel"_s;
    QTimer answer;
    connect(&answer, &QTimer::timeout, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        asked = box->text();
        for (QAbstractButton *button : box->buttons()) {
            if (button->text().remove(u'&') == choice)
                button->click();
        }
    });
    answer.start(20);
    ClientPanel *client = m_window->clientPanel();
    const QUrl url(u"wss://127.0.0.1:%1/"_s.arg(server.port()));
    QVERIFY(client->connectTo(url));
    QVERIFY(waitUntil([&asked] { return !asked.isEmpty(); }, 10'000));
    QVERIFY2(asked.contains(u"Subject: duplex-gui-test"_s) && asked.contains(u"SHA-256: "_s), qPrintable(asked));
    const QDate today = QDate::currentDate(); // the test's certificate is made today, for days to come
    QVERIFY2(asked.contains(u"Valid from "_s + QLocale().toString(today, QLocale::LongFormat)), qPrintable(asked));
    QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Closed; }));
    QVERIFY(client->log()->toPlainText().contains(u"did not verify"_s));

    asked.clear();
    choice = u"Trust once"_s;
    QVERIFY(client->connectTo(url));
    QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Open; }, 10'000));
    QVERIFY(!asked.isEmpty());
    QVERIFY(client->sendText(u"over TLS"_s));
    QVERIFY(waitUntil([client] { return client->log()->toPlainText().contains(u"← text: over TLS"_s); }));
}

void tst_MainWindow::messageWhileAwayNotifies()
{
    QSignalSpy away(m_window->chatPanel(), &ChatPanel::messageWhileAway);
    Test::JsonClient member;
    QVERIFY(member.join(roomUrl(u"/chat")));
    QTextBrowser *view = m_window->chatPanel()->view();

    QTabWidget *tabs = m_window->tabs();
    tabs->setCurrentIndex(1);
    QCOMPARE(tabs->tabText(1), u"Chat"_s);
    QApplication::setActiveWindow(m_window.get()); // the person is looking: no notification
    member.sendText(u"seen here"_s);
    QVERIFY(waitUntil([view] { return view->toPlainText().contains(u"seen here"_s); }));
    QCOMPARE(away.size(), 0);

    QWidget elsewhere;
    elsewhere.show();
    QApplication::setActiveWindow(&elsewhere);
    QVERIFY(!m_window->isActiveWindow());
    member.sendText(u"while you were away"_s);
    QVERIFY(waitUntil([&away] { return away.size() == 1; }));
    QCOMPARE(away.first().at(1).toString(), u"while you were away"_s);
    QVERIFY(!away.first().at(0).toString().isEmpty()); // the member's nickname
    QCOMPARE(away.first().at(2).toBool(), false);      // to everyone

    // Unseen messages are counted on the Chat tab until it is seen in the active window.
    QCOMPARE(tabs->tabText(1), u"Chat (1)"_s);
    QApplication::setActiveWindow(m_window.get());
    tabs->setCurrentIndex(0);
    member.sendText(u"on another tab"_s);
    QVERIFY(waitUntil([tabs] { return tabs->tabText(1) == u"Chat (1)"_s; }));
    tabs->setCurrentIndex(1);
    QCOMPARE(tabs->tabText(1), u"Chat"_s);
}

void tst_MainWindow::fragmentsShowTheirMessage()
{
    const auto raw = Test::openSilentWebSocket(m_room->port(), "/echo", 0);
    QVERIFY(raw);
    raw->write(Test::maskedFrame(0x01, "frag-one ")); // text, FIN clear
    raw->write(Test::maskedFrame(0x00, "two "));      // continuation
    raw->write(Test::maskedFrame(0x80, "three"));     // continuation, FIN
    QVERIFY(waitUntil([this] {
        return rowsWithPayload(u"three"_s).size() == 1 && rowsWithPayload(u"frag-one two three"_s).size() == 1;
    }));
    FramesPanel *panel = m_window->monitor()->frames();
    const QList<int> middle = rowsWithPayload(u"two "_s);
    QCOMPARE(middle.size(), 1);
    panel->table()->setCurrentIndex(panel->table()->model()->index(middle.constFirst(), 0));
    const QString details = panel->details()->toPlainText();
    QVERIFY2(details.contains(u"FIN      0  (more follow)"_s), qPrintable(details));
    QVERIFY(details.contains(u"opcode   0x0  continuation"_s));
    QVERIFY(details.contains(u"fragment 2 of 3 of one message of 18 bytes"_s));
    QCOMPARE(panel->message()->text()->toPlainText(), u"frag-one two three"_s); // the message, whole
}

void tst_MainWindow::refusedHandshakesStayListed()
{
    QCOMPARE(Test::statusOf(Test::httpExchange(m_room->port(), Test::upgradeRequest("/nowhere"))), 404);
    QCOMPARE(Test::statusOf(Test::httpExchange(m_room->port(),
                 "GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Version: 13\r\n\r\n")),
        400);
    HandshakePanel *handshakes = m_window->monitor()->handshakes();
    QAbstractItemModel *table = handshakes->table()->model();
    const auto rowWithResult = [table](const QString &prefix) {
        for (int row = 0; row < table->rowCount(); ++row) {
            if (table->index(row, ConnectionListModel::ResultColumn).data().toString().startsWith(prefix))
                return row;
        }
        return -1;
    };
    QVERIFY(waitUntil([&] { return rowWithResult(u"404 "_s) >= 0 && rowWithResult(u"400 "_s) >= 0; }));
    const int notFound = rowWithResult(u"404 "_s);
    QCOMPARE(table->index(notFound, ConnectionListModel::PathColumn).data().toString(), u"/nowhere"_s);
    handshakes->table()->setCurrentIndex(table->index(notFound, 0));
    QVERIFY2(handshakes->acceptCheck()->text().startsWith(u"Answered 404 without upgrading"_s),
        qPrintable(handshakes->acceptCheck()->text()));
    QVERIFY(handshakes->heads()->topLevelItemCount() >= 1);
    QVERIFY(handshakes->heads()->topLevelItem(0)->text(1).startsWith(u"GET /nowhere"_s));
    handshakes->table()->setCurrentIndex(table->index(rowWithResult(u"400 "_s), 0));
    QVERIFY(handshakes->acceptCheck()->text().contains(u"Sec-WebSocket-Key"_s));
}

void tst_MainWindow::plainHttpMembersShowInTheMonitor()
{
    const QByteArray joined = Test::httpExchange(
        m_room->port(), "POST /chat/join HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QCOMPARE(Test::statusOf(joined), 200);
    QVERIFY(waitUntil([this] {
        const QList<RoomMember> members = m_room->members();
        return std::any_of(
            members.cbegin(), members.cend(), [](const RoomMember &m) { return m.transport == u"long-poll"; });
    }));

    // The handshake panel lists the HTTP connection with its answer, and says it is plain HTTP.
    HandshakePanel *handshakes = m_window->monitor()->handshakes();
    QAbstractItemModel *connections = handshakes->table()->model();
    int joinRow = -1;
    QVERIFY(waitUntil([&] {
        for (int row = 0; row < connections->rowCount(); ++row) {
            if (connections->index(row, ConnectionListModel::PathColumn).data().toString() == u"/chat/join")
                joinRow = row;
        }
        return joinRow >= 0;
    }));
    QVERIFY(connections->index(joinRow, ConnectionListModel::ResultColumn).data().toString().startsWith(u"200"_s));
    handshakes->table()->setCurrentIndex(connections->index(joinRow, 0));
    QVERIFY2(handshakes->acceptCheck()->text().startsWith(u"Plain HTTP, answered 200"_s),
        qPrintable(handshakes->acceptCheck()->text()));

    // The answer's body, the hello, is a row of the frame table, carried by HTTP.
    QAbstractItemModel *frames = m_window->monitor()->frames()->table()->model();
    QVERIFY(waitUntil([frames] {
        for (int row = 0; row < frames->rowCount(); ++row) {
            if (frames->index(row, FrameLogModel::CarrierColumn).data().toString() == u"HTTP"
                && frames->index(row, 0).data(FrameLogModel::PayloadTextRole).toString().contains(u"\"hello\""))
                return true;
        }
        return false;
    }));

    // What the member sends on a connection of its own is named by its nickname, as the join is.
    const QJsonObject hello = QJsonDocument::fromJson(joined.sliced(HttpHead::headLength(joined))).object();
    const QString nick = hello.value(u"you").toString();
    QVERIFY(!nick.isEmpty());
    QCOMPARE(Test::statusOf(Test::httpExchange(m_room->port(),
                 "POST /chat/send HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer "
                     + hello.value(u"session").toString().toUtf8() + "\r\nContent-Length: 2\r\n\r\nhi")),
        204);
    const auto whoSent = [connections] {
        for (int row = 0; row < connections->rowCount(); ++row) {
            if (connections->index(row, ConnectionListModel::PathColumn).data().toString() == u"/chat/send")
                return connections->index(row, ConnectionListModel::WhoColumn).data().toString();
        }
        return QString();
    };
    QVERIFY(waitUntil([&] { return whoSent() == nick; }));
    QCOMPARE(connections->index(joinRow, ConnectionListModel::WhoColumn).data().toString(), nick);
}

// An http:// URL is an event stream: the room's, as any server's. Its events reach the log (of the chosen types, when
// asked) and the monitor, beside the room's own record of the same events; the composer has nothing to send on it.
void tst_MainWindow::clientPanelReadsAnEventStream()
{
    ClientPanel *client = m_window->clientPanel();
    QVERIFY(client->connectTo(QUrl(u"http://127.0.0.1:%1/chat/events"_s.arg(m_room->port()))));
    QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Open; }));
    QVERIFY(!client->sendButton()->isEnabled());
    QVERIFY(!client->composer()->isEnabled());
    QVERIFY(waitUntil([client] { return client->log()->toPlainText().contains(u"← event hello #"_s); }));
    QVERIFY(client->log()->toPlainText().contains(u"Open: 200, text/event-stream"_s));

    Test::JsonClient ann;
    QVERIFY(ann.open(roomUrl(u"/chat")));
    ann.sendJson({{u"type"_s, u"message"_s}, {u"text"_s, u"hi, stream"_s}});
    QVERIFY(waitUntil([client] {
        const QString log = client->log()->toPlainText();
        return log.contains(u"← event message #"_s) && log.contains(u"\"text\":\"hi, stream\""_s);
    }));

    // The stream in the monitor, once: the client's end of the room's conversation.
    QAbstractItemModel *frames = m_window->monitor()->frames()->table()->model();
    const auto streamRows = [&](const QString &text) {
        m_window->frames()->flush();
        int rows = 0;
        for (int row = 0; row < frames->rowCount(); ++row) {
            rows += frames->index(row, FrameLogModel::CarrierColumn).data().toString() == u"SSE"
                && frames->index(row, FrameLogModel::PayloadColumn).data().toString().contains(text);
        }
        return rows;
    };
    QVERIFY(waitUntil([&] { return streamRows(u"hi, stream"_s) == 1; }));

    // Only the types asked for reach the log; the monitor still has every event.
    client->eventTypes()->setText(u"nick, leave"_s);
    ann.sendJson({{u"type"_s, u"message"_s}, {u"text"_s, u"filtered out"_s}});
    ann.sendJson({{u"type"_s, u"nick"_s}, {u"nick"_s, u"annie"_s}});
    QVERIFY(waitUntil([client] { return client->log()->toPlainText().contains(u"← event nick"_s); }));
    QVERIFY(waitUntil([&] { return streamRows(u"filtered out"_s) == 1; }));
    QVERIFY(!client->log()->toPlainText().contains(u"filtered out"_s));

    QVERIFY(clickDisconnect(client));
    QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Closed; }));
}

// With an http:// URL and polls chosen, the client is a member of the room over long or short polls: it hears the
// room and says things in it; hex and files, ping and close are WebSocket's.
void tst_MainWindow::clientPanelJoinsWithPolls()
{
    ClientPanel *client = m_window->clientPanel();
    const QUrl room(u"http://127.0.0.1:%1/chat"_s.arg(m_room->port()));
    QTextBrowser *chat = m_window->chatPanel()->view();
    for (const int transport : {1, 2}) { // long polls, short polls
        client->httpTransport()->setCurrentIndex(transport);
        client->pollInterval()->setValue(0.2);
        QVERIFY(client->connectTo(room));
        QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Open; }));
        QVERIFY(client->sendButton()->isEnabled());
        QVERIFY(!client->composer()->isTabEnabled(1)); // hex
        QVERIFY(waitUntil([client] { return client->log()->toPlainText().contains(u"\"type\":\"hello\""_s); }));
        const QString said = transport == 1 ? u"said over long polls"_s : u"said over short polls"_s;
        QVERIFY(client->sendText(said));
        QVERIFY(waitUntil([&] { return chat->toPlainText().contains(said); }));
        // The room's answer comes back through the polls too.
        QVERIFY(waitUntil([&] { return client->log()->toPlainText().contains(u"\"text\":\"%1\""_s.arg(said)); }));
        client->log()->clear();
        QVERIFY(clickDisconnect(client));
        QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Closed; }));
    }
}

void tst_MainWindow::heartbeatLinePerPingingSide()
{
    // Both ends of connection 99 ping: two lines, one round trip each, not one line zigzagging between them.
    const auto control = [](Direction direction, quint8 opcode, QByteArray payload) {
        Frame frame;
        frame.direction = direction;
        frame.opcode = opcode;
        frame.payload = std::move(payload);
        return TrafficRecord {-1, 99, frame};
    };
    m_log->append(control(Direction::ServerToClient, Opcode::ping, "s"));
    m_log->append(control(Direction::ClientToServer, Opcode::ping, "c"));
    m_log->append(control(Direction::ClientToServer, Opcode::pong, "s"));
    m_log->append(control(Direction::ServerToClient, Opcode::pong, "c"));
    QMap<QString, int> pointsPerLine;
    const QChart *chart = m_window->monitor()->heartbeat()->findChild<QChartView *>()->chart();
    for (const QAbstractSeries *series : chart->series()) {
        if (const auto *line = qobject_cast<const QLineSeries *>(series); line && line->name().startsWith(u"#99 "_s))
            pointsPerLine[line->name()] = int(line->count());
    }
    const QMap<QString, int> expected {{u"#99 server pings"_s, 1}, {u"#99 client pings"_s, 1}};
    QCOMPARE(pointsPerLine, expected);
}

void tst_MainWindow::aboutNamesTheVersion()
{
    QString shown;
    QTimer::singleShot(0, this, [&shown] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            shown = box->text();
            box->accept();
        }
    });
    QAction *about = menuAction(u"&About Duplex"_s);
    QVERIFY(about);
    about->trigger();
    QVERIFY2(shown.contains(u"Duplex " DUPLEX_VERSION ""_s), qPrintable(shown));
}

// The page's address, to copy or to scan with a phone (on loopback here: tests never share on the LAN).
void tst_MainWindow::joinAddressesWithAQrCode()
{
    const QString page = u"http://127.0.0.1:%1/"_s.arg(m_room->port());
    QStringList shown;
    for (const QLineEdit *field : m_window->hostPanel()->findChildren<QLineEdit *>())
        shown.append(field->text());
    QVERIFY(shown.contains(page));
    QVERIFY(shown.contains(roomUrl(u"/chat").toString()));
    const auto *code = m_window->hostPanel()->findChild<QLabel *>(u"qrCode"_s);
    QVERIFY(code);
    QCOMPARE(Test::readQrCode(code->pixmap().toImage()), page);
    const auto *status = m_window->hostPanel()->findChild<QLabel *>(u"status"_s);
    QVERIFY(status && status->text().contains(u"Only this computer can join"));

    m_window->hostPanel()->toggle(); // stopped: no address, no code
    QVERIFY(waitUntil([this] { return m_room->state() == RoomHost::State::Stopped; }));
    QVERIFY(code->pixmap().isNull());
}

// The room is this computer's only until the person ticks "Share on the LAN"; what they tick is remembered for the
// next launch (and for --host). Nothing here binds beyond loopback.
void tst_MainWindow::sharingIsChosenAndRemembered()
{
    m_window->hostPanel()->toggle(); // the choice is made while no room runs
    QVERIFY(waitUntil([this] { return m_room->state() == RoomHost::State::Stopped; }));
    QSettings().remove(u"host/shareOnLan"_s);
    MainWindow fresh(*m_log, *m_network, *m_room, *m_labRoom, m_trust);
    QVERIFY(!fresh.hostPanel()->shareOnLan());
    QCheckBox *share = nullptr;
    for (QCheckBox *box : fresh.hostPanel()->findChildren<QCheckBox *>())
        share = box->text().startsWith(HostPanel::tr("Share on the LAN")) ? box : share;
    QVERIFY(share);
    share->click();
    QVERIFY(MainWindow(*m_log, *m_network, *m_room, *m_labRoom, m_trust).hostPanel()->shareOnLan());
    share->click();
    QVERIFY(!MainWindow(*m_log, *m_network, *m_room, *m_labRoom, m_trust).hostPanel()->shareOnLan());
}

// The Host panel's allowed origins let other pages join; the 403 for the rest names that setting.
void tst_MainWindow::allowedOriginsAreChosenAndRemembered()
{
    QVERIFY(hostAgainWith(u"allowedOrigins"_s, u"http://friend.example, https://other.example"_s));

    const auto upgrade = [this](const char *origin) {
        const QByteArray header = QByteArray("Origin: ") + origin + "\r\n";
        return Test::httpExchange(m_room->port(), Test::upgradeRequest("/chat", header));
    };
    QCOMPARE(Test::statusOf(upgrade("http://friend.example")), 101);
    QCOMPARE(Test::statusOf(upgrade("https://other.example")), 101);
    const QByteArray refused = upgrade("http://stranger.example");
    QCOMPARE(Test::statusOf(refused), 403);
    QVERIFY2(refused.contains("Host panel (Allowed origins)"), refused.constData());

    MainWindow fresh(*m_log, *m_network, *m_room, *m_labRoom, m_trust);
    QCOMPARE(fresh.hostPanel()->allowedOrigins(), u"http://friend.example, https://other.example"_s);
    QSettings().remove(u"host/allowedOrigins"_s);
}

// The Host panel's password: the window's own member joins with it, others are refused without it, the QR code
// carries it after '#', and it is remembered for the next launch.
void tst_MainWindow::aRoomWithAPasswordLetsItsHostIn()
{
    QVERIFY(hostAgainWith(u"password"_s, u"open sesame+1"_s));
    QVERIFY(waitUntil([this] { return m_window->chatPanel()->input()->isEnabled(); })); // the host is in
    HostPanel *host = m_window->hostPanel();

    QCOMPARE(Test::statusOf(Test::httpExchange(m_room->port(), Test::upgradeRequest("/chat"))), 401);
    Test::JsonClient guest;
    QVERIFY(guest.join(QUrl(roomUrl(u"/chat").toString() + u"?password=open+sesame%2B1"_s)));
    // The monitor saw the password in the members' requests: an HTTP Archive to share leaves it out, the one with
    // sensitive data keeps it.
    QVERIFY(menuAction(u"Export Traffic as &HAR (Sanitized)…"_s));
    QVERIFY(menuAction(u"Export Traffic as HAR with &Sensitive Data…"_s));
    QTemporaryDir dir;
    const auto exported = [this, &dir](HarFormat::Sensitive sensitive) {
        const QString path = dir.filePath(u"traffic.har"_s);
        QFile file(path);
        return m_window->exportHar(path, sensitive) && file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    QVERIFY(waitUntil([&] { return exported(HarFormat::Sensitive::Kept).count("sesame") >= 2; })); // host and guest
    QVERIFY(exported(HarFormat::Sensitive::LeftOut).contains("/chat"));
    QVERIFY(!exported(HarFormat::Sensitive::LeftOut).contains("sesame"));
    const auto *code = host->findChild<QLabel *>(u"qrCode"_s);
    QVERIFY(code);
    QCOMPARE(Test::readQrCode(code->pixmap().toImage()),
        u"http://127.0.0.1:%1/#password=open%20sesame%2B1"_s.arg(m_room->port()));

    MainWindow fresh(*m_log, *m_network, *m_room, *m_labRoom, m_trust);
    QCOMPARE(fresh.hostPanel()->password(), u"open sesame+1"_s);
}

// A room hosted here keeps what was said to everyone for the next time, unless the person unticks it; Room ▸ Forget
// Chat History deletes it, after asking, and only while no room holds it open.
void tst_MainWindow::theRoomsHistoryIsKeptUntilForgotten()
{
    HostPanel *host = m_window->hostPanel();
    QVERIFY(host->keepsHistory()); // by default
    const auto historyOfANewcomer = [this] {
        Test::JsonClient newcomer;
        QStringList texts;
        if (const auto hello = newcomer.join(roomUrl(u"/chat"))) {
            for (const QJsonValue &message : hello->value(u"history").toArray())
                texts.append(message.toObject().value(u"text").toString());
        }
        return texts;
    };
    // Once the members that came and went have left: no one besides the window's own is asked about.
    const auto stop = [this, host] {
        return waitUntil([this] { return m_room->members().size() <= 1; }) && host->toggle()
            && waitUntil([this] { return m_room->state() == RoomHost::State::Stopped; });
    };
    const auto restart = [stop, host] { return stop() && host->toggle(); };
    {
        Test::JsonClient ann;
        QVERIFY(ann.join(roomUrl(u"/chat")));
        ann.sendText(u"remember me"_s);
        QVERIFY(ann.nextOfType(u"message"));
    }
    QAction *forget = menuAction(MainWindow::tr("&Forget Chat History…"));
    QVERIFY(forget && !forget->isEnabled()); // the running room holds the file
    QVERIFY(restart());
    QCOMPARE(historyOfANewcomer(), QStringList {u"remember me"_s});

    // A history file that cannot be written is said, until it can again or the room stops.
    const QLabel *problem = host->findChild<QLabel *>(u"historyProblem"_s);
    QVERIFY(problem && problem->isHidden());
    Q_EMIT m_room->historyProblemChanged(u"database or disk is full"_s);
    QVERIFY(!problem->isHidden());
    QVERIFY2(problem->text().contains(u"database or disk is full"_s)
            && problem->text().contains(QDir::toNativeSeparators(MainWindow::roomHistoryFile())),
        qPrintable(problem->text()));
    for (const QString &palette : {u"dark"_s, u"light"_s}) { // in the failure accent, readable either way
        host->setPalette(Test::paletteNamed(palette));
        const QColor ink = problem->palette().color(QPalette::WindowText);
        const double contrast = Contrast::ratio(ink, host->palette().color(QPalette::Window));
        QVERIFY2(contrast >= Contrast::readableRatio, qPrintable(palette + u": "_s + QString::number(contrast)));
        QVERIFY2(ink.hslHue() < 10 || ink.hslHue() > 350, qPrintable(QString::number(ink.hslHue())));
    }
    host->setPalette(QPalette());
    Q_EMIT m_room->historyProblemChanged(QString());
    QVERIFY(problem->isHidden());
    Q_EMIT m_room->historyProblemChanged(u"disk I/O error"_s);
    QVERIFY(stop());
    QVERIFY(problem->isHidden());
    QVERIFY(host->toggle());

    QVERIFY(stop());
    QVERIFY(forget->isEnabled());
    m_answers.answerWith(QMessageBox::tr("Cancel"));
    QVERIFY(!m_window->forgetChatHistory());
    QVERIFY(QFile::exists(MainWindow::roomHistoryFile()));
    m_answers.answerWith(MainWindow::tr("&Delete History"));
    QVERIFY(m_window->forgetChatHistory());
    QVERIFY(m_answers.questions().last().contains(QDir::toNativeSeparators(MainWindow::roomHistoryFile())));
    QVERIFY(!QFile::exists(MainWindow::roomHistoryFile()));
    QVERIFY(host->toggle());
    QCOMPARE(historyOfANewcomer(), QStringList());

    // A damaged file keeps the room from starting, with why and the ways out.
    QVERIFY(stop());
    {
        QFile damaged(MainWindow::roomHistoryFile());
        QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
        damaged.write(QByteArray(4096, '\xff'));
    }
    QVERIFY(!host->toggle());
    QString status;
    for (const QLabel *label : host->findChildren<QLabel *>())
        status = label->text().startsWith(u"The room did not start"_s) ? label->text() : status;
    QVERIFY2(
        status.contains(u"file is not a database"_s) && status.contains(u"Forget Chat History"_s), qPrintable(status));
    QCOMPARE(m_room->state(), RoomHost::State::Stopped);

    // Forgotten, then unticked, and remembered so: nothing is written.
    m_answers.answerWith(MainWindow::tr("&Delete History"));
    QVERIFY(m_window->forgetChatHistory());
    QCheckBox *keep = nullptr;
    for (QCheckBox *box : host->findChildren<QCheckBox *>())
        keep = box->text().startsWith(HostPanel::tr("Keep the chat")) ? box : keep;
    QVERIFY(keep && keep->isEnabled());
    keep->click();
    QVERIFY(!MainWindow(*m_log, *m_network, *m_room, *m_labRoom, m_trust).hostPanel()->keepsHistory());
    QVERIFY(host->toggle());
    Test::JsonClient bob;
    QVERIFY(bob.join(roomUrl(u"/chat")));
    bob.sendText(u"gone with the room"_s);
    QVERIFY(bob.nextOfType(u"message"));
    QVERIFY(!QFile::exists(MainWindow::roomHistoryFile()));
}

// Stopping a room that has members besides you asks first; Cancel keeps it, and a stop closes them with 1001.
void tst_MainWindow::stoppingTheRoomWithMembersAsksFirst()
{
    Test::JsonClient ann;
    QVERIFY(ann.join(roomUrl(u"/chat")));
    QVERIFY(waitUntil([this] { return m_room->members().size() == 2; }));
    QAction *hostOrStop = menuAction(u"&Host or Stop"_s);
    QVERIFY(hostOrStop);

    m_answers.answerWith(QMessageBox::tr("Cancel"));
    hostOrStop->trigger();
    QCOMPARE(m_answers.questions().size(), 1);
    QVERIFY2(m_answers.questions().first().startsWith(u"1 member besides you will be disconnected"_s),
        qPrintable(m_answers.questions().first()));
    QCOMPARE(m_room->state(), RoomHost::State::Running);

    m_answers.answerWith(MainWindow::tr("&Stop the Room"));
    hostOrStop->trigger();
    QVERIFY(waitUntil([this] { return m_room->state() == RoomHost::State::Stopped; }));
    QVERIFY(ann.waitDisconnected());
    QCOMPARE(ann.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    // The window's own membership ends with the room it stopped, rather than waiting for it to come back.
    QPushButton *join = m_window->chatPanel()->joinButton();
    QVERIFY(waitUntil([join] { return join->text() == u"&Join"_s; }));
    QTest::qWait(1000); // past the first delay a rejoin would have waited
    QCOMPARE(join->text(), u"&Join"_s);
    QVERIFY(!m_window->chatPanel()->view()->toPlainText().contains(u"rejoin"_s));
}

// Quitting with members or unsaved traffic asks first, naming both; a quit closes the members with 1001.
void tst_MainWindow::quittingAsksAndClosesMembersWith1001()
{
    const auto statusSays = [this](const QString &members) {
        return waitUntil([&] { return m_window->statusText().contains(u" · "_s + members + u" · "_s); });
    };
    QVERIFY2(statusSays(u"1 member"_s), qPrintable(m_window->statusText())); // the window's own
    Test::JsonClient ann;
    QVERIFY(ann.join(roomUrl(u"/chat")));
    QVERIFY(waitUntil([this] { return m_room->members().size() == 2; }));
    QVERIFY2(statusSays(u"2 members"_s), qPrintable(m_window->statusText()));

    QVERIFY(waitUntil([this] { return !m_log->records().empty(); })); // the traffic has reached the window

    m_answers.answerWith(QMessageBox::tr("Cancel"));
    QVERIFY(!m_window->close());
    QVERIFY(m_window->isVisible());
    QCOMPARE(m_answers.questions().size(), 1);
    QVERIFY2(m_answers.questions().first().contains(u"1 member besides you"_s)
            && m_answers.questions().first().contains(u"never saved"_s),
        qPrintable(m_answers.questions().first()));

    // Right after a save, what was saved is not claimed lost: only what came since counts.
    QTemporaryDir dir;
    QString error;
    QVERIFY2(m_window->saveCapture(dir.filePath(u"saved.jsonl"_s), &error), qPrintable(error));
    m_answers.clear();
    QVERIFY(!m_window->close());
    QCOMPARE(m_answers.questions().size(), 1);
    QVERIFY2(!m_answers.questions().first().contains(u"never saved"_s), qPrintable(m_answers.questions().first()));
    const qsizetype total = qsizetype(m_log->records().size());
    const QRegularExpression since(u"(\\d+) records? of live traffic arrived since the last save"_s);
    if (const QRegularExpressionMatch match = since.match(m_answers.questions().first()); match.hasMatch())
        QVERIFY(match.captured(1).toLongLong() < total);

    m_answers.answerWith(MainWindow::tr("&Quit"));
    QVERIFY(m_window->close());
    QCOMPARE(m_room->state(), RoomHost::State::Stopped); // before the window went
    QVERIFY(ann.waitDisconnected());
    QCOMPARE(ann.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
}

// A client carried by the Relay tab to the window's own room shows in the monitor's picker by its address, beside
// the room's end of it; quitting while the relay carries it asks first.
void tst_MainWindow::aRelayedConnectionIsShownAndQuittingAsks()
{
    RelayPanel *relay = m_window->relayPanel();
    relay->port()->setValue(0);
    relay->upstream()->setText(roomUrl(u"/echo").toString());
    QVERIFY(relay->toggle());
    QWebSocket client;
    client.open(QUrl(relay->clientAddress()));
    QVERIFY(waitUntil([&] { return client.state() == QAbstractSocket::ConnectedState; }));
    const QString relayed = u"relay for 127.0.0.1:%1"_s.arg(client.localPort());
    QComboBox *picker = m_window->monitor()->picker();
    QVERIFY(waitUntil([&] { return picker->findText(relayed + u" → /echo", Qt::MatchStartsWith) >= 0; }));
    QVERIFY(waitUntil([&] { return picker->findText(u"the room's end of " + relayed, Qt::MatchContains) >= 0; }));

    m_answers.answerWith(QMessageBox::tr("Cancel"));
    QVERIFY(!m_window->close());
    QCOMPARE(m_answers.questions().size(), 1);
    QVERIFY2(m_answers.questions().first().contains(u"1 connection through the relay will end."_s),
        qPrintable(m_answers.questions().first()));
}

// Quitting while a shared file is saved asks first, saying it would not be saved.
void tst_MainWindow::quittingWhileAFileIsSavedAsks()
{
    QTcpServer silent; // takes the download and never answers it
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QTemporaryDir dir;
    m_window->chatPanel()->saveSharedFile(
        QUrl(u"http://127.0.0.1:%1/files/abc"_s.arg(silent.serverPort())), dir.filePath(u"abc"_s));
    m_answers.answerWith(QMessageBox::tr("Cancel"));
    QVERIFY(!m_window->close());
    QCOMPARE(m_answers.questions().size(), 1);
    QVERIFY2(m_answers.questions().first().contains(u"1 file being saved will not be saved."_s),
        qPrintable(m_answers.questions().first()));
}

// On a 1024×640 screen the window fits and the payload column is in view; an invalid regular expression does not
// widen it; columns sort (numbers as numbers) and can be hidden, and the choice is remembered.
void tst_MainWindow::framesTableFitsAndSorts()
{
    // At the default size the panels show whole: no scrolling sideways.
    m_window->tabs()->setCurrentIndex(2); // the Client, the widest
    QTest::qWait(50);
    QCOMPARE(m_window->tabs()->currentWidget(), m_window->clients());
    auto *clientArea = qobject_cast<QScrollArea *>(m_window->clients()->currentWidget());
    QVERIFY(clientArea && clientArea->widget() == m_window->clientPanel());
    QVERIFY(!clientArea->horizontalScrollBar()->isVisible());

    m_window->resize(1024, 640);
    QTest::qWait(50);
    QVERIFY2(m_window->width() <= 1024 && m_window->height() <= 640,
        qPrintable(u"%1×%2"_s.arg(m_window->width()).arg(m_window->height())));
    FramesPanel *frames = m_window->monitor()->frames();
    m_window->monitor()->tabs()->setCurrentWidget(frames);
    QTableView *table = frames->table();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    const auto payloadInView = [table] {
        const int x = table->horizontalHeader()->sectionViewportPosition(FrameLogModel::PayloadColumn);
        return x >= 0 && x + 100 <= table->viewport()->width();
    };
    QVERIFY2(payloadInView(),
        qPrintable(QString::number(table->horizontalHeader()->sectionViewportPosition(FrameLogModel::PayloadColumn))));

    auto *search = frames->findChild<QLineEdit *>();
    auto *regex = frames->findChild<QCheckBox *>(u"regex"_s);
    QVERIFY(search && regex);
    regex->setChecked(true);
    search->setText(u"(unclosed group of a regular expression that someone typed in a hurry and did not finish"_s);
    QTest::qWait(50);
    QVERIFY2(m_window->width() <= 1024, qPrintable(QString::number(m_window->width())));
    search->clear();
    regex->setChecked(false);

    openClientOnEcho();
    ClientPanel *client = m_window->clientPanel();
    for (const QString &text : {u"bb"_s, u"a"_s, u"cccccccccc"_s})
        QVERIFY(client->sendText(text));
    QVERIFY(waitUntil([&] { return rowsWithPayload(u"cccccccccc"_s).size() == 2; }));
    const QAbstractItemModel *rows = table->model();
    const auto sortedBy = [rows](int column, int role, Qt::SortOrder order) {
        for (int row = 1; row < rows->rowCount(); ++row) {
            const qlonglong before = rows->index(row - 1, column).data(role).toLongLong();
            const qlonglong after = rows->index(row, column).data(role).toLongLong();
            if (order == Qt::AscendingOrder ? before > after : before < after)
                return false;
        }
        return rows->rowCount() > 4;
    };
    table->sortByColumn(FrameLogModel::LengthColumn, Qt::DescendingOrder);
    QVERIFY(sortedBy(FrameLogModel::LengthColumn, Qt::DisplayRole, Qt::DescendingOrder)); // 139, 10, 2, not 2, 139, 10
    table->sortByColumn(FrameLogModel::TimeColumn, Qt::AscendingOrder);
    QVERIFY(sortedBy(FrameLogModel::TimeColumn, FrameLogModel::TimeUsRole, Qt::AscendingOrder));

    // The header's menu hides and shows columns; the window remembers them.
    QHeaderView *header = table->horizontalHeader();
    QVERIFY(header->isSectionHidden(FrameLogModel::MaskColumn)); // in the details pane, out of the way by default
    const QList<QAction *> columns = frames->columnActions();
    QCOMPARE(columns.size(), FrameLogModel::PayloadColumn); // every column but the payload's
    columns[FrameLogModel::DirectionColumn]->trigger();
    QVERIFY(header->isSectionHidden(FrameLogModel::DirectionColumn));
    columns[FrameLogModel::FinColumn]->trigger();
    QVERIFY(!header->isSectionHidden(FrameLogModel::FinColumn));
    // and how times show; the status bar counts what the filters leave.
    frames->timeActions()[int(FrameFilterModel::TimeDisplay::WallClock)]->trigger();
    QCOMPARE(rows->headerData(FrameLogModel::TimeColumn, Qt::Horizontal).toString(), FrameFilterModel::tr("Time"));
    frames->filter()->setDirection(Direction::ServerToClient);
    QVERIFY(waitUntil([&] {
        return m_window->statusBar()
            ->findChild<QLabel *>(u"trafficStatus"_s)
            ->text()
            .startsWith(
                MainWindow::tr("Frames: %1 shown of %2").arg(rows->rowCount()).arg(m_window->frames()->rowCount()));
    }));
    m_answers.answerWith(MainWindow::tr("&Quit"));
    QVERIFY(m_window->close());
    MainWindow fresh(*m_log, *m_network, *m_room, *m_labRoom, m_trust);
    QHeaderView *remembered = fresh.monitor()->frames()->table()->horizontalHeader();
    QVERIFY(remembered->isSectionHidden(FrameLogModel::DirectionColumn));
    QVERIFY(!remembered->isSectionHidden(FrameLogModel::FinColumn));
    QVERIFY(fresh.monitor()->frames()->columnActions()[FrameLogModel::FinColumn]->isChecked());
    QCOMPARE(fresh.monitor()->frames()->filter()->timeDisplay(), FrameFilterModel::TimeDisplay::WallClock);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
