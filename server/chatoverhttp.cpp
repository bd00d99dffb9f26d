// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/chatoverhttp.h"

#include <QUrl>

#include "server/chatroom.h"
#include "server/httpconnection.h"
#include "server/httpmember.h"
#include "wire/serversentevents.h"
#include "wire/utf8validator.h"
#include "wire/websocketframe.h"

namespace Duplex {

namespace {

using ChatProtocol::Transport;

constexpr qsizetype maxKickedRemembered = 1024;
constexpr qint64 reconnectMs = 3000; // what an EventSource waits before it reconnects

// Authorization: Bearer TOKEN, else the duplex_session cookie (RFC 6750 §2.1, RFC 6265 §4.2). The scheme's name is
// case-insensitive, and more than one space may follow it (RFC 9110 §11.1, §11.4).
QByteArray sessionToken(const HttpHead &head)
{
    const QByteArray authorization = head.value("Authorization");
    const qsizetype schemeEnd = authorization.indexOf(' ');
    if (schemeEnd > 0 && authorization.first(schemeEnd).compare("Bearer", Qt::CaseInsensitive) == 0)
        return authorization.sliced(schemeEnd).trimmed();
    for (const QByteArrayView cookie : HttpHead::splitList(head.value("Cookie"), ';')) {
        if (cookie.startsWith("duplex_session="))
            return cookie.sliced(15).toByteArray();
    }
    return {};
}

// A download under the name the member gave, in ASCII for old readers and in UTF-8 for the others (RFC 6266 §4.3).
QByteArray attachmentNamed(const QString &name)
{
    QByteArray ascii;
    for (const QChar c : name)
        ascii += c.unicode() >= 0x20 && c.unicode() < 0x7f && c != u'"' && c != u'\\' ? char(c.unicode()) : '_';
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + QUrl::toPercentEncoding(name);
}

void refuseJson(HttpConnection *request, int status, const QString &code, const QString &sentence,
    QList<HttpHead::Field> headers = {})
{
    request->respond(status, "application/json", ChatProtocol::encode(ChatProtocol::error(code, sentence)), headers);
}

} // namespace

ChatOverHttp::ChatOverHttp(const ServerConfig &config, ChatRoom &room, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_room(room)
{ }

void ChatOverHttp::serve(HttpConnection *request, Route route)
{
    switch (route) {
    case Route::ChatEvents:
        return openStream(request);
    case Route::ChatJoin:
        return join(request);
    case Route::ChatPoll:
        return poll(request);
    case Route::ChatSend:
        return send(request);
    case Route::ChatLeave:
        return leave(request);
    case Route::File:
        return serveFile(request);
    default:
        Q_UNREACHABLE();
    }
}

void ChatOverHttp::serveFile(HttpConnection *request)
{
    const QByteArray token = request->request().path().sliced(std::char_traits<char>::length("/files/"));
    const FileShelf::File *file = m_room.sharedFile(token);
    if (!file)
        return request->refuse(404,
            QByteArray("The room does not hold this file: it keeps the newest files its members shared, "
                + QByteArray::number(m_config.fileBudget >> 20) + " MiB of them, while it runs."));
    // Always a download, never a document of the room's origin: a shared page must not run as the room's own.
    request->respond(200, file->mime.toLatin1(), file->bytes,
        {{"Content-Disposition", attachmentNamed(file->name)}, {"X-Content-Type-Options", "nosniff"},
            {"Content-Security-Policy", "sandbox; default-src 'none'"}, {"Cache-Control", "private"}});
}

void ChatOverHttp::setPingInterval(std::chrono::milliseconds interval)
{
    m_config.pingInterval = interval;
    for (HttpMember *member : std::as_const(m_sessions))
        member->setHeartbeat(interval);
}

void ChatOverHttp::shutdown()
{
    m_closing = true;
    for (HttpMember *member : QHash(m_sessions))
        member->close(CloseCode::goingAway, tr("server shutting down"));
}

void ChatOverHttp::openStream(HttpConnection *request)
{
    // 204 is the one answer that stops an EventSource from reconnecting (WHATWG HTML §9.2.3).
    if (m_closing || m_kicked.contains(sessionToken(request->request())))
        return request->respond(204, {}, {});
    // The header on a reconnection; the query for a first connection, which cannot set headers.
    const HttpHead &head = request->request();
    const std::optional<qint64> resumeAfter = ChatProtocol::resumePoint(head.has("Last-Event-ID")
            ? QString::fromUtf8(head.value("Last-Event-ID"))
            : head.query().queryItemValue(QStringLiteral("lastEventId")));

    HttpMember *member = newMember(Transport::Sse, request);
    request->startStream("text/event-stream; charset=utf-8",
        {{"Cache-Control", "no-store"}, {"X-Accel-Buffering", "no"}, {"Set-Cookie", member->sessionCookie()}});
    // The first bytes at once, so the client's open event fires before there is news.
    request->write(QByteArray(ServerSentEvents::retry(reconnectMs) + ServerSentEvents::comment("Duplex room")));
    member->attachStream(request, m_config.pingInterval);
    m_room.accept(member, resumeAfter);
}

void ChatOverHttp::join(HttpConnection *request)
{
    if (m_closing)
        return refuseClosing(request);
    const QString asked = request->request().query().queryItemValue(QStringLiteral("transport"));
    const std::optional<Transport> transport = asked.isEmpty()
        ? std::optional(m_config.offers(Transport::LongPoll) ? Transport::LongPoll : Transport::Poll)
        : ChatProtocol::transportNamed(asked);
    if (transport != Transport::LongPoll && transport != Transport::Poll)
        return refuseJson(request, 400, QStringLiteral("invalid-transport"),
            tr("transport must be long-poll or poll, not \"%1\"").arg(asked));
    if (!m_config.offers(*transport))
        return refuseJson(request, 404, QStringLiteral("invalid-transport"),
            tr("this room does not offer %1").arg(ChatProtocol::transportName(*transport)));
    HttpMember *member = newMember(*transport, request);
    member->awaitPolls(2 * m_config.pollHold);
    member->answerWith(request, [this, member] { m_room.accept(member); }); // the hello is the answer
}

void ChatOverHttp::poll(HttpConnection *request)
{
    HttpMember *member = memberOf(request);
    if (!member)
        return;
    if (member->transport() == Transport::Sse)
        return refuseJson(request, 400, QStringLiteral("invalid-transport"),
            tr("this session receives over its event stream; it does not poll"));
    const QUrlQuery query = request->request().query();
    QList<ChatProtocol::Outgoing> missed;
    if (query.hasQueryItem(QStringLiteral("since"))) {
        // Below what the member's answers already carried: one was lost on the way; replay its messages.
        const qint64 since = ChatProtocol::resumePoint(query.queryItemValue(QStringLiteral("since"))).value_or(-1);
        if (since < member->lastAnsweredId()) {
            if (const auto messages = m_room.messagesAfter(since, member)) {
                for (const ChatProtocol::Message &message : *messages) {
                    if (message.id <= member->lastAnsweredId())
                        missed.append(ChatProtocol::outgoing(ChatProtocol::toJson(message)));
                }
            } else {
                missed = {ChatProtocol::outgoing(ChatProtocol::reset(tr(
                              "the messages after the since given cannot be replayed (it is not an id of this room, "
                              "older than the history, or from before a restart); here is the history as it stands"))),
                    ChatProtocol::outgoing(ChatProtocol::history(m_room.history()))};
            }
        }
    }
    const bool wait
        = member->transport() == Transport::LongPoll && query.queryItemValue(QStringLiteral("wait")) != u"0";
    member->poll(request, missed, wait ? m_config.pollHold : std::chrono::milliseconds(0));
}

void ChatOverHttp::send(HttpConnection *request)
{
    HttpMember *member = memberOf(request);
    if (!member)
        return;
    if (request->body().size() > m_config.maxChatMessage) // what closes a WebSocket member with 1009
        return refuseJson(
            request, 413, QStringLiteral("too-big"), tr("a message has at most %1 bytes").arg(m_config.maxChatMessage));
    const QByteArray text = request->body();
    if (!Utf8Validator::isValid(text))
        return refuseJson(request, 400, QStringLiteral("invalid-utf8"), tr("the body must be UTF-8 text"));
    member->answerWith(request, [member, &text] { Q_EMIT member->textReceived(text); });
}

void ChatOverHttp::leave(HttpConnection *request)
{
    if (HttpMember *member = memberOf(request)) {
        request->respond(204, {}, {});
        member->close(CloseCode::normal, tr("left"));
    }
}

HttpMember *ChatOverHttp::newMember(Transport transport, HttpConnection *request)
{
    auto *member = new HttpMember(transport, request->peer(), this);
    m_sessions.insert(member->session(), member);
    connect(member, &Connection::disconnected, this, [this, member] { onMemberGone(member); });
    connect(member, &HttpMember::pollsStopped, &m_room, [this, member] {
        m_room.drop(member, tr("timed out: no poll for %1 s").arg(2 * m_config.pollHold.count() / 1000.0));
    });
    return member;
}

HttpMember *ChatOverHttp::memberOf(HttpConnection *request)
{
    const QByteArray token = sessionToken(request->request());
    if (m_closing) // every member is leaving: a request after that may come back once the room is up again
        refuseClosing(request);
    else if (HttpMember *member = m_sessions.value(token)) {
        m_room.reachedFrom(member, request->peer());
        return member;
    } else if (m_kicked.contains(token))
        refuseJson(request, 410, QStringLiteral("session-ended"), tr("the room closed this session"));
    else
        refuseJson(request, 401, QStringLiteral("unknown-session"),
            tr("join first (POST /chat/join or GET /chat/events), then send the session as Authorization: Bearer"),
            {{"WWW-Authenticate", "Bearer"}});
    return nullptr;
}

void ChatOverHttp::refuseClosing(HttpConnection *request)
{
    refuseJson(request, 503, QStringLiteral("closing"), tr("the room is closing"));
}

void ChatOverHttp::onMemberGone(HttpMember *member)
{
    m_sessions.remove(member->session());
    if (member->closeCode() == CloseCode::policyViolation) {
        m_kicked.append(member->session());
        if (m_kicked.size() > maxKickedRemembered)
            m_kicked.removeFirst();
    }
}

} // namespace Duplex
