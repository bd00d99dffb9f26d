// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <deque>

#include "traffic/payloadbudget.h"
#include "traffic/trafficrecord.h"

namespace Duplex {

// The one record of everything that crossed the wire, which every view and capture file is made from. Holds the
// latest records up to a capacity, their payloads whole up to a memory budget (past it, the oldest payloads go
// first), and counts what it had to drop.
class TrafficLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficLog)

public:
    static constexpr qsizetype defaultCapacity = 100'000;
    // What comes after the records that go, which tells those who follow the log what to forget. Live traffic
    // (Clear Monitor, or back from a capture file): what they know of the live connections still open stays, and
    // their next records go on where the cleared ones left off. A capture file's records: their ids may be the
    // numbers of live connections, so what is known of live traffic is put aside until live traffic comes back.
    enum class Clearing : quint8 { ToLive, ToCapture };
    Q_ENUM(Clearing)

    explicit TrafficLog(qsizetype capacity = defaultCapacity, QObject *parent = nullptr);

    quint64 newConnectionId() { return ++m_lastConnection; }
    quint64 newSessionId() { return ++m_lastSession; }
    // Microseconds on the log's monotonic clock; startedAt() is its zero on the wall clock.
    qint64 nowUs() const { return m_clock.nsecsElapsed() / 1000; }
    // The wall-clock time of the records' zero: the clock's, or that of the capture file they were read from.
    QDateTime startedAt() const { return m_startedAt; }
    // The records about to be read from a capture file count from its zero, until clear().
    void setStartedAt(const QDateTime &zero) { m_startedAt = zero; }

    // Stamps the record with nowUs() unless it carries a time (as records read from a file do), announces it whole
    // and keeps it.
    void append(TrafficRecord record);
    // Whether a record appended now would be kept or announced to anyone. Where one is made for every delivery
    // (a room's frames and events), it is made only then: a server nobody watches records nothing.
    bool isHeard() const;
    const std::deque<TrafficRecord> &records() const { return m_records; }
    // Forgets every record; ids and the clock go on, and the clock's zero is the records' again.
    void clear(Clearing next);
    qsizetype dropped() const { return m_dropped; }
    qint64 payloadBudget() const { return m_budget.limit(); }
    void setPayloadBudget(qint64 bytes) { m_budget.setLimit(m_records, bytes); }
    qint64 heldPayloadBytes() const { return m_budget.held(); }
    qsizetype droppedPayloads() const { return m_budget.droppedPayloads(); }

Q_SIGNALS:
    void recorded(const Duplex::TrafficRecord &record);
    void cleared(Duplex::TrafficLog::Clearing next);

protected:
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    // Whether recorded() has listeners, kept between connections: asking Qt takes a lock, and a tap asks for every
    // frame. A connection makes it known at once; a disconnection makes it unknown until the next question (a
    // listener being destroyed tells before its connection is gone). At worst, a question from another thread in
    // that moment leaves Some: records are then made for nobody, never missed.
    enum class Listeners : quint8 { None, Some, Unknown };

    qsizetype m_capacity;
    mutable std::atomic<Listeners> m_listeners = Listeners::Unknown;
    std::deque<TrafficRecord> m_records;
    PayloadBudget m_budget;
    qsizetype m_dropped = 0;
    quint64 m_lastConnection = 0;
    quint64 m_lastSession = 0;
    QElapsedTimer m_clock;
    const QDateTime m_clockStartedAt;
    QDateTime m_startedAt;
};

} // namespace Duplex
