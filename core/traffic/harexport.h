// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QIODevice;

namespace Duplex {
class TrafficLog;
}

// A traffic log as an HTTP Archive (HAR 1.2), the file browsers' devtools save and open, with Chrome's extensions
// for what HAR itself cannot hold:
// - every WebSocket connection is an entry with its handshake, and its messages in "_webSocketMessages" (type send,
//   client to server, or receive; time in seconds since the epoch; opcode; data: a text message's text, any other
//   payload in base64). A fragmented message is one message at its last frame, as a browser sees it (one cut off
//   before its last frame is not there); pings, pongs and closes are there with their opcodes;
// - every plain HTTP exchange is an entry with both bodies, and an SSE stream's events are in its entry's
//   "_eventSourceMessages" (time, eventName, eventId, data).
// A payload the monitor's memory budget took is marked "_payloadDropped" instead of being there.
namespace Duplex::HarExport {

// Writes every record log holds as one HAR document, entry by entry. False, with the device's error in errorOut,
// when writing failed.
bool write(QIODevice &file, const TrafficLog &log, QString *errorOut = nullptr);

} // namespace Duplex::HarExport
