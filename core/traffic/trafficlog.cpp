// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/trafficlog.h"

#include <QMetaMethod>

namespace Duplex {

TrafficLog::TrafficLog(qsizetype capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(capacity)
    , m_startedAt(QDateTime::currentDateTimeUtc())
{
    m_clock.start();
}

void TrafficLog::append(TrafficRecord record)
{
    if (record.timeUs < 0)
        record.timeUs = nowUs();
    Q_EMIT recorded(record);
    if (m_capacity == 0) { // a log that only announces (the network thread's, the server's)
        ++m_dropped;
        return;
    }
    m_records.push_back(std::move(record));
    m_budget.pushedBack(m_records);
    if (qsizetype(m_records.size()) > m_capacity) {
        m_budget.eraseFront(m_records, 1);
        ++m_dropped;
    }
}

bool TrafficLog::isHeard() const
{
    static const QMetaMethod recordedSignal = QMetaMethod::fromSignal(&TrafficLog::recorded);
    return m_capacity > 0 || isSignalConnected(recordedSignal);
}

void TrafficLog::clear()
{
    m_records.clear();
    m_budget.clear();
    m_dropped = 0;
    Q_EMIT cleared();
}

} // namespace Duplex
