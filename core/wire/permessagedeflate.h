// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>

#include <functional>
#include <memory>
#include <optional>

#include "wire/websocketframe.h"

// zlib's stream, kept out of this header so users need not include zlib.h.
struct z_stream_s;

namespace Duplex {

// What a handshake negotiated for permessage-deflate (RFC 7692 §7.1).
struct DeflateParameters
{
    bool serverNoContextTakeover = false;
    bool clientNoContextTakeover = false;
    int serverMaxWindowBits = 15;
    int clientMaxWindowBits = 15;

    // The parameters of permessage-deflate in a Sec-WebSocket-Extensions value, or nothing when it is absent or
    // its parameters are malformed.
    static std::optional<DeflateParameters> fromExtensions(QByteArrayView headerValue);
    // The sender's side of the agreement: its window and whether it starts afresh with every message.
    int windowBits(Direction direction) const;
    bool noContextTakeover(Direction direction) const;
};

// Inflates the messages one side of a permessage-deflate connection compressed (RFC 7692 §7.2.2).
class Inflater
{
public:
    Inflater(const DeflateParameters &parameters, Direction direction);
    ~Inflater();
    Q_DISABLE_COPY_MOVE(Inflater)

    // Inflates the next piece of the current message and passes the output to sink in pieces; at the message's
    // end, the trailer the sender removed is put back and the window reset if the sender resets its own.
    // False when the data is not valid deflate.
    bool inflate(QByteArrayView compressed, bool messageEnd, const std::function<void(QByteArrayView)> &sink);

private:
    bool run(QByteArrayView input, const std::function<void(QByteArrayView)> &sink);

    std::unique_ptr<z_stream_s> m_stream;
    bool m_resetEachMessage;
};

} // namespace Duplex
