// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/replaypacer.h"

namespace Duplex {

ReplayPacer::ReplayPacer(
    QList<RecordedMessage> messages, Pacing pacing, std::chrono::milliseconds replyWait, QObject *parent)
    : QObject(parent)
    , m_messages(std::move(messages))
    , m_pacing(pacing)
    , m_replyWait(replyWait)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // the recorded gaps to the millisecond
    connect(&m_timer, &QTimer::timeout, this, &ReplayPacer::sayNext);
}

QString ReplayPacer::messageCount(qsizetype count)
{
    return count == 1 ? tr("1 message") : tr("%1 messages").arg(count);
}

void ReplayPacer::start()
{
    if (m_running || m_sent > 0)
        return;
    m_running = true;
    scheduleNext();
}

void ReplayPacer::stop()
{
    m_running = false;
    m_timer.stop();
}

void ReplayPacer::otherSideSpoke()
{
    ++m_repliesSinceSent;
    if (m_running && m_pacing == Pacing::Replies && m_sent < total()
        && m_repliesSinceSent == m_messages.at(m_sent).repliesBefore)
        m_timer.start(0);
}

void ReplayPacer::scheduleNext()
{
    if (m_sent == total()) {
        m_running = false;
        Q_EMIT allSent();
        return;
    }
    const RecordedMessage &next = m_messages.at(m_sent);
    switch (m_pacing) {
    case Pacing::Replies:
        m_timer.start(m_repliesSinceSent >= next.repliesBefore ? std::chrono::milliseconds(0) : m_replyWait);
        return;
    case Pacing::Timing:
        m_timer.start(std::chrono::round<std::chrono::milliseconds>(std::chrono::microseconds(next.gapUs)));
        return;
    case Pacing::Immediate:
        m_timer.start(0);
        return;
    }
}

void ReplayPacer::sayNext()
{
    const RecordedMessage next = m_messages.at(m_sent);
    if (m_pacing == Pacing::Replies && m_repliesSinceSent < next.repliesBefore) {
        Q_EMIT note(tr("Message %1 went after %2 s with %3 of the %4 replies recorded before it")
                        .arg(m_sent + 1)
                        .arg(double(m_replyWait.count()) / 1000)
                        .arg(m_repliesSinceSent)
                        .arg(next.repliesBefore));
    }
    ++m_sent;
    m_repliesSinceSent = 0;
    Q_EMIT due(next);
    if (m_running) // not stopped by whoever said it
        scheduleNext();
}

} // namespace Duplex
