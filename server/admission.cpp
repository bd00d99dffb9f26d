// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/admission.h"

#include <QCryptographicHash>

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

using ChatProtocol::Transport;

// Requests without Origin come from native clients; a page served by this very server sends its own host.
bool isOwnOrigin(const HttpHead &head)
{
    const QString origin = QString::fromLatin1(head.value("Origin")).toLower();
    const QString host = QString::fromLatin1(head.host()).toLower();
    return !head.has("Origin") || origin == u"http://" + host || origin == u"https://" + host;
}

bool originAllowed(const HttpHead &head, const ServerConfig &config)
{
    const QString origin = QString::fromLatin1(head.value("Origin")).toLower();
    return isOwnOrigin(head)
        || std::any_of(config.allowedOrigins.cbegin(), config.allowedOrigins.cend(),
            [&origin](const QString &allowed) { return allowed == u"*" || allowed.toLower() == origin; });
}

Admission forbiddenOrigin()
{
    return refuse(403,
        "This origin is not allowed; the host can allow it in Duplex's Host panel (Allowed origins) or with "
        "duplex-server --allow-origin.");
}

// A form-encoded value, as URLSearchParams writes it: '+' is a space (HTML's application/x-www-form-urlencoded).
QString formValue(const QUrlQuery &query, const QString &key)
{
    QByteArray encoded = query.queryItemValue(key, QUrl::FullyEncoded).toLatin1();
    encoded.replace('+', "%20");
    return QUrl::fromPercentEncoding(encoded);
}

// Compares digests in time independent of where they differ, so that timing tells a guesser nothing.
bool isPassword(const QString &given, const QString &password)
{
    const QByteArray a = QCryptographicHash::hash(given.toUtf8(), QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(password.toUtf8(), QCryptographicHash::Sha256);
    char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference = char(difference | (a[i] ^ b[i]));
    return difference == 0;
}

// admission, for a request that would join a room with a password, once it gave the password (?password=,
// docs/protocol.md); else 401, which asks for credentials and must name a scheme (RFC 9110 §15.5.2).
Admission withPassword(Admission admission, const HttpHead &head, const ServerConfig &config)
{
    using Password = Admission::Password;
    if (config.password.isEmpty())
        return admission;
    const QUrlQuery query = head.query();
    if (!query.hasQueryItem(QStringLiteral("password")))
        admission.password = Password::Missing;
    else if (isPassword(formValue(query, QStringLiteral("password")), config.password))
        admission.password = Password::Right;
    else
        admission.password = Password::Wrong;
    if (admission.password == Password::Right)
        return admission;
    Admission refusal = refuse(401,
        admission.password == Password::Missing ? "This room asks for a password: give it as ?password= in the address."
                                                : "That is not this room's password.",
        {{"WWW-Authenticate", "Password realm=\"Duplex room\""}});
    refusal.password = admission.password;
    return refusal;
}

// The plain HTTP resources: their path, methods, and the transports that use them (any one of them).
struct Resource
{
    QByteArrayView path;
    Route route;
    QByteArrayView methods;
    QList<Transport> transports; // empty: not part of the room
};

const Resource resources[] = {
    {"/", Route::Page, "GET, HEAD", {}}, // the room's own chat page and the files it loads
    {"/room.js", Route::Page, "GET, HEAD", {}},
    {"/transports.js", Route::Page, "GET, HEAD", {}},
    {"/room.css", Route::Page, "GET, HEAD", {}},
    {"/duplex.svg", Route::Page, "GET, HEAD", {}},
    {"/status", Route::StatusPage, "GET, HEAD", {}},
    {"/files/", Route::File, "GET, HEAD", {}}, // and a token after it
    {"/chat/events", Route::ChatEvents, "GET", {Transport::Sse}},
    {"/chat/join", Route::ChatJoin, "POST", {Transport::LongPoll, Transport::Poll}},
    {"/chat/poll", Route::ChatPoll, "GET", {Transport::LongPoll, Transport::Poll}},
    {"/chat/send", Route::ChatSend, "POST", {Transport::Sse, Transport::LongPoll, Transport::Poll}},
    {"/chat/leave", Route::ChatLeave, "POST", {Transport::Sse, Transport::LongPoll, Transport::Poll}},
};

// Where a member comes in, or sees what the room says (/replay plays a recorded member's connection).
bool joinsRoom(Route route)
{
    return route == Route::Chat || route == Route::Replay || route == Route::ChatEvents || route == Route::ChatJoin;
}

Admission webSocketNotOffered(const ServerConfig &config)
{
    return refuse(404, "This room does not offer WebSocket; it offers: " + offeredTransports(config) + '.');
}

// The methods some resource here takes; any other (CONNECT among them) the server does not implement at all.
constexpr QByteArrayView implementedMethods = "GET, HEAD, POST, OPTIONS";

// A request that is not an upgrade: a resource of the room, an OPTIONS request, or a refusal.
Admission admitPlain(const HttpHead &head, const ServerConfig &config)
{
    if (!HttpHead::splitList(implementedMethods).contains(head.method())) // 501, not 405 (RFC 9110 §9.1)
        return refuse(501, "This server implements only " + implementedMethods.toByteArray() + '.');
    // "OPTIONS *" asks about the server rather than a resource (RFC 9110 §9.3.7).
    if (head.target() == "*")
        return {204, Route::Options, {}, {{"Allow", implementedMethods.toByteArray()}}};
    const std::optional<Route> webSocket = webSocketRoute(head.path());
    // The chat page asks this when its WebSocket failed, to say why.
    if (webSocket == Route::Chat && !config.offers(Transport::WebSocket))
        return webSocketNotOffered(config);
    if (webSocket) {
        const Admission probe = refuse(426, "This endpoint speaks WebSocket: send GET with Upgrade: websocket.",
            {{"Upgrade", "websocket"}, {"Connection", "Upgrade"}});
        return webSocket == Route::Chat ? withPassword(probe, head, config) : probe; // the answer would tell a guess
    }
    const auto resource = std::find_if(std::begin(resources), std::end(resources), [&head](const Resource &r) {
        return r.route == Route::File ? head.path().startsWith(r.path) : r.path == head.path();
    });
    if (resource == std::end(resources))
        return refuse(404, "Not found.");
    if (!resource->transports.isEmpty()
        && std::none_of(resource->transports.cbegin(), resource->transports.cend(),
            [&config](Transport t) { return config.offers(t); }))
        return refuse(404, "This room does not offer that transport; it offers: " + offeredTransports(config) + '.');
    const bool isRoom = !resource->transports.isEmpty();
    if (isRoom && !originAllowed(head, config))
        return forbiddenOrigin();
    // Another allowed origin's page may read the answer, with its cookie (never with "*": RFC 6454, Fetch §3.2.5).
    QList<HttpHead::Field> cors;
    if (isRoom && !isOwnOrigin(head))
        cors = {{"Access-Control-Allow-Origin", head.value("Origin")}, {"Access-Control-Allow-Credentials", "true"},
            {"Vary", "Origin"}};
    const QByteArray allow = resource->methods + (isRoom ? ", OPTIONS" : "");
    if (isRoom && head.method() == "OPTIONS") {
        cors += {{"Access-Control-Allow-Methods", resource->methods.toByteArray()},
            {"Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID"},
            {"Access-Control-Max-Age", "600"}, {"Allow", allow}};
        const Admission preflight {204, Route::Options, {}, cors};
        return joinsRoom(resource->route) ? withPassword(preflight, head, config) : preflight; // as the /chat probe
    }
    if (!HttpHead::splitList(resource->methods).contains(head.method()))
        return refuse(405, "Allowed here: " + allow + '.', {{"Allow", allow}});
    const Admission admission {200, resource->route, {}, cors};
    return joinsRoom(resource->route) ? withPassword(admission, head, config) : admission;
}

} // namespace

