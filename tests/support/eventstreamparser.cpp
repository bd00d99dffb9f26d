// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/eventstreamparser.h"

#include <algorithm>

namespace Duplex::Test {

void EventStreamParser::feed(QByteArrayView bytes)
{
    for (const char c : bytes) {
        if (m_afterCr && c == '\n') { // the LF of a CRLF already ended the line
            m_afterCr = false;
            continue;
        }
        m_afterCr = c == '\r';
        if (c != '\r' && c != '\n') {
            m_pending.append(c);
            continue;
        }
        QString line = QString::fromUtf8(m_pending);
        m_pending.clear();
        if (!m_started && line.startsWith(QChar(0xfeff)))
            line.remove(0, 1);
        m_started = true;
        processLine(line);
    }
}

void EventStreamParser::processLine(const QString &line)
{
    if (line.isEmpty())
        return dispatch();
    if (line.startsWith(u':')) {
        ++m_comments;
        return;
    }
    const qsizetype colon = line.indexOf(u':');
    const QString field = colon < 0 ? line : line.first(colon);
    QString value = colon < 0 ? QString() : line.sliced(colon + 1);
    if (value.startsWith(u' '))
        value.remove(0, 1);
    if (field == u"event") {
        m_type = value;
    } else if (field == u"data") {
        m_data += value + u'\n';
    } else if (field == u"id") {
        if (!value.contains(QChar(0)))
            m_eventId = value;
    } else if (field == u"retry") {
        if (!value.isEmpty() && std::all_of(value.cbegin(), value.cend(), [](QChar c) { return c.isDigit(); }))
            m_retry = value.toLongLong();
    }
}

void EventStreamParser::dispatch()
{
    m_lastEventId = m_eventId;
    if (m_data.isEmpty()) {
        m_type.clear();
        return;
    }
    m_data.chop(1); // the last LF
    m_events.append({m_type.isEmpty() ? QStringLiteral("message") : m_type, m_data, m_lastEventId});
    m_type.clear();
    m_data.clear();
}

} // namespace Duplex::Test
