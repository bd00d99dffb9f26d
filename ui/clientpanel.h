// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <chrono>
#include <functional>

#include "client/clientsession.h"
#include "client/eventsourcesession.h"
#include "client/pollsession.h"
#include "ui/autoreplies.h"
#include "ui/composermemory.h"
#include "ui/proxyfield.h"
#include "ui/replaybar.h"
#include "ui/tlsfilefields.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QSpinBox;
class QTabWidget;
class QToolButton;

namespace Duplex {

class NetworkThread;

// Talk to any WebSocket server: URL (recent ones remembered), subprotocols, headers and origin, compression, a client
// certificate and authorities for wss://, a proxy, Connect and Disconnect, a composer for text, hex and files, Ping,
// Close with a chosen code and reason, auto-reconnect, a recorded connection's messages replayed, and the session's
// own log. An http:// or https:// URL is an event stream instead (SSE, one way: GET or POST with a
// body, the events in the log, those of chosen types only if asked), or a Duplex room joined with long or short
// polls (text both ways). The sessions run on the network thread.
class ClientPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientPanel)

public:
    static constexpr int maxRecentUrls = 10;

    // settings keeps the recent URLs; trust, used on the network thread only, the certificates the person trusts.
    // Both must outlive this panel.
    ClientPanel(NetworkThread &network, QSettings &settings, CertificateTrust &trust, QWidget *parent = nullptr);
    ~ClientPanel() override;

    // Connects to url as if typed and Connect pressed; false, with the reason in the log, when it cannot.
    bool connectTo(const QUrl &url);
    bool sendText(const QString &text);
    // Puts a message in the composer (text, or binary as hex) for the person to look over and send.
    void compose(const QByteArray &payload, bool text);
    ComposerMemory &composerMemory() { return m_memory; }
    // Indents the text composer's JSON; false, with the reason in the log, when it is not JSON.
    bool formatJson();
    // The person's own variables, "name = value" a line (ComposerVariables::define), filled in the URL, the headers
    // and text messages as {{name}}; remembered. What is wrong with them, when anything is; then nothing changes.
    QStringList setVariables(const QString &typed);
    QString variables() const;
    // What the client answers by itself, "message => reply" a line (AutoReplies::define), at most
    // maxAutoRepliesPerSecond a second; remembered. What is wrong with them, when anything is; then nothing changes.
    static constexpr int maxAutoRepliesPerSecond = 10;
    QStringList setAutoReplies(const QString &typed);
    QString autoReplies() const;
    // Loads a saved message into the composer, keeps what the composer holds under a name, or forgets one. Replacing
    // or deleting a saved message cannot be undone, so each asks first; false when the person says no.
    bool loadSaved(const QString &name);
    bool saveComposed(const QString &name);
    bool deleteSaved(const QString &name);
    // Loads what a client said on a recorded connection (name says which) to say again (ReplayBar). While closed,
    // the form takes the recorded request's URL, subprotocols, headers and origin, each undoable in its field;
    // while connected, the replay goes on that connection.
    void replay(const ReplayScript &script, const QString &name);
    ReplayBar *replayBar() const { return m_replayBar; }
    void setHeartbeatInterval(std::chrono::milliseconds interval);
    ClientSession::State state() const { return m_state; }
    QString stateText() const; // "open", "connecting…", as the panel shows it
    // The id its sessions' records carry, by which the monitor names their connections ("client 3 → /echo").
    quint64 sessionId() const;
    QPlainTextEdit *log() const { return m_log; }
    QComboBox *urlField() const { return m_url; } // as typed, variables and all
    QPlainTextEdit *headersField() const { return m_headers; }
    QTabWidget *composer() const { return m_composer; } // Text, Hex, File
    QPushButton *sendButton() const { return m_send; }
    QCheckBox *repeatBox() const { return m_repeat; } // sends the composed message again at an interval
    QDoubleSpinBox *repeatInterval() const { return m_repeatInterval; }
    QComboBox *httpTransport() const { return m_httpTransport; } // for an http:// URL: SSE, long or short polls
    QDoubleSpinBox *pollInterval() const { return m_pollInterval; }
    QComboBox *method() const { return m_method; }         // of an event stream's request
    QLineEdit *eventTypes() const { return m_eventTypes; } // those the log shows; empty for all
    // For wss://: PEM files of a client certificate and its key (mutual TLS), and of authorities to trust; remembered.
    const TlsFileFields &tlsFiles() const { return m_tls; }
    QCheckBox *offerDeflate() const { return m_offerDeflate; } // permessage-deflate; remembered
    ProxyField *proxy() const { return m_proxy; }
    QSpinBox *fragmentBytes() const { return m_fragmentBytes; } // messages in frames of at most this; 0: one frame
    QPushButton *pongButton() const { return m_pong; }          // a pong nobody asked for, with the ping's payload

