// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QThread>

#include "lab/labfigures.h"

namespace Duplex {

class LabRun;
class NetworkThread;

// The Transport Lab as the window drives it: runs (LabRun) against a room on 127.0.0.1, one at a time, on the lab's
// own thread, reporting back to the thread that made this object.
class TransportLab final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TransportLab)

public:
    // network: the thread the room runs on; it must outlive this object.
    explicit TransportLab(const NetworkThread &network, QObject *parent = nullptr);
    ~TransportLab() override; // stops a run

    bool isRunning() const { return !m_run.isNull(); }
    // Against the Duplex room listening on roomPort of 127.0.0.1; false while a run is going.
    bool start(quint16 roomPort, const LabSettings &settings);
    void stop(); // finished() follows

Q_SIGNALS:
    void progressed(const QList<Duplex::LabFigures> &figures);
    void finished(const QList<Duplex::LabFigures> &figures, const QString &why);

private:
    const NetworkThread &m_network;
    QThread m_thread;
    QPointer<LabRun> m_run; // lives on m_thread
};

} // namespace Duplex
