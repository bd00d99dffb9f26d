// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <optional>

#include "wire/httphead.h"

namespace Duplex {

// One HTTP/1.1 request read from the front of a connection's bytes (RFC 9112): its head, and its body framed by
// Content-Length. It holds the limits a server needs before it trusts a byte, and each refusal carries its status
// and a sentence for the peer. Chunked bodies are refused, and so is any doubt about where the body ends (no
// request smuggling, RFC 9112 §6.3).
struct HttpRequest
{
    struct Limits
    {
        qsizetype maxHeadBytes = HttpHead::defaultMaxBytes;
        qsizetype maxTargetBytes = 8 << 10; // as nginx and Apache do by default
        qsizetype maxBodyBytes = 64 << 10;
    };
    enum class State : quint8 { Incomplete, Complete, Refused };

    // Reads the request at the start of bytes; bytes after it (a pipelined request, WebSocket frames) are left.
    static HttpRequest read(QByteArrayView bytes, const Limits &limits);

    State state = State::Incomplete;
    std::optional<HttpHead> head; // once the head is complete and valid, even while the body is not
    qsizetype headLength = 0;
    qsizetype bodyLength = 0; // from Content-Length
    int status = 0;           // when refused: 400, 411, 413, 414 or 431
    QByteArray reason;        // when refused: one sentence

    qsizetype length() const { return headLength + bodyLength; }
    // Whether the connection may carry another request after this one (RFC 9112 §9.3).
    bool keepAlive() const;
    // The client waits for "100 Continue" before it sends the body (curl does for bodies over 1 KiB).
    bool expectsContinue() const;
};

} // namespace Duplex