Q_SIGNALS:
    void stateChanged(Duplex::ClientSession::State state);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Carrier { WebSocket, EventStream, Polls };
    Carrier carrierFor(const QString &url) const;
    void onConnectClicked();
    bool open(); // with what the form says
    bool openStream(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers);
    bool openPolls(const QUrl &url);
    void showFields(); // those of the carrier the URL and the transport choose
    void onEvent(const EventStreamParser::Event &event);
    void onSend();
    void useRequest(const ClientSession::Request &request); // in the form, undoably
    void playReplay();                                      // connecting first when closed
    void onStateChanged(ClientSession::State state);
    void onCertificateRejected(const CertificateInfo &certificate);
    void note(const QString &line);
    void rememberUrl();                     // as typed, its variables unfilled
    QPlainTextEdit *composerEditor() const; // Text's or Hex's, whichever shows; none for File
    ComposerMemory::Message composed() const;
    void showComposed(const ComposerMemory::Message &message);
    void fillSavedMenu();
    // A dialog of lines to type (the variables, the auto-replies) that stays open, naming what apply() finds wrong,
    // until it finds nothing.
    void editLines(const QString &title, const QString &explanation, const QString &example, const QString &current,
        const std::function<QStringList(const QString &)> &apply);
    void autoReply(const QString &received);
    bool confirmLosingSaved(const QString &question, const QString &action); // action: the button that agrees
    // Runs f(session) on the network thread and notes the error it reports, if any.
    template <typename F> bool onSession(F f);
    // Runs f(&error) on the network thread and notes the error it reports, if any.
    template <typename F> bool onNetwork(F f);

    NetworkThread &m_network;
    QSettings &m_settings;
    ComposerMemory m_memory;
    CertificateTrust &m_trust;              // used on the network thread only
    ClientSession *m_session;               // lives on the network thread
    EventSourceSession *m_stream;           // lives on the network thread
    PollSession *m_poller;                  // lives on the network thread
    Carrier m_carrier = Carrier::WebSocket; // whose state the panel shows
    ClientSession::State m_state = ClientSession::State::Closed;
    quint64 m_textsSent = 0; // {{$counter}} of the last text message

    QComboBox *m_url;
    QFormLayout *m_form;
    QLineEdit *m_subprotocols;
    QPlainTextEdit *m_headers;
    QLineEdit *m_origin;
    TlsFileFields m_tls;
    QCheckBox *m_offerDeflate;
    ProxyField *m_proxy;
    QWidget *m_transportRow; // the transport and the poll interval
    QComboBox *m_httpTransport;
    QDoubleSpinBox *m_pollInterval;
    QComboBox *m_method;
    QLineEdit *m_body;
    QLineEdit *m_eventTypes;
    QPushButton *m_connect;
    QLabel *m_stateLabel;
    QCheckBox *m_reconnect;
    QTabWidget *m_composer;
    QPlainTextEdit *m_text;
    QPlainTextEdit *m_hex;
    QLineEdit *m_file;
    QPushButton *m_send;
    QCheckBox *m_repeat;
    QDoubleSpinBox *m_repeatInterval; // seconds
    QTimer m_repeater;
    QToolButton *m_saved; // its menu loads, saves and deletes named messages
    QPushButton *m_formatJson;
    QToolButton *m_rules; // a menu: Variables…, Auto-replies…
    QHash<QString, QString> m_variables;
    QList<AutoReplies::Rule> m_autoReplies;
    QElapsedTimer m_autoReplySecond; // the second the auto-replies are counted in
    int m_autoRepliesThisSecond = 0;
    QProgressBar *m_progress;
    QGroupBox *m_sendGroup;
    ReplayBar *m_replayBar;
    QWidget *m_frameControls; // ping and close: WebSocket only
    QLineEdit *m_pingPayload;
    QPushButton *m_pong;
    QSpinBox *m_fragmentBytes;
    QComboBox *m_closeCode;
    QLineEdit *m_closeReason;
    QPlainTextEdit *m_log;
};

} // namespace Duplex
