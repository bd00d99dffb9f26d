// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QThread>

#include <atomic>
#include <chrono>
#include <ctime>
#include <deque>

#include "traffic/payloadbudget.h"
#include "traffic/trafficrecord.h"

class QTimer;

namespace Duplex {

class TrafficLog;

// The thread the network runs on, away from the window. Servers and client sessions made on it record into its
// log(); their records reach the mirror log, on the thread that made this object, in batches: the window handles
// one event per interval however fast frames arrive, and a window that falls behind loses the oldest records
// (counted in dropped()) and payloads (past the payload budget) instead of growing without bound.
class NetworkThread final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkThread)

public:
    static constexpr std::chrono::milliseconds batchInterval {50};
    static constexpr qsizetype maxPendingRecords = 200'000;

    // mirror must outlive this object.
    explicit NetworkThread(TrafficLog &mirror, QObject *parent = nullptr);
    // Deletes everything that lives on the thread (children of context()), then joins it.
    ~NetworkThread() override;

    // Runs f on the network thread and waits for what it returns. Objects it creates take context() as parent.
    template <typename F> auto call(F &&f)
    {
        using Result = std::invoke_result_t<F>;
        if constexpr (std::is_void_v<Result>) {
            QMetaObject::invokeMethod(m_context, std::forward<F>(f), Qt::BlockingQueuedConnection);
        } else {
            Result result {};
            QMetaObject::invokeMethod(m_context, std::forward<F>(f), Qt::BlockingQueuedConnection, &result);
            return result;
        }
    }
    // While held, records wait on the network thread (the oldest dropped past maxPendingRecords) instead of reaching
    // the mirror, so that a window showing a capture file does not mix live traffic into it. Any thread.
    void setHeld(bool held);
    bool isHeld() const { return m_held.load(); }
    // The payload budget of the mirror and of the records waiting for it. The mirror's thread.
    void setPayloadBudget(qint64 bytes);
    QObject *context() const { return m_context; }
    TrafficLog &log() const { return *m_log; } // only on the network thread
    qsizetype dropped() const { return m_dropped.load(); }
    // CPU time the thread has used, in microseconds: what the servers on it cost (the Transport Lab's measure).
    // Any thread.
    qint64 cpuTimeUs() const;

private:
    void onRecorded(const TrafficRecord &record);    // network thread
    void sendBatch();                                // network thread
    void requeue(const QList<TrafficRecord> &batch); // network thread: a batch that arrived while held
    void dropOverflow();                             // network thread: the oldest beyond maxPendingRecords

    TrafficLog &m_mirror;
    QThread m_thread;
    QObject *m_context; // lives on m_thread
    TrafficLog *m_log;  // child of m_context
    QTimer *m_batchTimer;
    std::deque<TrafficRecord> m_pending; // network thread only
    PayloadBudget m_pendingBudget;       // network thread only
    std::atomic<bool> m_batchInFlight = false;
    std::atomic<bool> m_held = false;
    std::atomic<qsizetype> m_dropped = 0;
    clockid_t m_cpuClock {}; // of m_thread
};

} // namespace Duplex
