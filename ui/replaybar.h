// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGroupBox>
#include <QPointer>

#include "client/replay.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace Duplex {

class FrameLogModel;
class NetworkThread;
struct ConnectionInfo;

// The Client tab's replay of a recorded connection: what it holds, how it is paced, Play and Stop, and how far it
// came. Hidden until a script is loaded. The replay itself runs on the network thread, on the panel's session.
class ReplayBar final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplayBar)

public:
    // session lives on network's thread; both must outlive this bar.
    ReplayBar(NetworkThread &network, ClientSession *session, QWidget *parent = nullptr);
    ~ReplayBar() override;

    // What the client said on a WebSocket connection, as the frames table holds it now: its request from the
    // recorded upgrade, and each text or binary message once, whole (its fragments joined, sent at its first
    // fragment's time), the first timed from when the connection was first seen. None, with the reason, without a
    // readable request.
    static std::optional<ReplayScript> scriptOf(
        const FrameLogModel &frames, const ConnectionInfo &connection, QString *error = nullptr);

    // The three pacings, each item's data a ReplayPacer::Pacing, in words that name the other side ("the server").
    static QComboBox *newPacingChoice(const QString &otherSide);
    static ReplayPacer::Pacing chosenPacing(const QComboBox &choice); // of one newPacingChoice() made
    // summary of what was recorded, and how many messages the monitor no longer held whole, if any.
    static QString withLost(const QString &summary, qsizetype lost);
    // Shows script's messages, said on name ("client 1 · /echo"), ready to play; one playing stops first.
    void load(const ReplayScript &script, const QString &name);
    // Starts the loaded messages on the session, which opens or is open (Replay::start).
    void play();
    void stop();
    bool isPlaying() const { return m_playing; }

    QLabel *summary() const { return m_summary; }
    QComboBox *pacing() const { return m_pacing; }     // its items' data: ReplayPacer::Pacing
    QPushButton *playButton() const { return m_play; } // Play, or Stop while playing
    QProgressBar *progress() const { return m_progress; }

Q_SIGNALS:
    // Play was pressed: the panel opens the connection, if it must, then calls play().
    void playRequested();
    void noted(const QString &line); // for the client's log

private:
    void onFinished(const QString &outcome);

    NetworkThread &m_network;
    ClientSession *m_session;
    QList<RecordedMessage> m_messages;
    QPointer<Replay> m_replay; // while playing; lives on the network thread
    bool m_playing = false;
    QLabel *m_summary;
    QComboBox *m_pacing;
    QPushButton *m_play;
    QProgressBar *m_progress;
};

} // namespace Duplex
