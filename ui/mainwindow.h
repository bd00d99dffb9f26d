// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QSettings>
#include <QUrl>

#include <functional>
#include <optional>

#include "traffic/harformat.h"

class QAction;
class QLabel;
class QSplitter;
class QSystemTrayIcon;
class QTabWidget;

namespace Duplex {

class CertificateTrust;
class ChatClient;
class ChatPanel;
class ClientPanel;
class ClientTabs;
class ConnectionListModel;
class FrameLogModel;
class HeartbeatTracker;
class HostPanel;
class MemberListModel;
class MonitorPanel;
class NetworkThread;
class RelayPanel;
class RoomHost;
class TrafficLog;
class TransportLabPanel;

// The window: Host, Chat, Client, Relay and Lab on the left, the Monitor of everything that crossed the wire on the
// right, menus for capture files, and a status bar with the room and the traffic.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // log is on this thread and mirrors network's; host is the room the window hosts, labRoom one for the Transport
    // Lab alone; trust, used on the network thread only, holds the certificates the person chose to trust. All must
    // outlive the window.
    MainWindow(TrafficLog &log, NetworkThread &network, RoomHost &host, RoomHost &labRoom, CertificateTrust &trust,
        QWidget *parent = nullptr);
    ~MainWindow() override;

    // What the command line asked for at launch: host (on port, on the LAN or as last chosen), connect the client,
    // open a capture.
    struct Startup
    {
        bool host = false;
        bool lan = false;            // share on the LAN this time, whatever was chosen before
        std::optional<quint16> port; // the remembered one when none
        QUrl connectUrl;
        QString openFile;
        std::optional<qint64> monitorMemory; // bytes of payloads the monitor keeps, this time; the remembered when none
    };
    void start(const Startup &startup);
    // Shows the file's records instead of the live traffic, which waits (NetworkThread::setHeld) until
    // showLiveTraffic(): the two never mix.
    bool openCapture(const QString &path, QString *error = nullptr);
    void showLiveTraffic();
    bool isShowingCapture() const { return !m_captureShown.isEmpty(); }
    bool saveCapture(const QString &path, QString *error = nullptr);
    bool exportCsv(const QString &path, QString *error = nullptr);
    // Everything the monitor holds.
    bool exportHar(const QString &path, HarFormat::Sensitive sensitive, QString *error = nullptr);

    HostPanel *hostPanel() const { return m_hostPanel; }
    ChatPanel *chatPanel() const { return m_chatPanel; }
    ClientTabs *clients() const { return m_clients; }
    ClientPanel *clientPanel() const; // the client tab in view
    RelayPanel *relayPanel() const { return m_relayPanel; }
    TransportLabPanel *labPanel() const { return m_labPanel; }
    MonitorPanel *monitor() const { return m_monitor; }
    QTabWidget *tabs() const { return m_tabs; }
    // Where a room hosted here keeps its chat history (HostPanel::keepsHistory), with the person's other data.
    static QString roomHistoryFile();
    static QStringList roomHistoryFiles(); // that file and SQLite's log beside it, which holds messages too
    // Asks, then deletes the room's history file; only while no room runs, which would hold it open.
    bool forgetChatHistory();
    FrameLogModel *frames() const { return m_frames; }
    // Loads what the client said on a WebSocket connection the monitor holds into the Client tab, to say again;
    // false, having said why, when it holds no request of it.
    bool replayInClient(quint64 connection);
    // Loads what the server said on such a connection into the Host tab, for the room to play at /replay; false,
    // having said why, when the monitor holds none of it, or when the person kept the recording the room plays.
    bool replayInRoom(quint64 connection);
    QString statusText() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QString connectionName(int row) const; // of the connections list's row: "client 1 · /echo"
    void createMenus();
    // Before live traffic that was never saved is replaced or cleared (action, the question's title): Save, Discard
    // or Cancel (false).
    bool confirmReplacingTraffic(const QString &action);
    QString unsavedTraffic() const; // how many live records a save would keep that none has yet; empty for none
    int othersInRoom() const;       // members besides the window's own
    static QString membersLeaving(int others);
    bool confirmStoppingRoom();
    bool confirmQuitting();
    void closeRoom(); // members get 1001 (going away) before the window goes
    // Asks where, saves there and says why when it cannot; false when cancelled or failed.
    bool saveCaptureAs();
    // Asks where (title, suggesting fileName, of filter's kind) and exports there, saying why when it cannot.
    using Export = std::function<bool(const QString &path, QString *error)>;
    void exportAs(const QString &title, const QString &fileName, const QString &filter, const Export &exporter);
    void onRoomStateChanged();
    void updateStatus();
    void setPingInterval(std::chrono::milliseconds interval);
    void setMonitorMemory(qint64 bytes);

    TrafficLog &m_log;
    NetworkThread &m_network;
    RoomHost &m_host;
    QSettings m_settings;
    ChatClient *m_chatClient; // lives on the network thread
    FrameLogModel *m_frames;
    ConnectionListModel *m_connections;
    HeartbeatTracker *m_heartbeats;
    MemberListModel *m_members;
    QTabWidget *m_tabs;
    HostPanel *m_hostPanel;
    ChatPanel *m_chatPanel;
    ClientTabs *m_clients;
    RelayPanel *m_relayPanel;
    TransportLabPanel *m_labPanel;
    MonitorPanel *m_monitor;
    QSplitter *m_split;
    QLabel *m_roomStatus;
    QLabel *m_trafficStatus;
    QSystemTrayIcon *m_tray = nullptr;
    quint64 m_messagesAtLastTick = 0;
    QString m_ownNick;              // the window's own member of its room
    QString m_captureShown;         // the file name the monitor shows instead of live traffic
    qsizetype m_unsavedRecords = 0; // live records that arrived since the last save
    bool m_savedOnce = false;
    QAction *m_showLive = nullptr;
    QAction *m_pause = nullptr; // checked: live traffic waits on the network thread, as it does behind a capture
    QAction *m_forgetHistory = nullptr;
};

} // namespace Duplex
