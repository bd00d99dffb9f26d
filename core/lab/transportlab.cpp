// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab/transportlab.h"

#include "lab/labrun.h"

namespace Duplex {

TransportLab::TransportLab(const NetworkThread &network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{
    m_thread.setObjectName(QStringLiteral("lab"));
    m_thread.start();
}

TransportLab::~TransportLab()
{
    if (LabRun *run = m_run)
        QMetaObject::invokeMethod(
            run, [run] { delete run; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool TransportLab::start(quint16 roomPort, const LabSettings &settings)
{
    if (isRunning())
        return false;
    auto *run = new LabRun(settings, roomPort, m_network);
    run->moveToThread(&m_thread);
    connect(run, &LabRun::progressed, this, &TransportLab::progressed);
    connect(run, &LabRun::finished, this, [this, run](const QList<LabFigures> &figures, const QString &why) {
        run->deleteLater();
        m_run = nullptr;
        Q_EMIT finished(figures, why);
    });
    m_run = run;
    QMetaObject::invokeMethod(run, &LabRun::start);
    return true;
}

void TransportLab::stop()
{
    if (LabRun *run = m_run)
        QMetaObject::invokeMethod(run, &LabRun::stop);
}

} // namespace Duplex
