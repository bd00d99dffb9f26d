// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "lab/labfigures.h"

class QChart;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSettings;
class QSpinBox;
class QTableWidget;

namespace Duplex {

class NetworkThread;
class RoomHost;
class TransportLab;

// The Transport Lab tab: the same room traffic over WebSocket, SSE, long polls and short polls, measured side by
// side. Start hosts a room of the lab's own on 127.0.0.1 (so that the people in the window's room are not flooded
// and the lab can lift the chat rate limit), runs the lab against it and stops it at the end; the table and the
// charts follow the run live, and Export writes the table as CSV or Markdown.
class TransportLabPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TransportLabPanel)

public:
    // room: stopped, and only the lab's; settings remember the last run's choices. All must outlive the panel.
    TransportLabPanel(RoomHost &room, const NetworkThread &network, QSettings &settings, QWidget *parent = nullptr);
    ~TransportLabPanel() override;

    LabSettings labSettings() const;
    void setLabSettings(const LabSettings &settings);
    bool start(); // false, with why in the status line, when the lab's room cannot listen
    void stop();
    bool isRunning() const;
    // The last table as CSV (a .csv path) or Markdown (any other); false with why.
    bool exportResults(const QString &path, QString *error = nullptr) const;

    QTableWidget *table() const { return m_table; }
    QLabel *status() const { return m_status; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    QChart *bytesChart() const { return m_bytesChart; }
    QChart *cpuChart() const { return m_cpuChart; }
    QChart *latencyChart() const { return m_latencyChart; }

Q_SIGNALS:
    void finished(); // a run ended, by itself or stopped

protected:
    void changeEvent(QEvent *event) override;

private:
    void showFigures(const QList<LabFigures> &figures);
    void showTable();
    void showCharts();
    void shadeCharts(); // Qt Charts' light or dark theme, as the palette is
    void onFinished(const QList<LabFigures> &figures, const QString &why);
    void setRunning(bool running);
    void exportAs();

    RoomHost &m_room;
    QSettings &m_settings;
    TransportLab *m_lab;
    QSpinBox *m_clients[std::size(ChatProtocol::allTransports)];
    QDoubleSpinBox *m_rate;
    QSpinBox *m_messageBytes;
    QSpinBox *m_pollInterval;
    QSpinBox *m_duration;
    QPushButton *m_start;
    QPushButton *m_stop;
    QPushButton *m_export;
    QLabel *m_status;
    QTableWidget *m_table;
    QChart *m_bytesChart;
    QChart *m_cpuChart;
    QChart *m_latencyChart;
    LabSettings m_running; // the settings of the run shown
    QList<LabFigures> m_figures;
};

} // namespace Duplex
