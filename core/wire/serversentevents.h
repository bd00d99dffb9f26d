// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

// The text/event-stream format (WHATWG HTML §9.2.5), as a server writes it.
namespace Duplex::ServerSentEvents {

// One event: "event:", "id:" (both left out when empty) and the data, each of its lines (CRLF, CR or LF) as a
// "data:" line of its own, then the empty line that dispatches it. A type or id holding a line break or NUL
// cannot be written: the caller passes only tokens and numbers.
QByteArray event(QByteArrayView type, QByteArrayView data, QByteArrayView id = {});
// A comment line, which every client ignores: a heartbeat that keeps proxies from closing an idle stream.
QByteArray comment(QByteArrayView text);
// How long the client waits before it reconnects.
QByteArray retry(qint64 milliseconds);

} // namespace Duplex::ServerSentEvents
