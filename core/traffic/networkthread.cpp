// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/networkthread.h"

#include <QList>
#include <QTimer>

#include <pthread.h>

#include "traffic/epolldispatcher.h"
#include "traffic/trafficlog.h"

namespace Duplex {

NetworkThread::NetworkThread(TrafficLog &mirror, QObject *parent)
    : QObject(parent)
    , m_mirror(mirror)
    , m_context(new QObject)
    , m_log(new TrafficLog(0, m_context)) // keeps nothing: the mirror keeps what the views show
    , m_batchTimer(new QTimer(m_context))
{
    m_thread.setObjectName(QStringLiteral("network"));
    m_batchTimer->setInterval(batchInterval);
    m_batchTimer->setSingleShot(true);
    connect(m_log, &TrafficLog::recorded, m_context, [this](const TrafficRecord &record) { onRecorded(record); });
    connect(m_batchTimer, &QTimer::timeout, m_context, [this] { sendBatch(); });
    m_context->moveToThread(&m_thread);
    // A hosted room waits once a pass for all its connections, as duplex-server's does (see EpollDispatcher).
    if (EpollDispatcher *dispatcher = EpollDispatcher::create())
        m_thread.setEventDispatcher(dispatcher);
    m_thread.start();
    call([this] { pthread_getcpuclockid(pthread_self(), &m_cpuClock); });
}

NetworkThread::~NetworkThread()
{
    call([this] { delete m_context; });
    m_thread.quit();
    m_thread.wait();
}

qint64 NetworkThread::cpuTimeUs() const
{
    timespec time {};
    clock_gettime(m_cpuClock, &time);
    return qint64(time.tv_sec) * 1'000'000 + time.tv_nsec / 1000;
}

void NetworkThread::setHeld(bool held)
{
    if (m_held.exchange(held) && !held)
        QMetaObject::invokeMethod(m_context, [this] { sendBatch(); }); // what waited goes now
}

void NetworkThread::setPayloadBudget(qint64 bytes)
{
    m_mirror.setPayloadBudget(bytes);
    QMetaObject::invokeMethod(m_context, [this, bytes] { m_pendingBudget.setLimit(m_pending, bytes); });
}

void NetworkThread::onRecorded(const TrafficRecord &record)
{
    m_pending.push_back(record);
    m_pendingBudget.pushedBack(m_pending);
    dropOverflow();
    if (!m_batchTimer->isActive())
        m_batchTimer->start();
}

void NetworkThread::dropOverflow()
{
    const qsizetype overflow = qsizetype(m_pending.size()) - maxPendingRecords;
    if (overflow > 0) {
        m_pendingBudget.eraseFront(m_pending, overflow);
        m_dropped += overflow;
    }
}

void NetworkThread::sendBatch()
{
    // One batch at a time: while the window is busy with the last one, records wait here.
    if (m_pending.empty() || m_held)
        return;
    if (m_batchInFlight.exchange(true))
        return m_batchTimer->start();
    QList<TrafficRecord> batch(std::make_move_iterator(m_pending.begin()), std::make_move_iterator(m_pending.end()));
    m_pending.clear();
    m_pendingBudget.clear();
    QMetaObject::invokeMethod(this, [this, batch = std::move(batch)]() mutable {
        if (m_held) { // held while this batch was on its way: it waits with the rest
            QMetaObject::invokeMethod(m_context, [this, batch = std::move(batch)] { requeue(batch); });
            return;
        }
        for (const TrafficRecord &record : batch)
            m_mirror.append(record);
        m_batchInFlight = false;
    });
}

void NetworkThread::requeue(const QList<TrafficRecord> &batch)
{
    m_pending.insert(m_pending.begin(), batch.cbegin(), batch.cend()); // older than what arrived meanwhile
    m_pendingBudget.pushedFront(m_pending, batch.size());
    dropOverflow();
    m_batchInFlight = false;
    if (!m_held)
        sendBatch();
}

} // namespace Duplex