QByteArray offeredTransports(const ServerConfig &config)
{
    QStringList names;
    for (const Transport transport : config.transports)
        names.append(ChatProtocol::transportName(transport));
    return names.isEmpty() ? QByteArray("none") : names.join(u", ").toLatin1();
}

std::optional<Route> webSocketRoute(QByteArrayView path)
{
    if (path == "/echo")
        return Route::Echo;
    if (path == "/chat")
        return Route::Chat;
    if (path == "/replay")
        return Route::Replay;
    return std::nullopt;
}

Admission admit(const HttpHead &head, const ServerConfig &config, qsizetype openClients, bool replaying)
{
    if (!head.hasToken("Upgrade", "websocket"))
        return admitPlain(head, config);
    const std::optional<Route> route = webSocketRoute(head.path());

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
        return refuse(404, "No WebSocket endpoint here: use /echo, /chat or /replay.");
    if (*route == Route::Chat && !config.offers(Transport::WebSocket))
        return webSocketNotOffered(config);
    if (*route == Route::Replay && !replaying)
        return refuse(404,
            "Nothing is replayed here yet: the host chooses a recorded connection in Duplex's monitor (Replay "
            "Connection from the Room).");
    if (head.value("Sec-WebSocket-Version") != "13")
        return refuse(426, "Only WebSocket version 13 is supported.", {{"Sec-WebSocket-Version", "13"}});
    if (!Handshake::isValidKey(head.value("Sec-WebSocket-Key")))
        return refuse(400, "Sec-WebSocket-Key must be 16 bytes in base64.");
    if (!originAllowed(head, config))
        return forbiddenOrigin();
    if (openClients >= config.maxClients)
        return refuse(503, "The server is full; try again later.", {{"Retry-After", "10"}});
    const Admission upgrade {101, *route, {}, {}};
    return joinsRoom(*route) ? withPassword(upgrade, head, config) : upgrade;
}

} // namespace Duplex
