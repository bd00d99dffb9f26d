// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/eventstreamparser.h"

#include <algorithm>

namespace Duplex {

bool EventStreamParser::feed(QByteArrayView bytes)
{
    if (!m_error.isEmpty())
        return false;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '\n' && m_afterCr) { // the LF of a CRLF whose CR already ended the line
            m_afterCr = false;
            lineStart = i + 1;
            continue;
        }
        m_afterCr = c == '\r';
        if (c != '\r' && c != '\n')
            continue;
        m_pending += bytes.sliced(lineStart, i - lineStart);
        lineStart = i + 1;
        if (!takeLine())
            return false;
    }
    m_pending += bytes.sliced(lineStart);
    return m_eventBytes + m_pending.size() <= m_maxEventBytes || fail();
}

void EventStreamParser::endOfStream()
{
    m_pending.clear();
    m_started = false;
    m_afterCr = false;
    m_type.clear();
    m_data.clear();
    m_eventBytes = 0;
    m_eventId = m_lastEventId;
}

bool EventStreamParser::takeLine()
{
    QString line = QString::fromUtf8(m_pending); // lines end at CR or LF, never inside a UTF-8 sequence
    m_pending.clear();
    if (!m_started && line.startsWith(QChar(0xfeff)))
        line.remove(0, 1);
    m_started = true;
    processLine(line);
    return m_eventBytes <= m_maxEventBytes || fail();
}

bool EventStreamParser::fail()
{
    m_error = QStringLiteral("an event over %1 bytes: the stream is not read further").arg(m_maxEventBytes);
    m_pending.clear();
    m_data.clear();
    return false;
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
        m_eventBytes += value.size() + 1; // only data accumulates: comments and other fields replace or vanish
    } else if (field == u"id") {
        if (!value.contains(QChar(0)))
            m_eventId = value;
    } else if (field == u"retry") {
        bool ok = false;
        const qint64 retry = value.toLongLong(&ok);
        if (ok && std::all_of(value.cbegin(), value.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; }))
            m_retry = retry;
    }
}

void EventStreamParser::dispatch()
{
    m_eventBytes = 0;
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

} // namespace Duplex
