// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QWidget>

#include "relay/websocketrelay.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace Duplex {

class NetworkThread;

// The relay's intercept mode for a person: hold the messages going one way or both, read and edit the held one
// (text as text, binary as hex bytes), send it on or drop it, and send messages of one's own to either side of a
// connection. The relay runs on the network thread; this view follows it through its signals.
class InterceptView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InterceptView)

public:
    InterceptView(NetworkThread &network, WebSocketRelay &relay, QWidget *parent = nullptr);

    int heldCount() const { return int(m_messages.size()); }
    QCheckBox *holdToServer() const { return m_holdToServer; }
    QCheckBox *holdToClient() const { return m_holdToClient; }
    QLineEdit *holdPattern() const { return m_holdPattern; } // a regular expression; empty: hold every message
    QListWidget *held() const { return m_held; }
    QPlainTextEdit *editor() const { return m_editor; }
    QComboBox *connections() const { return m_connections; }
    QLineEdit *composer() const { return m_composer; }
    QLabel *problem() const { return m_problem; }

    // What the buttons do. Forwarding sends the selected message on as the editor has it; all of them, from the
    // first held, each as it was edited (an edit stays with its message while others are shown). False, with why
    // shown, when nothing went.
    bool forwardSelected();
    bool dropSelected();
    bool forwardAll();
    bool send(Direction direction);

private:
    void onHeld(const HeldMessage &message);
    void onReleased(quint64 message);
    void showSelected();
    quint64 selected() const;
    QString draftOf(const HeldMessage &message) const; // as the editor has it, or had it when it was shown
    // The editor's payload for message when the person changed it; nothing when unchanged; false when it cannot be
    // (binary that is not hex bytes).
    bool edited(const HeldMessage &message, std::optional<QByteArray> *payload);
    bool say(const QString &problem);
    void applyHoldPattern();

    NetworkThread &m_network;
    WebSocketRelay &m_relay; // lives on the network thread
    QHash<quint64, HeldMessage> m_messages;
    QHash<quint64, QString> m_drafts; // what the person typed for held messages not shown now
    quint64 m_shown = 0;              // the held message in the editor
    QCheckBox *m_holdToServer;
    QCheckBox *m_holdToClient;
    QLineEdit *m_holdPattern;
    QListWidget *m_held;
    QPlainTextEdit *m_editor;
    QPushButton *m_forward;
    QPushButton *m_drop;
    QPushButton *m_forwardAll;
    QComboBox *m_connections;
    QLineEdit *m_composer;
    QPushButton *m_sendToServer;
    QPushButton *m_sendToClient;
    QLabel *m_problem;
};

} // namespace Duplex
