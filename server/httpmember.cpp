// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/httpmember.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include "server/httpconnection.h"
#include "wire/serversentevents.h"
#include "wire/websocketframe.h"

namespace Duplex {

namespace {

QByteArray newSessionToken()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray jsonArray(const QList<ChatProtocol::Outgoing> &objects)
{
    QByteArray array = "[";
    for (const ChatProtocol::Outgoing &object : objects) {
        if (array.size() > 1)
            array += ',';
        array += object.event.data;
    }
    return array + ']';
}

} // namespace

HttpMember::HttpMember(Transport transport, QString peer, QObject *parent)
    : Connection(std::move(peer), parent)
    , m_transport(transport)
    , m_session(newSessionToken())
{
    m_heartbeat.callOnTimeout(this, [this] {
        if (m_stream)
            m_stream->write(ServerSentEvents::comment("heartbeat"));
    });
    m_hold.setSingleShot(true);
    m_hold.callOnTimeout(this, &HttpMember::answerPoll);
    m_silence.setSingleShot(true);
    m_silence.callOnTimeout(this, &HttpMember::pollsStopped);
}

QByteArray HttpMember::sessionCookie() const
{
    return "duplex_session=" + m_session + "; Path=/chat; HttpOnly; SameSite=Strict";
}

void HttpMember::attachStream(HttpConnection *stream, std::chrono::milliseconds heartbeat)
{
    m_stream = stream;
    connect(stream, &HttpConnection::closed, this, &HttpMember::onStreamClosed);
    setHeartbeat(heartbeat);
}

void HttpMember::setHeartbeat(std::chrono::milliseconds heartbeat)
{
    if (heartbeat.count() > 0 && m_stream)
        m_heartbeat.start(heartbeat);
    else
        m_heartbeat.stop();
}

void HttpMember::awaitPolls(std::chrono::milliseconds silence)
{
    m_silence.start(silence);
}

void HttpMember::poll(
    HttpConnection *request, const QList<ChatProtocol::Outgoing> &missed, std::chrono::milliseconds hold)
{
    if (m_held)
        answerPoll(); // one held poll per member: the earlier one goes back empty
    m_queue = missed + m_queue;
    m_held = request;
    m_silence.stop();
    connect(request, &HttpConnection::closed, this, [this] {
        if (!m_ended)
            m_silence.start(); // the poll went unanswered: the silence counts from here
    });
    if (m_queue.isEmpty() && hold.count() > 0)
        m_hold.start(hold);
    else
        answerPoll();
}

void HttpMember::answerWith(HttpConnection *request, const std::function<void()> &act)
{
    m_request = request;
    act();
    if (m_request && m_request->answering())
        m_request->respond(204, {}, {});
    m_request = nullptr;
}

void HttpMember::deliver(const ChatProtocol::Outgoing &object)
{
    if (m_ended)
        return;
    if (m_transport == Transport::Sse) {
        if (!m_stream)
            return;
        m_stream->writeEvent(object.event, object.eventBytes());
        if (m_heartbeat.isActive())
            m_heartbeat.start(); // a comment is due only after a quiet interval
        return;
    }
    m_queue.append(object);
    m_queuedBytes += object.event.data.size();
    // What arrives together (a broadcast loop, a burst) goes back in one answer.
    if (m_held && !std::exchange(m_answerQueued, true))
        QMetaObject::invokeMethod(this, &HttpMember::answerPoll, Qt::QueuedConnection);
}

void HttpMember::answer(const ChatProtocol::Outgoing &object)
{
    if (!m_request || !m_request->answering())
        return deliver(object);
    m_lastAnsweredId = std::max(m_lastAnsweredId, object.id);
    QList<HttpHead::Field> headers;
    int status = 200;
    if (object.type == u"hello") {
        headers.append({"Set-Cookie", sessionCookie()});
    } else if (object.type == u"error") {
        const QString code = QJsonDocument::fromJson(object.event.data).object().value(u"code").toString();
        status = code == u"rate-limited" ? 429 : 400;
    }
    m_request->respond(status, "application/json", object.event.data, headers);
}

void HttpMember::sendText(const QByteArray &utf8)
{
    deliver(ChatProtocol::Outgoing({}, 0, utf8));
}

void HttpMember::close(quint16 code, const QString &reason)
{
    if (m_ended)
        return;
    if (m_held && m_held->answering()) {
        // A room that shuts down may come back (try again later); a session the room ended will not.
        const bool shutdown = code == CloseCode::goingAway;
        const QJsonObject gone
            = ChatProtocol::error(shutdown ? QStringLiteral("closing") : QStringLiteral("session-ended"), reason);
        m_held->respond(shutdown ? 503 : 410, "application/json", ChatProtocol::encode(gone));
    }
    if (m_stream)
        m_stream->endStream();
    end(code);
}

void HttpMember::abort()
{
    if (m_ended)
        return;
    for (HttpConnection *connection : {m_stream.data(), m_held.data()}) {
        if (connection)
            connection->abort();
    }
    end(CloseCode::abnormal);
}

qint64 HttpMember::bytesToWrite() const
{
    return m_transport == Transport::Sse ? (m_stream ? m_stream->bytesToWrite() : 0) : m_queuedBytes;
}

void HttpMember::answerPoll()
{
    m_answerQueued = false;
    m_hold.stop();
    if (!m_held || !m_held->answering())
        return;
    const QByteArray body = jsonArray(m_queue);
    for (const ChatProtocol::Outgoing &object : std::as_const(m_queue))
        m_lastAnsweredId = std::max(m_lastAnsweredId, object.id);
    m_queue.clear();
    m_queuedBytes = 0;
    HttpConnection *held = std::exchange(m_held, nullptr);
    held->disconnect(this);
    held->respond(200, "application/json", body);
    m_silence.start();
}

void HttpMember::end(quint16 code)
{
    m_ended = true;
    m_closeCode = code;
    m_heartbeat.stop();
    m_hold.stop();
    m_silence.stop();
    m_queue.clear();
    m_queuedBytes = 0;
    // Queued: the room may be in the middle of a broadcast.
    QMetaObject::invokeMethod(this, &Connection::disconnected, Qt::QueuedConnection);
}

void HttpMember::onStreamClosed()
{
    // EventSource has no goodbye: a closed stream is the member leaving.
    if (!m_ended)
        end(CloseCode::goingAway);
}

} // namespace Duplex
