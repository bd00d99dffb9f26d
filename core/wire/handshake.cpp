// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/handshake.h"

#include <QCryptographicHash>

namespace Duplex::Handshake {

namespace {
constexpr QByteArrayView webSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr qsizetype keyBytes = 16;
constexpr qsizetype encodedKeyLength = 24; // 16 bytes in base64, with two '=' of padding
} // namespace

bool isValidKey(QByteArrayView key)
{
    if (key.size() != encodedKeyLength)
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(key.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    // Re-encoding must give the key back, so non-canonical padding bits are refused too.
    return decoded && decoded.decoded.size() == keyBytes && decoded.decoded.toBase64() == key;
}

QByteArray acceptFor(QByteArrayView key)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(key);
    sha1.addData(webSocketGuid);
    return sha1.result().toBase64();
}

} // namespace Duplex::Handshake

namespace Duplex::Handshake {

namespace {

QList<QByteArray> listItems(const QByteArray &value)
{
    QList<QByteArray> items;
    for (QByteArrayView item : HttpHead::splitList(value)) {
        if (!item.isEmpty())
            items.append(item.toByteArray());
    }
    return items;
}

QByteArray extensionName(const QByteArray &extension)
{
    const qsizetype parameters = extension.indexOf(';');
    return (parameters < 0 ? extension : extension.first(parameters)).trimmed();
}

} // namespace

Verdict check(const HttpHead &request, const HttpHead &response)
{
    Verdict verdict;
    verdict.status = response.statusCode();
    verdict.key = request.value("Sec-WebSocket-Key");
    verdict.expectedAccept = acceptFor(verdict.key);
    verdict.accept = response.value("Sec-WebSocket-Accept");
    verdict.subprotocol = response.value("Sec-WebSocket-Protocol");
    verdict.extensions = response.value("Sec-WebSocket-Extensions");
    QList<QByteArray> &problems = verdict.problems;

    // The client's side (§4.1).
    if (request.method() != "GET")
        problems.append("the request method is " + request.method() + ", not GET");
    if (!request.hasToken("Upgrade", "websocket"))
        problems.append("the request's Upgrade does not name websocket");
    if (!request.hasToken("Connection", "Upgrade"))
        problems.append("the request's Connection does not list Upgrade");
    if (!isValidKey(verdict.key))
        problems.append("Sec-WebSocket-Key is not the base64 of 16 bytes");
    if (request.value("Sec-WebSocket-Version") != "13")
        problems.append("Sec-WebSocket-Version is not 13");
    if (verdict.status != 101) {
        problems.append("the server answered " + QByteArray::number(verdict.status) + ", not 101");
        return verdict;
    }

    // The server's side (§4.2.2), as a client checks it (§4.1, "the client MUST validate").
    if (!response.hasToken("Upgrade", "websocket"))
        problems.append("the response's Upgrade does not name websocket");
    if (!response.hasToken("Connection", "Upgrade"))
        problems.append("the response's Connection does not list Upgrade");
    if (!verdict.acceptValid())
        problems.append(QByteArray("Sec-WebSocket-Accept is ") + (verdict.accept.isEmpty() ? "missing" : "wrong")
            + ": expected " + verdict.expectedAccept);
    const QList<QByteArray> offeredProtocols = listItems(request.value("Sec-WebSocket-Protocol"));
    if (!verdict.subprotocol.isEmpty() && !offeredProtocols.contains(verdict.subprotocol))
        problems.append("the server chose subprotocol " + verdict.subprotocol + ", which the client did not offer");
    QList<QByteArray> offeredExtensions;
    for (const QByteArray &extension : listItems(request.value("Sec-WebSocket-Extensions")))
        offeredExtensions.append(extensionName(extension));
    for (const QByteArray &extension : listItems(verdict.extensions)) {
        if (!offeredExtensions.contains(extensionName(extension)))
            problems.append(
                "the server accepted extension " + extensionName(extension) + ", which the client did not offer");
    }
    verdict.deflate = DeflateParameters::fromExtensions(verdict.extensions);
    if (!verdict.deflate && verdict.extensions.contains("permessage-deflate"))
        problems.append("the permessage-deflate parameters are malformed");
    return verdict;
}

} // namespace Duplex::Handshake
