// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTimer>

#include "client/chatclient.h"
#include "models/connectionlistmodel.h"
#include "models/framefiltermodel.h"
#include "models/framelogmodel.h"
#include "models/heartbeattracker.h"
#include "models/memberlistmodel.h"
#include "room/roomhost.h"
#include "traffic/captureformat.h"
#include "traffic/harformat.h"
#include "traffic/networkthread.h"
#include "traffic/trafficlog.h"
#include "ui/chatpanel.h"
#include "ui/clientpanel.h"
#include "ui/clienttabs.h"
#include "ui/confirmation.h"
#include "ui/framespanel.h"
#include "ui/heartbeatpanel.h"
#include "ui/hostpanel.h"
#include "ui/monitorpanel.h"
#include "ui/relaypanel.h"
#include "ui/replaybar.h"
#include "ui/roomreplaybox.h"
#include "ui/scrollable.h"
#include "ui/transportlabpanel.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

constexpr std::chrono::seconds statusInterval(1);
constexpr std::chrono::seconds roomCloseWait(3); // at quit, for the members' closes to leave
const QString shareOnLanKey = u"host/shareOnLan"_s;
const QString allowedOriginsKey = u"host/allowedOrigins"_s;
const QString roomPasswordKey
    = u"host/password"_s; // in the clear: the host tells it to people, and the QR code carries it
const QString keepHistoryKey = u"host/keepHistory"_s;
const QString framesColumnsKey = u"monitor/framesHeader"_s;
const QString framesPanesKey = u"monitor/framesPanes"_s;
const QString timeDisplayKey = u"monitor/timeDisplay"_s;
const QString monitorMemoryKey = u"monitor/memoryMiB"_s;
constexpr int hostTab = 0; // of Host, Chat, Client, Relay and Lab
constexpr int chatTab = 1;
constexpr int clientTab = 2;

// Writes through a QSaveFile, so a failed save never leaves half a file where a good one was.
bool saveTo(const QString &path, QString *error, const std::function<bool(QIODevice &, QString *)> &write)
{
    QSaveFile file(path);
    const bool ok = file.open(QIODevice::WriteOnly) && write(file, error) && file.commit();
    if (!ok && error && error->isEmpty())
        *error = file.errorString();
    return ok;
}

} // namespace

