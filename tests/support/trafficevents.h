// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <optional>

#include "traffic/trafficlog.h"

// What the tests give a traffic log, and read back from it.
namespace Duplex::Test {

// A frame's record as a tap makes one: unmasked, its payload whole; messageOpcode is a continuation's message's.
inline TrafficRecord frameRecord(qint64 timeUs, quint64 connection, Direction direction, quint8 opcode,
    const QByteArray &payload, bool fin = true, quint8 messageOpcode = 0)
{
    Frame frame;
    frame.direction = direction;
    frame.opcode = opcode;
    frame.messageOpcode = messageOpcode ? messageOpcode : opcode;
    frame.fin = fin;
    frame.payload = payload;
    frame.payloadLength = quint64(payload.size());
    return {timeUs, connection, frame};
}

// The events of one kind, in order; only those of one connection when it is given.
template <typename Event> QList<Event> eventsOf(const TrafficLog &log, std::optional<quint64> connection = std::nullopt)
{
    QList<Event> events;
    for (const TrafficRecord &record : log.records()) {
        if (const auto *event = std::get_if<Event>(&record.event);
            event && connection.value_or(record.connection) == record.connection)
            events.append(*event);
    }
    return events;
}

// The frames that went one way, in order.
inline QList<Frame> framesOf(const TrafficLog &log, Direction direction)
{
    QList<Frame> frames;
    for (const Frame &frame : eventsOf<Frame>(log)) {
        if (frame.direction == direction)
            frames.append(frame);
    }
    return frames;
}

} // namespace Duplex::Test
