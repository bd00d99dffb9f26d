// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Duplex::Test {

// An event stream parser written from the WHATWG rules (HTML §9.2.6) and nothing else, so the server's writer is
// checked against the standard and not against itself: one leading BOM skipped, CR, LF and CRLF line ends, ':'
// comments, "field: value" with one optional space, data lines joined with LF, ids with NUL ignored, retry only
// when all digits, an event without data not dispatched, and an unfinished event at the end left undispatched.
class EventStreamParser
{
public:
    struct Event
    {
        QString type; // "message" when the stream named none
        QString data;
        QString lastEventId; // the stream's last event id when the event was dispatched
    };

    void feed(QByteArrayView bytes);
    QList<Event> takeEvents() { return std::exchange(m_events, {}); }
    qsizetype comments() const { return m_comments; }
    qint64 retry() const { return m_retry; } // -1 until the stream set it
    QString lastEventId() const { return m_lastEventId; }

private:
    void processLine(const QString &line);
    void dispatch();

    QByteArray m_pending; // bytes of an unfinished line
    bool m_started = false;
    bool m_afterCr = false;
    QString m_type;
    QString m_data;
    QString m_eventId;     // the id buffer
    QString m_lastEventId; // what dispatched events carry
    qint64 m_retry = -1;
    qsizetype m_comments = 0;
    QList<Event> m_events;
};

} // namespace Duplex::Test
