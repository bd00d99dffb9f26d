// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGroupBox>

#include "traffic/replaypacer.h"

class QComboBox;
class QLabel;

namespace Duplex {

class RoomHost;

// The Host tab's replay: the server's side of a recorded connection, which the room plays at /replay to each
// client that connects, how it is paced, and Stop Replaying. Hidden until one is loaded. Replacing or stopping a
// recording asks first: the monitor may no longer hold the connection it came from.
class RoomReplayBox final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoomReplayBox)

public:
    explicit RoomReplayBox(RoomHost &host, QWidget *parent = nullptr);

    // The room plays messages, the server's on name ("client 1 · /echo"), from now on; lost counts those the
    // monitor no longer held. False when the person kept the recording already loaded.
    bool load(const QList<RecordedMessage> &messages, const QString &name, qsizetype lost);
    // /replay refused again. False when the person kept the recording.
    bool stop();
    bool isReplaying() const { return !m_messages.isEmpty(); }
    QLabel *summary() const { return m_summary; }
    QLabel *where() const { return m_where; }
    QComboBox *pacing() const { return m_pacing; }

private:
    void showWhere();

    RoomHost &m_host;
    QList<RecordedMessage> m_messages;
    QString m_name; // of the connection they were recorded on
    QLabel *m_summary;
    QLabel *m_where;
    QComboBox *m_pacing;
};

} // namespace Duplex
