// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QPersistentModelIndex>
#include <QWidget>

class QAction;
class QBoxLayout;
class QComboBox;
class QTabWidget;

namespace Duplex {

class ConnectionListModel;
class FrameLogModel;
class FramesPanel;
class HandshakePanel;
class HeartbeatPanel;
class HeartbeatTracker;

// What crossed the wire, for the room and every client session alike: one connection picker over the
// handshakes, the frames and the heartbeat.
class MonitorPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorPanel)

public:
    MonitorPanel(ConnectionListModel &connections, FrameLogModel &frames, HeartbeatTracker &heartbeats,
        QWidget *parent = nullptr);

    void pickConnection(quint64 connection); // 0: all
    void addBarButton(QAction *action);      // beside the connection picker
    QComboBox *picker() const { return m_picker; }
    QTabWidget *tabs() const { return m_tabs; }
    HandshakePanel *handshakes() const { return m_handshakes; }
    FramesPanel *frames() const { return m_frames; }
    HeartbeatPanel *heartbeat() const { return m_heartbeat; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void addToPicker(int first, int last); // rows of the connection model
    void showInPicker(int index, int row); // the connection at the model's row, at the picker's index
    void drawSparkline(int index, quint64 connection);
    int pickerIndexOf(quint64 connection) const; // -1 if it is not listed
    void onPicked();

    ConnectionListModel &m_connections;
    HeartbeatTracker &m_heartbeats;
    QBoxLayout *m_bar;
    QComboBox *m_picker;
    // Each listed connection's item: found at once for each pong, where a search of a thousand items was not.
    QHash<quint64, QPersistentModelIndex> m_pickerItems;
    QTabWidget *m_tabs;
    HandshakePanel *m_handshakes;
    FramesPanel *m_frames;
    HeartbeatPanel *m_heartbeat;
};

} // namespace Duplex
