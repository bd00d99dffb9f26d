// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "traffic/captureformat.h"

// A traffic log as an HTTP Archive (HAR 1.2), the file browsers' devtools save and open, with Chrome's extensions
// for what HAR itself cannot hold, and the other way round:
// - every WebSocket connection is an entry with its handshake, and its messages in "_webSocketMessages" (type send,
//   client to server, or receive; time in seconds since the epoch; opcode; data: a text message's text, any other
//   payload in base64). A fragmented message is one message at its last frame, as a browser sees it (one cut off
//   before its last frame is not there); pings, pongs and closes are there with their opcodes;
// - every plain HTTP exchange is an entry with both bodies, and an SSE stream's events are in its entry's
//   "_eventSourceMessages" (time, eventName, eventId, data).
// A payload the monitor's memory budget took is marked "_payloadDropped" instead of being there.
namespace Duplex::HarFormat {

// A HAR to be shared leaves out credentials, as Chrome's "Export HAR (sanitized)" does: the Authorization,
// Proxy-Authorization and Cookie headers of requests and Set-Cookie of responses, and also the query parameters
// password (a Duplex room's) and access_token (RFC 6750's bearer token in a URI) from URLs and query strings, and
// the text of a request that could not be read. Messages stay as they were.
enum class Sensitive : bool { LeftOut, Kept };

// Writes every record log holds as one HAR document, entry by entry. False, with the device's error in errorOut,
// when writing failed.
bool write(QIODevice &file, const TrafficLog &log, Sensitive sensitive, QString *errorOut = nullptr);

// The largest file read reads: a HAR is one JSON document, read whole.
constexpr qint64 maxFileBytes = qint64(512) << 20;
// Appends the records a HAR's entries stand for to log, which is empty, in the order of their times, and gives log
// the first entry's start as its zero: Chrome's, Firefox's or Duplex's own. Each entry is a connection of its own:
// a WebSocket opens, shakes hands, carries its messages (one final frame each; a message sent by the client masked
// with the key 0, the HAR having none) and closes after the last; any other entry is an HTTP exchange, with its SSE
// events after it. An entry or a message that cannot be read (a damaged or hand-made file) is skipped and counted,
// "entry 3, message 7: why"; the rest still reads.
// With progress, the file's JSON is parsed on a thread of the global QThreadPool while this thread calls progress
// every 50 ms or so: a large file takes seconds to parse, and no step of that parse can report how far it is.
CaptureFormat::Reading read(QIODevice &file, TrafficLog &log, const CaptureFormat::Progress &progress = {});

} // namespace Duplex::HarFormat