MainWindow::MainWindow(TrafficLog &log, NetworkThread &network, RoomHost &host, RoomHost &labRoom,
    CertificateTrust &trust, QWidget *parent)
    : QMainWindow(parent)
    , m_log(log)
    , m_network(network)
    , m_host(host)
    , m_chatClient(network.call([&network] { return new ChatClient(network.context()); }))
    , m_frames(new FrameLogModel(FrameLogModel::defaultCapacity, this))
    , m_connections(new ConnectionListModel(ConnectionListModel::defaultCapacity, this))
    , m_heartbeats(new HeartbeatTracker(this))
    , m_members(new MemberListModel(host, *m_connections, *m_heartbeats, this))
    , m_tabs(new QTabWidget)
    , m_hostPanel(new HostPanel(host, *m_members))
    , m_chatPanel(new ChatPanel(m_chatClient))
    , m_clients(new ClientTabs(network, m_settings, trust))
    , m_relayPanel(new RelayPanel(network, m_settings, trust))
    , m_labPanel(new TransportLabPanel(labRoom, network, m_settings))
    , m_monitor(new MonitorPanel(*m_connections, *m_frames, *m_heartbeats))
    , m_split(new QSplitter(Qt::Horizontal))
    , m_roomStatus(new QLabel)
    , m_trafficStatus(new QLabel)
{
    setWindowTitle(tr("Duplex"));
    m_frames->follow(log);
    m_connections->follow(log);
    m_connections->nameMembersOf(host);
    m_heartbeats->follow(log);

    // Each in a scroll area, so that none makes the window wider or taller than a small screen; the clients' tab bar
    // stays in view above theirs.
    const std::pair<QWidget *, QString> panels[] {{m_hostPanel, tr("Host")}, {m_chatPanel, tr("Chat")},
        {m_clients, tr("Client")}, {m_relayPanel, tr("Relay")}, {m_labPanel, tr("Lab")}};
    for (const auto &[panel, name] : panels)
        m_tabs->addTab(panel == m_clients ? panel : scrollable(panel), name);
    m_split->addWidget(m_tabs);
    m_split->addWidget(m_monitor);
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 3);
    // The panels whole when the screen has room (their scroll areas are for small screens), the monitor the rest.
    int panelsWidth = 0;
    for (const auto &[panel, name] : panels)
        panelsWidth = std::max(panelsWidth, (panel == m_clients ? clientPanel() : panel)->minimumSizeHint().width());
    panelsWidth
        += style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 2 * style()->pixelMetric(QStyle::PM_LayoutLeftMargin);
    m_split->setSizes({panelsWidth, 1440 - panelsWidth});
    setCentralWidget(m_split);
    statusBar()->addWidget(m_roomStatus);
    m_trafficStatus->setObjectName(u"trafficStatus"_s);
    statusBar()->addPermanentWidget(m_trafficStatus);
    createMenus();

    connect(&host, &RoomHost::stateChanged, this, &MainWindow::onRoomStateChanged);
    connect(&m_log, &TrafficLog::recorded, this, [this] { m_unsavedRecords += isShowingCapture() ? 0 : 1; });
    connect(&m_log, &TrafficLog::cleared, this, [this] { m_unsavedRecords = 0; });
    connect(m_monitor->heartbeat(), &HeartbeatPanel::intervalRequested, this, &MainWindow::setPingInterval);
    connect(m_monitor->frames(), &FramesPanel::resendRequested, this, [this](const QByteArray &payload, bool text) {
        clientPanel()->compose(payload, text);
        m_tabs->setCurrentIndex(clientTab);
    });
    connect(m_monitor->frames(), &FramesPanel::replayRequested, this, &MainWindow::replayInClient);
    connect(m_monitor->frames(), &FramesPanel::roomReplayRequested, this, &MainWindow::replayInRoom);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(windowIcon(), this);
        m_tray->show();
    }
    connect(m_chatPanel, &ChatPanel::messageWhileAway, this,
        [this](const QString &from, const QString &text, bool privately) {
            if (m_tray)
                m_tray->showMessage(privately ? tr("%1, to you only").arg(from) : tr("%1 in the room").arg(from), text);
            else
                QApplication::alert(this);
        });
    connect(m_chatPanel, &ChatPanel::unreadChanged, this,
        [this](int count) { m_tabs->setTabText(chatTab, count > 0 ? tr("Chat (%1)").arg(count) : tr("Chat")); });
    auto *statusTimer = new QTimer(this);
    connect(statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    statusTimer->start(statusInterval);

    resize(1440, 880);
    restoreGeometry(m_settings.value(u"window/geometry"_s).toByteArray());
    restoreState(m_settings.value(u"window/state"_s).toByteArray());
    m_split->restoreState(m_settings.value(u"window/split"_s).toByteArray());
    m_monitor->frames()->restorePaneState(m_settings.value(framesPanesKey).toByteArray());
    m_monitor->frames()->filter()->setWallClockZero(m_log.startedAt());
    m_monitor->frames()->setTimeDisplay(m_settings.value(timeDisplayKey, 0).toInt());
    if (const QByteArray columns = m_settings.value(framesColumnsKey).toByteArray(); !columns.isEmpty())
        m_monitor->frames()->restoreColumnState(columns);
    m_hostPanel->setPort(quint16(m_settings.value(u"host/port"_s, ServerConfig().port).toUInt()));
    m_hostPanel->setShareOnLan(m_settings.value(shareOnLanKey, false).toBool()); // loopback until chosen
    connect(m_hostPanel, &HostPanel::shareOnLanChosen, this,
        [this](bool share) { m_settings.setValue(shareOnLanKey, share); });
    m_hostPanel->setHistoryFile(roomHistoryFile());
    m_hostPanel->setKeepHistory(m_settings.value(keepHistoryKey, true).toBool());
    connect(m_hostPanel, &HostPanel::keepHistoryChosen, this,
        [this](bool keep) { m_settings.setValue(keepHistoryKey, keep); });
    m_hostPanel->setPassword(m_settings.value(roomPasswordKey).toString());
    connect(m_hostPanel, &HostPanel::passwordChosen, this,
        [this](const QString &password) { m_settings.setValue(roomPasswordKey, password); });
    m_hostPanel->setAllowedOrigins(m_settings.value(allowedOriginsKey).toString());
    connect(m_hostPanel, &HostPanel::allowedOriginsChosen, this,
        [this](const QString &origins) { m_settings.setValue(allowedOriginsKey, origins); });
    m_hostPanel->setStopGuard([this] { return confirmStoppingRoom(); });
    connect(m_chatClient, &ChatClient::nickChanged, this, [this](const QString &nick) {
        m_ownNick = nick;
        m_hostPanel->setOwnNick(nick);
    });
    m_chatPanel->setNick(m_settings.value(u"chat/nickname"_s).toString());
    setPingInterval(std::chrono::milliseconds(m_settings.value(u"heartbeat/intervalMs"_s, 15'000).toLongLong()));
    setMonitorMemory(m_settings.value(monitorMemoryKey, PayloadBudget::defaultBytes >> 20).toLongLong() << 20);
    onRoomStateChanged();
}

MainWindow::~MainWindow()
{
    m_network.call([this] { delete m_chatClient; });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Capture…"), QKeySequence::Open, this, [this] {
        if (!confirmReplacingTraffic(tr("Open Capture")))
            return;
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a capture"), {},
            tr("Captures and HTTP Archives (*.jsonl *.har);;Duplex captures (*.jsonl);;HTTP Archives (*.har);;"
               "All files (*)"));
        QString error;
        if (!path.isEmpty() && !openCapture(path, &error))
            QMessageBox::warning(this, tr("Open Capture"), tr("Cannot open %1:\n%2").arg(path, error));
    });
    file->addAction(tr("&Save Capture As…"), QKeySequence::Save, this, &MainWindow::saveCaptureAs);
    file->addAction(tr("&Export Visible Frames as CSV…"), QKeySequence(tr("Ctrl+E")), this, [this] {
        exportAs(tr("Export the visible frames as CSV"), u"frames.csv"_s, tr("CSV (*.csv)"),
            std::bind_front(&MainWindow::exportCsv, this));
    });
    // As Chrome offers it: sanitized for sharing, or whole for whoever keeps it.
    file->addAction(tr("Export Traffic as &HAR (Sanitized)…"), this, [this] {
        exportAs(tr("Export the traffic as an HTTP Archive, without credentials"), u"traffic.har"_s,
            tr("HTTP Archives (*.har)"), [this](const QString &path, QString *error) {
                return exportHar(path, HarFormat::Sensitive::LeftOut, error);
            });
    });
    file->addAction(tr("Export Traffic as HAR with &Sensitive Data…"), this, [this] {
        exportAs(tr("Export the traffic as an HTTP Archive, with passwords, tokens and cookies"), u"traffic.har"_s,
            tr("HTTP Archives (*.har)"),
            [this](const QString &path, QString *error) { return exportHar(path, HarFormat::Sensitive::Kept, error); });
    });
    m_showLive = file->addAction(
        tr("Back to &Live Traffic"), QKeySequence(tr("Ctrl+Shift+L")), this, &MainWindow::showLiveTraffic);
    m_showLive->setEnabled(false);
    file->addAction(tr("&Clear Monitor"), QKeySequence(tr("Ctrl+L")), this, [this] {
        if (confirmReplacingTraffic(tr("Clear Monitor"))) // the frames go; live connections still open stay listed
            m_log.clear(isShowingCapture() ? TrafficLog::Clearing::ToCapture : TrafficLog::Clearing::ToLive);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *room = menuBar()->addMenu(tr("&Room"));
    room->addAction(tr("&Host or Stop"), QKeySequence(tr("Ctrl+H")), m_hostPanel, &HostPanel::toggle);
    m_forgetHistory = room->addAction(tr("&Forget Chat History…"), this, &MainWindow::forgetChatHistory);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i)
        view->addAction(
            m_tabs->tabText(i), QKeySequence(u"Ctrl+%1"_s.arg(i + 1)), this, [this, i] { m_tabs->setCurrentIndex(i); });
    view->addSeparator();
    view->addAction(tr("&Find in Payloads"), QKeySequence::Find, this, [this] {
        m_monitor->tabs()->setCurrentWidget(m_monitor->frames());
        m_monitor->frames()->focusSearch();
    });
    m_pause = view->addAction(tr("&Pause Live Traffic"), QKeySequence(tr("Ctrl+Shift+P")), this, [this](bool paused) {
        if (!isShowingCapture()) // else it waits already, and goes on waiting once back to live if still paused
            m_network.setHeld(paused);
        updateStatus();
    });
    m_pause->setCheckable(true);
    m_pause->setIconText(tr("Pause"));
    m_pause->setToolTip(tr("Holds the monitor still: live traffic waits, none lost (up to %L1 records), until resumed")
                            .arg(NetworkThread::maxPendingRecords));
    m_monitor->addBarButton(m_pause);
    view->addAction(tr("Monitor &Memory…"), this, [this] {
        bool ok = false;
        const int mebibytes = QInputDialog::getInt(this, tr("Monitor Memory"),
            tr("Payloads the monitor keeps whole, in MiB; past this, the oldest are dropped first:"),
            int(m_log.payloadBudget() >> 20), int(PayloadBudget::minLimit >> 20), int(PayloadBudget::maxLimit >> 20),
            64, &ok);
        if (!ok)
            return;
        m_settings.setValue(monitorMemoryKey, mebibytes);
        setMonitorMemory(qint64(mebibytes) << 20);
    });
    QTabWidget *monitorTabs = m_monitor->tabs();
    for (int i = 0; i < monitorTabs->count(); ++i) {
        view->addAction(tr("Monitor: %1").arg(monitorTabs->tabText(i).remove(u'&')),
            QKeySequence(u"Ctrl+%1"_s.arg(m_tabs->count() + i + 1)), this,
            [monitorTabs, i] { monitorTabs->setCurrentIndex(i); });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Duplex"), this, [this] {
        QMessageBox::about(this, tr("About Duplex"),
            tr("<h3>Duplex %1</h3><p>Host a WebSocket chat room, talk to any WebSocket server, and watch the "
               "handshake, every RFC 6455 frame and the heartbeat live.</p><p>GPL-3.0-or-later.</p>")
                .arg(QApplication::applicationVersion()));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::start(const Startup &startup)
{
    if (startup.port)
        m_hostPanel->setPort(*startup.port);
    if (startup.monitorMemory)
        setMonitorMemory(*startup.monitorMemory);
    if (startup.lan)
        m_hostPanel->setShareOnLan(true); // this time; what is remembered is what the person ticks
    if (startup.host || startup.lan)
        m_hostPanel->toggle();
    if (!startup.connectUrl.isEmpty()) {
        m_tabs->setCurrentIndex(clientTab);
        clientPanel()->connectTo(startup.connectUrl);
    }
    QString error;
    if (!startup.openFile.isEmpty() && !openCapture(startup.openFile, &error))
        statusBar()->showMessage(tr("Cannot open %1: %2").arg(startup.openFile, error));
}

bool MainWindow::openCapture(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    QProgressDialog progress(tr("Reading %1…").arg(path), tr("Stop"), 0, 1000, this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(500); // ms: small files open without a flash of dialog
    const auto showProgress = [&progress](double done) {
        progress.setValue(int(done * 1000));
        // setValue lets events through only when the value moved and the dialog is up, and a HAR's parse does not
        // move it for seconds. The window repaints meanwhile; input waits until the dialog, modal, is there to take it.
        QCoreApplication::processEvents(
            progress.isVisible() ? QEventLoop::AllEvents : QEventLoop::ExcludeUserInputEvents);
        return !progress.wasCanceled();
    };
    m_network.setHeld(true);
    m_log.clear(TrafficLog::Clearing::ToCapture);
    const bool archive = path.endsWith(u".har"_s, Qt::CaseInsensitive);
    const CaptureFormat::Reading reading
        = archive ? HarFormat::read(file, m_log, showProgress) : CaptureFormat::read(file, m_log, showProgress);
    m_frames->flush();
    m_monitor->frames()->filter()->setWallClockZero(m_log.startedAt());
    if (error)
        *error = reading.error;
    // Also after a failure: what was read is shown, under the file's name, until the person goes back to live.
    m_captureShown = QFileInfo(path).fileName();
    if (reading.skipped > 0) { // until the person goes back to live traffic
        const QString oneSkipped = archive ? tr("1 damaged part of %1 could not be read and was skipped: %2")
                                           : tr("1 damaged line of %1 could not be read and was skipped: %2");
        const QString skipped = archive
            ? tr("%1 damaged parts of %2 could not be read and were skipped; the first: %3")
            : tr("%1 damaged lines of %2 could not be read and were skipped; the first: %3");
        statusBar()->showMessage(reading.skipped == 1
                ? oneSkipped.arg(m_captureShown, reading.firstSkipped)
                : skipped.arg(QString::number(reading.skipped), m_captureShown, reading.firstSkipped));
    }
    m_unsavedRecords = 0;
    m_showLive->setEnabled(true);
    setWindowTitle(tr("Duplex — %1").arg(m_captureShown));
    updateStatus();
    return reading.ok;
}

void MainWindow::showLiveTraffic()
{
    if (!isShowingCapture())
        return;
    m_captureShown.clear();
    statusBar()->clearMessage();
    m_log.clear(TrafficLog::Clearing::ToLive);
    m_monitor->frames()->filter()->setWallClockZero(m_log.startedAt());
    m_showLive->setEnabled(false);
    setWindowTitle(tr("Duplex"));
    m_network.setHeld(m_pause->isChecked());
    updateStatus();
}

bool MainWindow::confirmReplacingTraffic(const QString &action)
{
    const QString unsaved = unsavedTraffic();
    if (unsaved.isEmpty())
        return true;
    const auto answer = QMessageBox::question(this, action, unsaved + u' ' + tr("Save them first?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    return answer == QMessageBox::Save ? saveCaptureAs() : answer == QMessageBox::Discard;
}

QString MainWindow::unsavedTraffic() const
{
    const qsizetype records = std::min(m_unsavedRecords, qsizetype(m_log.records().size()));
    if (records == 0)
        return {};
    if (records == 1)
        return m_savedOnce ? tr("1 record of live traffic arrived since the last save.")
                           : tr("1 record of live traffic was never saved.");
    return (m_savedOnce ? tr("%1 records of live traffic arrived since the last save.")
                        : tr("%1 records of live traffic were never saved."))
        .arg(records);
}

bool MainWindow::saveCaptureAs()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save the traffic as a capture"), u"capture.jsonl"_s, tr("Duplex captures (*.jsonl)"));
    QString error;
    if (path.isEmpty())
        return false;
    if (!saveCapture(path, &error)) {
        QMessageBox::warning(this, tr("Save Capture"), tr("Cannot save %1:\n%2").arg(path, error));
        return false;
    }
    return true;
}

bool MainWindow::saveCapture(const QString &path, QString *error)
{
    const bool saved
        = saveTo(path, error, [this](QIODevice &file, QString *e) { return CaptureFormat::write(file, m_log, e); });
    if (saved) {
        m_unsavedRecords = 0;
        m_savedOnce = true;
    }
    return saved;
}

bool MainWindow::exportCsv(const QString &path, QString *error)
{
    return saveTo(path, error,
        [this](QIODevice &file, QString *) { return file.write(m_monitor->frames()->visibleRowsAsCsv()) >= 0; });
}

bool MainWindow::exportHar(const QString &path, HarFormat::Sensitive sensitive, QString *error)
{
    return saveTo(path, error,
        [this, sensitive](QIODevice &file, QString *e) { return HarFormat::write(file, m_log, sensitive, e); });
}

void MainWindow::exportAs(const QString &title, const QString &fileName, const QString &filter, const Export &exporter)
{
    const QString path = QFileDialog::getSaveFileName(this, title, fileName, filter);
    QString error;
    if (!path.isEmpty() && !exporter(path, &error))
        QMessageBox::warning(this, title, tr("Cannot save %1:\n%2").arg(path, error));
}

ClientPanel *MainWindow::clientPanel() const
{
    return m_clients->current();
}

QString MainWindow::connectionName(int row) const
{
    const ConnectionInfo &connection = m_connections->at(row);
    return m_connections->who(connection.id) + u" · "_s + QString::fromUtf8(connection.path);
}

bool MainWindow::replayInClient(quint64 connection)
{
    const std::optional<int> row = m_connections->rowOf(connection);
    QString error = tr("the monitor no longer holds the connection");
    const auto script = row ? ReplayBar::scriptOf(*m_frames, m_connections->at(*row), &error) : std::nullopt;
    if (!script) {
        QMessageBox::warning(this, tr("Replay"), tr("This connection cannot be replayed: %1.").arg(error));
        return false;
    }
    clientPanel()->replay(*script, connectionName(*row));
    m_tabs->setCurrentIndex(clientTab);
    return true;
}

bool MainWindow::replayInRoom(quint64 connection)
{
    const std::optional<int> row = m_connections->rowOf(connection);
    qsizetype lost = 0;
    const QList<RecordedMessage> messages = row
        ? m_frames->recordedMessages(connection, Direction::ServerToClient, m_connections->at(*row).firstSeenUs, &lost)
        : QList<RecordedMessage>();
    if (messages.isEmpty()) {
        QMessageBox::warning(this, tr("Replay"),
            row ? tr("The monitor holds no message the server sent on this connection.")
                : tr("The monitor no longer holds this connection."));
        return false;
    }
    if (!m_hostPanel->replay()->load(messages, connectionName(*row), lost))
        return false; // the person kept the recording the room plays
    m_tabs->setCurrentIndex(hostTab);
    return true;
}

void MainWindow::setPingInterval(std::chrono::milliseconds interval)
{
    m_host.setPingInterval(interval);
    m_hostPanel->setPingInterval(interval);
    m_clients->setHeartbeatInterval(interval);
    m_monitor->heartbeat()->setInterval(interval);
    m_settings.setValue(u"heartbeat/intervalMs"_s, qint64(interval.count()));
}

void MainWindow::onRoomStateChanged()
{
    // The desktop person is a member of their own room, on loopback.
    QUrl ownRoom;
    ownRoom.setScheme(u"ws"_s);
    ownRoom.setHost(u"127.0.0.1"_s);
    ownRoom.setPort(m_host.port());
    ownRoom.setPath(u"/chat"_s);
    if (m_host.state() == RoomHost::State::Running) {
        m_chatPanel->setRoomUrl(ownRoom, m_hostPanel->password());
        m_chatPanel->join();
        m_settings.setValue(u"host/port"_s, m_hostPanel->port());
    } else if (m_host.state() == RoomHost::State::Stopping && m_chatPanel->roomField()->text() == ownRoom.toString()) {
        m_chatPanel->leave(); // stopped on purpose: not a room to wait for
    }
    m_forgetHistory->setEnabled(m_host.state() == RoomHost::State::Stopped);
    m_forgetHistory->setToolTip(
        m_forgetHistory->isEnabled() ? QString() : tr("Stop the room first: it keeps its history open"));
    updateStatus();
}

QString MainWindow::roomHistoryFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/room-history.sqlite"_s;
}

QStringList MainWindow::roomHistoryFiles()
{
    const QString path = roomHistoryFile();
    return {path, path + u"-wal"_s, path + u"-shm"_s}; // SQLite's write-ahead log and its index
}

bool MainWindow::forgetChatHistory()
{
    const QString path = roomHistoryFile();
    if (m_host.state() != RoomHost::State::Stopped)
        return false;
    if (!QFileInfo::exists(path)) {
        statusBar()->showMessage(tr("No chat history is kept on this computer."), 5000);
        return false;
    }
    if (!confirmDestructive(this, tr("Forget Chat History"),
            tr("The room's last messages, kept on this computer in %1, will be deleted, and the room will start "
               "empty next time. This cannot be undone.")
                .arg(QDir::toNativeSeparators(path)),
            tr("&Delete History")))
        return false;
    for (const QString &file : roomHistoryFiles()) {
        if (QFile::exists(file) && !QFile::remove(file)) {
            QMessageBox::warning(this, tr("Forget Chat History"),
                tr("%1 could not be deleted; delete it yourself.").arg(QDir::toNativeSeparators(file)));
            return false;
        }
    }
    statusBar()->showMessage(tr("The room's chat history is forgotten."), 5000);
    return true;
}

QString MainWindow::statusText() const
{
    return m_roomStatus->text() + u"  |  "_s + m_trafficStatus->text();
}

void MainWindow::updateStatus()
{
    const quint64 messages = m_host.messagesPosted();
    const quint64 perSecond = messages >= m_messagesAtLastTick ? messages - m_messagesAtLastTick : messages;
    m_messagesAtLastTick = messages;
    switch (m_host.state()) {
    case RoomHost::State::Stopped:
        m_roomStatus->setText(tr("Room: not hosting"));
        break;
    case RoomHost::State::Running: {
        const qsizetype count = m_host.members().size();
        const QString members = count == 1 ? tr("1 member") : tr("%1 members").arg(count);
        m_roomStatus->setText(tr("Room: hosting on port %1 · %2 · %3 messages/s")
                                  .arg(QString::number(m_host.port()), members, QString::number(perSecond)));
        break;
    }
    case RoomHost::State::Stopping:
        m_roomStatus->setText(tr("Room: stopping"));
        break;
    }
    QString frames = tr("Frames: %1 shown of %2 · %3 dropped")
                         .arg(m_monitor->frames()->filter()->rowCount())
                         .arg(m_frames->rowCount())
                         .arg(m_frames->dropped() + m_network.dropped());
    if (const qsizetype payloads = m_log.droppedPayloads())
        frames += (payloads == 1 ? tr(" · 1 payload dropped (View ▸ Monitor Memory…)")
                                 : tr(" · %1 payloads dropped (View ▸ Monitor Memory…)").arg(payloads));
    // The chosen connection's traffic, where devtools show theirs.
    const quint64 chosen = m_monitor->picker()->currentData().toULongLong();
    if (const auto row = m_connections->rowOf(chosen); chosen != 0 && row) {
        const QString traffic = m_connections->index(*row, ConnectionListModel::TrafficColumn).data().toString();
        if (!traffic.isEmpty())
            frames += tr(" · #%1: %2").arg(chosen).arg(traffic);
    }
    m_trafficStatus->setText(isShowingCapture()
            ? tr("Capture %1 · %2 · live traffic waits (File ▸ Back to Live Traffic)").arg(m_captureShown, frames)
            : m_pause->isChecked() ? tr("%1 · paused: live traffic waits (View ▸ Pause Live Traffic)").arg(frames)
                                   : frames);
}

void MainWindow::setMonitorMemory(qint64 bytes)
{
    m_network.setPayloadBudget(bytes);
    m_frames->setPayloadBudget(bytes);
}

QString MainWindow::membersLeaving(int others)
{
    return others == 1 ? tr("1 member besides you will be disconnected (close code 1001, going away).")
                       : tr("%1 members besides you will be disconnected (close code 1001, going away).").arg(others);
}

int MainWindow::othersInRoom() const
{
    if (m_host.state() != RoomHost::State::Running)
        return 0;
    const QList<RoomMember> members = m_host.members();
    return int(std::count_if(
        members.cbegin(), members.cend(), [this](const RoomMember &member) { return member.nick != m_ownNick; }));
}

bool MainWindow::confirmStoppingRoom()
{
    const int others = othersInRoom();
    if (others == 0)
        return true;
    return confirmDestructive(this, tr("Stop the Room"), membersLeaving(others), tr("&Stop the Room"));
}

bool MainWindow::confirmQuitting()
{
    const int others = othersInRoom();
    const int relayed = m_relayPanel->carried();
    const QString unsaved = unsavedTraffic();
    const QString files = m_chatPanel->transfersCutShort();
    if (others == 0 && relayed == 0 && unsaved.isEmpty() && files.isEmpty())
        return true;
    QStringList what;
    if (others > 0)
        what << membersLeaving(others);
    if (relayed > 0)
        what << RelayPanel::connectionsEnding(relayed, m_relayPanel->heldCount());
    if (!files.isEmpty())
        what << files;
    if (!unsaved.isEmpty())
        what << unsaved;
    QMessageBox ask(QMessageBox::Question, tr("Quit Duplex"), what.join(u'\n'), QMessageBox::Cancel, this);
    QPushButton *save
        = !unsaved.isEmpty() ? ask.addButton(tr("&Save Traffic First…"), QMessageBox::AcceptRole) : nullptr;
    QPushButton *quit = ask.addButton(tr("&Quit"), QMessageBox::DestructiveRole);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    return ask.clickedButton() == quit || (save && ask.clickedButton() == save && saveCaptureAs());
}

void MainWindow::closeRoom()
{
    if (m_host.state() == RoomHost::State::Stopped)
        return;
    m_host.stop();
    // Bounded: the closes are on their way when the room says it stopped.
    QEventLoop wait;
    connect(&m_host, &RoomHost::stateChanged, &wait, [&wait](RoomHost::State state) {
        if (state == RoomHost::State::Stopped)
            wait.quit();
    });
    QTimer::singleShot(roomCloseWait, &wait, &QEventLoop::quit);
    if (m_host.state() != RoomHost::State::Stopped)
        wait.exec();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!confirmQuitting())
        return event->ignore();
    closeRoom();
    m_settings.setValue(u"window/geometry"_s, saveGeometry());
    m_settings.setValue(u"window/state"_s, saveState());
    m_settings.setValue(u"window/split"_s, m_split->saveState());
    m_settings.setValue(framesColumnsKey, m_monitor->frames()->columnState());
    m_settings.setValue(framesPanesKey, m_monitor->frames()->paneState());
    m_settings.setValue(timeDisplayKey, int(m_monitor->frames()->filter()->timeDisplay()));
    m_settings.setValue(u"chat/nickname"_s, m_chatPanel->nick());
    QMainWindow::closeEvent(event);
}

} // namespace Duplex
