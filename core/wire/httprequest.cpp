// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/httprequest.h"

#include <algorithm>

namespace Duplex {

namespace {

HttpRequest refused(int status, QByteArray reason)
{
    HttpRequest request;
    request.state = HttpRequest::State::Refused;
    request.status = status;
    request.reason = std::move(reason);
    return request;
}

// The target's length as far as the request line has arrived: method SP target SP version.
qsizetype targetLength(QByteArrayView bytes)
{
    const qsizetype lineEnd = bytes.indexOf('\n');
    const QByteArrayView line = lineEnd < 0 ? bytes : bytes.first(lineEnd);
    const qsizetype start = line.indexOf(' ');
    if (start < 0)
        return 0;
    const qsizetype end = line.indexOf(' ', start + 1);
    return (end < 0 ? line.size() : end) - start - 1;
}

HttpRequest tooLong(QByteArrayView bytes, const HttpRequest::Limits &limits)
{
    if (targetLength(bytes) > limits.maxTargetBytes)
        return refused(
            414, "The request target is longer than " + QByteArray::number(limits.maxTargetBytes) + " bytes.");
    return refused(431, "The request head is larger than " + QByteArray::number(limits.maxHeadBytes) + " bytes.");
}

bool isDecimal(QByteArrayView text)
{
    return !text.isEmpty() && text.size() <= 18
        && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

HttpRequest HttpRequest::read(QByteArrayView bytes, const Limits &limits)
{
    // A TLS record (22: handshake, then version 3.x) where a request line belongs: answered at once, not after the
    // head's timeout. The client sees no TLS in return, which is the clearest thing it can be told.
    if (bytes.size() >= 2 && bytes[0] == '\x16' && bytes[1] == '\x03')
        return refused(400, "This port speaks plain HTTP and WebSocket (http://, ws://), not TLS (https://, wss://).");
    const qsizetype headLength = HttpHead::headLength(bytes.first(std::min(bytes.size(), limits.maxHeadBytes)));
    if (headLength < 0) {
        // The target can be judged before the head is complete: a long one gets its own status at once.
        if (bytes.size() >= limits.maxHeadBytes || targetLength(bytes) > limits.maxTargetBytes)
            return tooLong(bytes, limits);
        return {};
    }
    QByteArray why;
    std::optional<HttpHead> head = HttpHead::parseRequest(bytes.first(headLength), &why);
    if (!head)
        return refused(400, "Malformed request: " + why + '.');
    if (head->target().size() > limits.maxTargetBytes)
        return tooLong(bytes, limits);
    // RFC 9112 §3.2: exactly one valid Host field in HTTP/1.1; HTTP/1.0 may leave it out.
    const auto hosts = std::count_if(head->fields().cbegin(), head->fields().cend(),
        [](const HttpHead::Field &field) { return field.name.compare("Host", Qt::CaseInsensitive) == 0; });
    if (head->version() == "HTTP/1.1" && hosts == 0)
        return refused(400, "The Host header is missing.");
    if (hosts > 1)
        return refused(400, "The request carries more than one Host header.");
    if (hosts == 1 && !HttpHead::isHost(head->value("Host")))
        return refused(400, "The Host header must be a host name or address, with an optional port.");

    const bool hasLength = head->has("Content-Length");
    if (head->has("Transfer-Encoding")) {
        if (hasLength)
            return refused(400, "A request may not carry both Content-Length and Transfer-Encoding.");
        return refused(411, "Send the body with Content-Length: chunked request bodies are not accepted.");
    }
    qsizetype bodyLength = 0;
    if (hasLength) {
        // Repeated fields or a list ("5, 5") are allowed only when every value is the same (RFC 9110 §8.6).
        const QByteArray values = head->value("Content-Length");
        const QList<QByteArrayView> lengths = HttpHead::splitList(values);
        if (!std::all_of(lengths.cbegin(), lengths.cend(), isDecimal))
            return refused(400, "Content-Length must be a decimal number of bytes.");
        if (std::any_of(lengths.cbegin(), lengths.cend(), [&](QByteArrayView l) { return l != lengths.first(); }))
            return refused(400, "The request carries conflicting Content-Length values.");
        bodyLength = lengths.first().toLongLong();
        if (bodyLength > limits.maxBodyBytes)
            return refused(
                413, "The request body is larger than " + QByteArray::number(limits.maxBodyBytes) + " bytes.");
    }

    HttpRequest request;
    request.head = std::move(head);
    request.headLength = headLength;
    request.bodyLength = bodyLength;
    request.state = bytes.size() >= request.length() ? State::Complete : State::Incomplete;
    return request;
}

bool HttpRequest::keepAlive() const
{
    if (!head || head->hasToken("Connection", "close"))
        return false;
    return head->version() == "HTTP/1.1" || head->hasToken("Connection", "keep-alive");
}

bool HttpRequest::expectsContinue() const
{
    return head && bodyLength > 0 && head->value("Expect").compare("100-continue", Qt::CaseInsensitive) == 0;
}

} // namespace Duplex
