// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include <optional>

#include "wire/httphead.h"
#include "wire/permessagedeflate.h"

// The opening handshake (RFC 6455 §4): its key arithmetic, and the checks of a request and its response.
namespace Duplex::Handshake {

// A valid Sec-WebSocket-Key is the base64 encoding of exactly 16 bytes (§4.1, item 7).
bool isValidKey(QByteArrayView key);
// Sec-WebSocket-Accept = base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")) (§4.2.2, item 5.4).
QByteArray acceptFor(QByteArrayView key);

// What an observer concludes from both heads of one handshake.
struct Verdict
{
    int status = 0;
    QByteArray key;            // Sec-WebSocket-Key as the client sent it
    QByteArray expectedAccept; // computed from key
    QByteArray accept;         // Sec-WebSocket-Accept as the server sent it
    QByteArray subprotocol;    // chosen by the server, empty if none
    QByteArray extensions;     // accepted by the server, as it wrote them
    std::optional<DeflateParameters> deflate;
    QList<QByteArray> problems; // every way either side broke §4; empty for a valid upgrade

    bool acceptValid() const { return !accept.isEmpty() && accept == expectedAccept; }
    bool upgraded() const { return status == 101 && problems.isEmpty(); }
};

Verdict check(const HttpHead &request, const HttpHead &response);

} // namespace Duplex::Handshake
