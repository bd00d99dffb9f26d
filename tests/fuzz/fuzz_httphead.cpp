// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: HTTP heads as requests and as responses, and the handshake checks over both.
#include <QByteArrayView>
#include <QUrl>

#include "wire/handshake.h"
#include "wire/httphead.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    // Split at the first empty line: a request head, then what follows as a response head.
    const qsizetype requestLength = Duplex::HttpHead::headLength(bytes);
    const QByteArrayView requestBytes = requestLength < 0 ? bytes : bytes.first(requestLength);
    const QByteArrayView responseBytes = requestLength < 0 ? bytes : bytes.sliced(requestLength);
    const auto request = Duplex::HttpHead::parseRequest(requestBytes);
    const auto response = Duplex::HttpHead::parseResponse(responseBytes);
    if (request) { // what the gateway routes by
        request->path();
        request->query();
        request->host();
    }
    if (request && response)
        Duplex::Handshake::check(*request, *response);
    if (response) { // what the clients read of an answer
        Duplex::DeflateParameters::fromExtensions(response->value("Sec-WebSocket-Extensions"));
        response->redirectTarget(QUrl(QStringLiteral("ws://127.0.0.1:8080/chat?x=1")));
    }
    return 0;
}
