// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include "wire/websocketframe.h"

namespace Duplex {

class FrameLogModel;

// One connection's conversation, as Wireshark's Follow Stream shows a TCP stream: what each side said, oldest first,
// each message once and whole (its fragments joined, at its last fragment's time); control frames, SSE events,
// HTTP bodies and violations as the frames table words them. Read from what the table holds now.
namespace Conversation {

struct Line
{
    QString time;        // as the table shows it
    Direction direction; // who spoke
    QString kind;        // "text", "binary", "ping", "close", "event", …
    QString text;        // a text message as it is, anything else in hex; cut past maxShownBytes
    bool heartbeat;      // a ping or a pong, which a reader may want out of the way
};

constexpr qsizetype maxShownBytes = 64 * 1024; // a transcript is to read, the payload views are for the rest

QList<Line> of(const FrameLogModel &frames, quint64 connection);
// One line each, "12.345678  client → server  text  hello", for the clipboard or a file.
QString asText(const QList<Line> &lines);
// One line each without its time, "client → server  text  hello", and without pings and pongs, whose times and
// number differ from run to run: two runs of one exchange read alike but where they differ.
QString withoutTimes(const QList<Line> &lines);
QString sides(Direction direction); // "client → server" or "server → client"

} // namespace Conversation
} // namespace Duplex
