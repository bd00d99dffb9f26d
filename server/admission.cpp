// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/admission.h"

#include "wire/handshake.h"

namespace Duplex {

namespace {

// QtWebSockets 6.4.2 drops an upgrade without a word when its head has a longer line or more fields than these.
// The tap keeps the same limits, so that both modes admit the same requests.
constexpr qsizetype maxUpgradeLine = 8192; // bytes, without the line end
constexpr qsizetype maxUpgradeFields = 100;

Admission refuse(int status, QByteArray reason, QList<HttpHead::Field> headers = {})
{
    return {status, Route::StatusPage, std::move(reason), std::move(headers)};
}

// Requests without Origin come from native clients; a page served by this very server sends its own host.
bool originAllowed(const HttpHead &head, const ServerConfig &config)
{
    if (!head.has("Origin"))
        return true;
    const QString origin = QString::fromLatin1(head.value("Origin")).toLower();
    const QString host = QString::fromLatin1(head.value("Host")).toLower();
    if (origin == u"http://" + host || origin == u"https://" + host)
        return true;
    return std::any_of(config.allowedOrigins.cbegin(), config.allowedOrigins.cend(),
        [&origin](const QString &allowed) { return allowed == u"*" || allowed.toLower() == origin; });
}

} // namespace

std::optional<Route> webSocketRoute(QByteArrayView path)
{
    if (path == "/echo")
        return Route::Echo;
    if (path == "/chat")
        return Route::Chat;
    return std::nullopt;
}

Admission admit(const HttpHead &head, const ServerConfig &config, qsizetype openClients)
{
    const std::optional<Route> route = webSocketRoute(head.path());
    if (!head.hasToken("Upgrade", "websocket")) {
        if (route)
            return refuse(426, "This endpoint speaks WebSocket: send GET with Upgrade: websocket.",
                {{"Upgrade", "websocket"}, {"Connection", "Upgrade"}});
        if (head.path() != "/")
            return refuse(404, "Not found.");
        if (head.method() != "GET" && head.method() != "HEAD")
            return refuse(405, "Only GET and HEAD are allowed here.", {{"Allow", "GET, HEAD"}});
        return {};
    }

    if (head.longestLine() > maxUpgradeLine || head.fields().size() > maxUpgradeFields)
        return refuse(431,
            "A WebSocket upgrade may have at most " + QByteArray::number(maxUpgradeFields)
                + " header fields of at most " + QByteArray::number(maxUpgradeLine) + " bytes a line.");
    // RFC 6455 §4.2.1 lists what a valid opening handshake must carry.
    if (head.value("Upgrade").compare("websocket", Qt::CaseInsensitive) != 0)
        return refuse(400, "The Upgrade header must name websocket alone.");
    if (head.version() != "HTTP/1.1")
        return refuse(400, "A WebSocket upgrade needs HTTP/1.1.");
    if (head.method() != "GET")
        return refuse(400, "A WebSocket upgrade must use GET.");
    if (!head.has("Host"))
        return refuse(400, "The Host header is missing.");
    if (!head.hasToken("Connection", "upgrade"))
        return refuse(400, "The Connection header must include Upgrade.");
    if (!route)
        return refuse(404, "No WebSocket endpoint here: use /echo or /chat.");
    if (head.value("Sec-WebSocket-Version") != "13")
        return refuse(426, "Only WebSocket version 13 is supported.", {{"Sec-WebSocket-Version", "13"}});
    if (!Handshake::isValidKey(head.value("Sec-WebSocket-Key")))
        return refuse(400, "Sec-WebSocket-Key must be 16 bytes in base64.");
    if (!originAllowed(head, config))
        return refuse(403, "This origin is not allowed; the host can allow it with --allow-origin.");
    if (openClients >= config.maxClients)
        return refuse(503, "The server is full; try again later.", {{"Retry-After", "10"}});
    return {101, *route, {}, {}};
}

} // namespace Duplex
