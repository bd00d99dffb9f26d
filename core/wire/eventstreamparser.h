// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Duplex {

// Reads an event stream (text/event-stream) by the WHATWG rules, HTML §9.2.6, and nothing else, so the room's
// writer is checked against the standard and not against itself: one leading BOM skipped, CR, LF and CRLF line
// ends, ':' comments, "field: value" with one optional space, data lines joined with LF, ids with NUL ignored,
// retry only when all digits, an event without data not dispatched, and an unfinished event at the end left
// undispatched. It reads the network, so an event's data (or one line) larger than the limit stops it with a
// reason rather than growing without bound.
class EventStreamParser
{
public:
    struct Event
    {
        QString type; // "message" when the stream named none
        QString data;
        QString lastEventId; // the stream's last event id when the event was dispatched
    };

    explicit EventStreamParser(qsizetype maxEventBytes = 16 << 20)
        : m_maxEventBytes(maxEventBytes)
    { }

    // False once the stream broke a limit: nothing more is read, and errorString() says why.
    bool feed(QByteArrayView bytes);
    QList<Event> takeEvents() { return std::exchange(m_events, {}); }
    // The stream ended: an unfinished event is dropped, not dispatched. The last event id and retry stay, for
    // the reconnection, whose stream may start with a BOM again.
    void endOfStream();
    qsizetype comments() const { return m_comments; }
    qint64 retry() const { return m_retry; } // -1 until the stream set it
    QString lastEventId() const { return m_lastEventId; }
    QString errorString() const { return m_error; }

private:
    bool takeLine();
    void processLine(const QString &line);
    void dispatch();
    bool fail();

    qsizetype m_maxEventBytes;
    QByteArray m_pending; // bytes of an unfinished line
    bool m_started = false;
    bool m_afterCr = false;
    QString m_type;
    QString m_data;
    qsizetype m_eventBytes = 0; // the data the event being read holds so far
    QString m_eventId;          // the id buffer
    QString m_lastEventId;      // what dispatched events carry
    qint64 m_retry = -1;
    qsizetype m_comments = 0;
    QList<Event> m_events;
    QString m_error;
};

} // namespace Duplex
