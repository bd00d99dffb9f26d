// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/httprequester.h"

#include <QSslSocket>

#include "traffic/trafficlog.h"
#include "wire/httphead.h"

namespace Duplex {

HttpRequester::HttpRequester(TrafficLog &log, quint64 session, const QUrl &server, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_session(session)
    , m_server(server)
{ }

HttpRequester::~HttpRequester()
{
    if (m_socket)
        m_socket->disconnect(this); // a socket going away says so; nothing here may listen any more
}

void HttpRequester::send(
    const QByteArray &method, const QByteArray &target, const QByteArray &headers, const QByteArray &body, Done done)
{
    QByteArray bytes = method + ' ' + target + " HTTP/1.1\r\nHost: " + HttpHead::hostField(m_server) + "\r\n" + headers;
    if (!body.isEmpty() || method == "POST")
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    const qsizetype query = target.indexOf('?');
    m_queue.append({bytes + "\r\n" + body, query < 0 ? target : target.first(query), std::move(done)});
    sendNext();
}

void HttpRequester::abort()
{
    m_queue.clear();
    dropSocket(Closer::Client);
}

void HttpRequester::sendNext()
{
    if (m_queue.isEmpty() || m_written)
        return;
    if (!m_socket) {
        m_socket = std::make_unique<QSslSocket>();
        connect(m_socket.get(), &QSslSocket::connected, this, [this] {
            m_connectionId = m_log.newConnectionId();
            record(ConnectionOpened::ofClient(*m_socket, m_queue.first().path));
        });
        connect(m_socket.get(), &QSslSocket::readyRead, this, &HttpRequester::onReadyRead);
        connect(m_socket.get(), &QSslSocket::disconnected, this, [this] {
            if (m_status != 0 && m_length < 0 && !m_chunks) // the close is the end of this answer
                return finish();
            fail(tr("the server closed the connection before answering"), Closer::Server);
        });
        connect(m_socket.get(), &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
            if (error != QAbstractSocket::RemoteHostClosedError)
                fail(m_socket->errorString(), Closer::Nobody);
        });
        const bool tls = m_server.scheme() == u"https";
        const quint16 port = quint16(m_server.port(tls ? 443 : 80));
        if (tls)
            m_socket->connectToHostEncrypted(m_server.host(), port);
        else
            m_socket->connectToHost(m_server.host(), port);
    }
    m_written = true;
    m_sentAtUs = m_log.nowUs();
    m_socket->write(m_queue.first().bytes); // buffered until the connection is up
}

void HttpRequester::onReadyRead()
{
    QByteArray bytes = m_socket->readAll();
    if (!m_written)
        return fail(tr("the server sent bytes nobody asked for"), Closer::Client);
    while (m_status == 0) {
        m_head += bytes;
        const qsizetype length = HttpHead::headLength(m_head);
        if (HttpHead::isTooLong(m_head, length))
            return fail(tr("the answer's head is over %1 bytes").arg(HttpHead::defaultMaxBytes), Closer::Client);
        if (length < 0)
            return;
        bytes = m_head.sliced(length);
        m_head.truncate(length);
        QByteArray why;
        const std::optional<HttpHead> head = HttpHead::parseResponse(m_head, &why);
        if (!head)
            return fail(tr("the answer is not HTTP: %1").arg(QString::fromLatin1(why)), Closer::Client);
        if (head->statusCode() < 200) { // 100 Continue: the answer follows
            m_head.clear();
            continue;
        }
        m_status = head->statusCode();
        m_closes = head->hasToken("Connection", "close");
        bool numeric = true;
        if (m_status == 204 || m_status == 304)
            m_length = 0;
        else if (head->hasToken("Transfer-Encoding", "chunked"))
            m_chunks.emplace();
        else if (head->has("Content-Length"))
            m_length = head->value("Content-Length").toLongLong(&numeric);
        if (!numeric || m_length > maxBodyBytes)
            return fail(
                tr("the answer's Content-Length is not a size up to %1 bytes").arg(maxBodyBytes), Closer::Client);
    }
    if (m_chunks) {
        m_body += m_chunks->feed(bytes);
        if (m_chunks->state() == ChunkedDecoder::State::Failed)
            return fail(tr("the answer's chunks are broken: %1").arg(m_chunks->errorString()), Closer::Client);
    } else {
        m_body += bytes;
    }
    if (m_body.size() > maxBodyBytes)
        return fail(tr("the answer's body is over %1 bytes").arg(maxBodyBytes), Closer::Client);
    const bool whole
        = m_chunks ? m_chunks->state() == ChunkedDecoder::State::Done : m_length >= 0 && m_body.size() >= m_length;
    if (whole) {
        if (!m_chunks)
            m_body.truncate(m_length);
        finish();
    }
}

void HttpRequester::finish()
{
    const Pending pending = m_queue.takeFirst();
    const Answer answer {m_status, m_head, m_body, {}};
    record(HttpExchange {pending.bytes, m_status, {}, m_head + m_body, m_log.nowUs() - m_sentAtUs});
    if (m_closes || (m_length < 0 && !m_chunks)) // the server said so, or the close ended the body
        dropSocket(Closer::Server);
    resetAnswer();
    pending.done(answer); // which may send the next request, or abort
    sendNext();
}

void HttpRequester::fail(const QString &why, Closer closer)
{
    dropSocket(closer);
    if (m_queue.isEmpty())
        return;
    const Pending pending = m_queue.takeFirst();
    pending.done({0, {}, {}, why});
    sendNext();
}

void HttpRequester::resetAnswer()
{
    m_written = false;
    m_status = 0;
    m_closes = false;
    m_head.clear();
    m_body.clear();
    m_length = -1;
    m_chunks.reset();
}

void HttpRequester::dropSocket(Closer closer)
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket.release()->deleteLater(); // it may be in the middle of emitting
    }
    if (m_connectionId != 0)
        record(ConnectionClosed {closer, std::nullopt, {}, closer != Closer::Nobody});
    m_connectionId = 0;
    resetAnswer();
}

void HttpRequester::record(TrafficRecord::Event event)
{
    m_log.append({-1, m_connectionId, std::move(event), m_session});
}

} // namespace Duplex
