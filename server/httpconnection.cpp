// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/httpconnection.h"

#include <QTcpSocket>

#include "server/httpresponse.h"
#include "traffic/trafficlog.h"

namespace Duplex {

HttpConnection::HttpConnection(QTcpSocket *socket, const Limits &limits, TrafficLog &log, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_peer(ConnectionOpened::endpoint(socket->peerAddress(), socket->peerPort()))
    , m_limits(limits)
    , m_log(log)
{
    m_socket->setParent(this);
    // Bounded: a peer that sends more than one request's worth while its last one is answered waits in the kernel.
    m_socket->setReadBufferSize(limits.request.maxHeadBytes + limits.request.maxBodyBytes + 1);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readRequest);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    waitForRequest();
}

void HttpConnection::readRequest()
{
    if (m_state != State::Idle && m_state != State::Reading)
        return; // one request at a time: the next waits until this one is answered
    // A body arriving in small pieces is not parsed again for each: the head said how long the request is.
    if (m_state == State::Reading && m_request.head && m_socket->bytesAvailable() < m_request.length())
        return;
    // Peek, don't read: an upgrade is handed over with its head still in the socket.
    const QByteArray bytes = m_socket->peek(m_limits.request.maxHeadBytes + m_limits.request.maxBodyBytes + 1);
    if (bytes.isEmpty())
        return;
    if (m_state == State::Idle) {
        m_state = State::Reading;
        m_timer.start(m_limits.headTimeout);
    }
    m_request = HttpRequest::read(bytes, m_limits.request);
    switch (m_request.state) {
    case HttpRequest::State::Refused:
        return refuseAndClose(m_request.status, m_request.reason);
    case HttpRequest::State::Incomplete:
        if (m_request.expectsContinue() && !std::exchange(m_continueSent, true))
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        return;
    case HttpRequest::State::Complete:
        break;
    }
    m_timer.stop();
    m_state = State::Answering;
    m_requestBytes = bytes.first(m_request.length());
    m_body = m_requestBytes.sliced(m_request.headLength);
    m_commonHeaders.clear();
    m_receivedAtUs = m_log.nowUs();
    Q_EMIT requestReceived();
}

void HttpConnection::respond(
    int status, QByteArrayView contentType, const QByteArray &body, QList<HttpHead::Field> headers)
{
    answer(status, contentType, body, std::move(headers), {});
}

void HttpConnection::refuse(int status, QByteArrayView reason, QList<HttpHead::Field> headers)
{
    const QByteArray sentence = reason.toByteArray();
    answer(status, "text/plain; charset=utf-8", QByteArray(sentence + '\n'), std::move(headers), sentence);
}

void HttpConnection::answer(int status, QByteArrayView contentType, const QByteArray &body,
    QList<HttpHead::Field> headers, const QByteArray &reason)
{
    Q_ASSERT(m_state == State::Answering);
    const auto connectionField = std::find_if(
        headers.cbegin(), headers.cend(), [](const HttpHead::Field &f) { return f.name == "Connection"; });
    const bool closeAfter
        = !m_request.keepAlive() || (connectionField != headers.cend() && connectionField->value == "close");
    if (closeAfter && connectionField == headers.cend())
        headers.append(
            HttpHead::Field {"Connection", "close"}); // said, so the peer need not learn it from the closed socket
    if (!contentType.isEmpty())
        headers.prepend({"Content-Type", contentType.toByteArray()});
    if (status != 204) // its length is zero by definition, and RFC 9110 §8.6 forbids saying so
        headers.append({"Content-Length", QByteArray::number(body.size())});
    const QByteArray head = httpResponseHead(status, headers + m_commonHeaders);
    const bool withBody = request().method() != "HEAD" && status != 204;
    m_socket->read(m_request.length());
    m_socket->write(head);
    if (withBody)
        m_socket->write(body);
    m_log.append({-1, reason.isEmpty() ? logId() : 0,
        HttpExchange {m_requestBytes, status, reason, withBody ? head + body : head, m_log.nowUs() - m_receivedAtUs}});
    m_continueSent = false;
    m_servedOne = true;
    if (closeAfter) {
        m_state = State::Closing;
        m_socket->disconnectFromHost();
        return;
    }
    waitForRequest();
    // A pipelined request may be waiting already: read it once this answer's caller has returned.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::readRequest, Qt::QueuedConnection);
}

void HttpConnection::startStream(QByteArrayView contentType, QList<HttpHead::Field> headers)
{
    Q_ASSERT(m_state == State::Answering);
    headers.prepend({"Content-Type", contentType.toByteArray()});
    // No length and no chunking: the body ends when the connection does (RFC 9112 §6.3, item 8).
    headers.append(HttpHead::Field {"Connection", "close"});
    const QByteArray head = httpResponseHead(200, headers + m_commonHeaders);
    m_socket->readAll(); // the request, and whatever the peer sent behind it: nothing more is answered
    m_log.append({-1, logId(), HttpExchange {m_requestBytes, 200, {}, head, m_log.nowUs() - m_receivedAtUs}});
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    m_stream = Carrier::takeOverServerSide(socket, this);
    m_stream->setListener(*this);
    m_state = State::Streaming;
    m_stream->write(head, Carrier::Write::Now);
}

void HttpConnection::write(const QByteArray &bytes)
{
    if (m_state == State::Streaming)
        m_stream->write(bytes, Carrier::Write::Gathered);
}

void HttpConnection::writeEvent(const SseEvent &event, const QByteArray &bytes)
{
    if (m_state != State::Streaming)
        return;
    m_stream->write(bytes, Carrier::Write::Gathered); // shared by every stream, not copied
    if (m_log.isHeard())
        m_log.append({-1, logId(), event});
}

void HttpConnection::endStream()
{
    if (m_state != State::Streaming)
        return;
    m_state = State::Closing;
    m_stream->hangUp(); // once what is queued has gone
}

qint64 HttpConnection::bytesToWrite() const
{
    return m_stream ? m_stream->bytesToWrite() : m_socket->bytesToWrite();
}

QTcpSocket *HttpConnection::takeSocket()
{
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    socket->setParent(nullptr);
    socket->setReadBufferSize(0);
    m_timer.stop();
    m_state = State::Closing;
    deleteLater();
    return socket;
}

void HttpConnection::abort()
{
    m_state = State::Closing;
    if (m_stream)
        m_stream->abort();
    else if (m_socket)
        m_socket->abort();
}

quint64 HttpConnection::logId()
{
    if (m_logId == 0) {
        m_logId = m_log.newConnectionId();
        m_log.append({-1, m_logId, ConnectionOpened {peer(), request().path()}});
    }
    return m_logId;
}

void HttpConnection::refuseAndClose(int status, const QByteArray &reason)
{
    const QByteArray body = reason + '\n';
    const QByteArray response = httpResponseHead(status,
                                    {{"Content-Type", "text/plain; charset=utf-8"},
                                        {"Content-Length", QByteArray::number(body.size())}, {"Connection", "close"}})
        + body;
    m_log.append({-1, 0, HttpExchange {m_socket->peek(m_limits.request.maxHeadBytes), status, reason, response}});
    // Drain what the peer sent: closing with unread input makes the kernel send RST, which can destroy the response.
    m_socket->readAll();
    m_socket->write(response);
    m_state = State::Closing;
    m_timer.stop();
    m_socket->disconnectFromHost();
    Q_EMIT requestRefused(status, reason);
}

void HttpConnection::waitForRequest()
{
    m_state = State::Idle;
    m_timer.start(m_servedOne ? m_limits.idleTimeout : m_limits.headTimeout);
}

void HttpConnection::onTimeout()
{
    if (m_state == State::Idle && m_servedOne) {
        // An idle keep-alive connection closes without a word, as nginx's and Apache's do: an answer nobody asked
        // for could cross a request the peer is sending.
        m_state = State::Closing;
        m_socket->disconnectFromHost();
        return;
    }
    refuseAndClose(408,
        m_state == State::Idle ? "The request head did not arrive in time." : "The request did not arrive in time.");
}

void HttpConnection::onDisconnected()
{
    m_timer.stop();
    if (m_logId != 0) {
        // Closing is set only when this side ended it; HTTP has no close handshake, so every end is clean.
        const Closer closer = m_state == State::Closing ? Closer::Server : Closer::Client;
        m_log.append({-1, m_logId, ConnectionClosed {closer, std::nullopt, {}, true}});
    }
    m_state = State::Closing;
    Q_EMIT closed();
    deleteLater();
}

} // namespace Duplex
