// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: HTTP heads as requests and as responses, and the handshake checks over both; a request as the
// relay sends it on reads as the same request but for its Host, and in intercept mode without the extensions offered.
#include <QByteArrayView>
#include <QUrl>

#include "wire/handshake.h"
#include "wire/httphead.h"

namespace {

void checkRelayed(const Duplex::HttpHead &request, QByteArrayView bytes)
{
    constexpr QByteArrayView upstream = "upstream.example:443";
    const auto relayed = Duplex::HttpHead::parseRequest(Duplex::HttpHead::withHost(bytes.toByteArray(), upstream));
    if (!relayed || relayed->target() != request.target() || relayed->fields().size() != request.fields().size())
        __builtin_trap();
    for (qsizetype i = 0; i < request.fields().size(); ++i) {
        const Duplex::HttpHead::Field &before = request.fields()[i];
        const Duplex::HttpHead::Field &after = relayed->fields()[i];
        const bool isHost = before.name.compare("Host", Qt::CaseInsensitive) == 0;
        if (after.name.compare(before.name, Qt::CaseInsensitive) != 0
            || after.value != (isHost ? upstream : before.value))
            __builtin_trap();
    }
}

void checkDeclined(const Duplex::HttpHead &request, QByteArrayView bytes)
{
    constexpr QByteArrayView extensions = "Sec-WebSocket-Extensions";
    const auto declined
        = Duplex::HttpHead::parseRequest(Duplex::HttpHead::withoutField(bytes.toByteArray(), extensions));
    if (!declined || declined->target() != request.target())
        __builtin_trap();
    qsizetype at = 0;
    for (const Duplex::HttpHead::Field &before : request.fields()) {
        if (before.name.compare(extensions, Qt::CaseInsensitive) == 0)
            continue;
        if (at == declined->fields().size() || declined->fields()[at].name != before.name
            || declined->fields()[at].value != before.value)
            __builtin_trap();
        ++at;
    }
    if (at != declined->fields().size())
        __builtin_trap();
}

} // namespace

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
        checkRelayed(*request, requestBytes);
        checkDeclined(*request, requestBytes);
    }
    if (request && response)
        Duplex::Handshake::check(*request, *response);
    if (response) { // what the clients read of an answer
        Duplex::DeflateParameters::fromExtensions(response->value("Sec-WebSocket-Extensions"));
        response->redirectTarget(QUrl(QStringLiteral("ws://127.0.0.1:8080/chat?x=1")));
    }
    return 0;
}
