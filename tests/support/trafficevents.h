// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <optional>

#include "traffic/trafficlog.h"

// What the tests read back from a traffic log.
namespace Duplex::Test {

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
