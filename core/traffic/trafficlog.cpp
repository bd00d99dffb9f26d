// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/trafficlog.h"

#include "wire/httphead.h"

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
    if (auto *frame = std::get_if<Frame>(&record.event)) {
        if (frame->payload.size() > previewBytes)
            frame->payload.truncate(previewBytes);
        if (frame->inflated.size() > previewBytes)
            frame->inflated.truncate(previewBytes);
        frame->payload.squeeze(); // a kept frame must not hold on to a whole message's buffer
    } else if (auto *event = std::get_if<SseEvent>(&record.event)) {
        if (event->data.size() > previewBytes) {
            event->dataLength = event->data.size();
            event->data.truncate(previewBytes);
            event->data.squeeze();
        }
    } else if (auto *exchange = std::get_if<HttpExchange>(&record.event)) {
        for (QByteArray *message : {&exchange->request, &exchange->response}) {
            const qsizetype head = HttpHead::headLength(*message);
            if (head >= 0 && message->size() - head > previewBytes) {
                message->truncate(head + previewBytes);
                message->squeeze();
            }
        }
    }
    Q_EMIT recorded(record);
    m_records.push_back(std::move(record));
    if (qsizetype(m_records.size()) > m_capacity) {
        m_records.pop_front();
        ++m_dropped;
    }
}

void TrafficLog::clear()
{
    m_records.clear();
    m_dropped = 0;
    Q_EMIT cleared();
}

} // namespace Duplex
