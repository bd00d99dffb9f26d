// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/eventsourcesession.h"

#include <QSslSocket>

#include "traffic/trafficlog.h"

namespace Duplex {

namespace {

constexpr int defaultReconnectMs = 3000; // what browsers wait until the stream says otherwise

} // namespace

EventSourceSession::EventSourceSession(TrafficLog &log, QObject *parent)
    : EventSourceSession(log, log.newSessionId(), parent)
{ }

EventSourceSession::EventSourceSession(TrafficLog &log, quint64 session, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_id(session)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &EventSourceSession::connectNow);
}

EventSourceSession::~EventSourceSession() = default;

bool EventSourceSession::open(const Request &request, QString *error)
{
    const QString scheme = request.url.scheme();
    if (!request.url.isValid() || request.url.host().isEmpty() || (scheme != u"http" && scheme != u"https")) {
        if (error)
            *error
                = tr("An event stream is at an http:// or https:// address, not \"%1\".").arg(request.url.toString());
        return false;
    }
    close();
    m_request = request;
    m_parser = EventStreamParser();
    m_cookies.clear();
    connectNow();
    return true;
}

void EventSourceSession::close()
{
    m_reconnect.stop();
    dropSocket(Closer::Client);
    setState(State::Closed);
}

void EventSourceSession::dropSocket(Closer closer)
{
    if (!m_socket)
        return;
    m_socket->disconnect(this); // from here on, nothing it says concerns this session
    m_socket->abort();
    m_socket.release()->deleteLater(); // it may be in the middle of emitting
    if (m_connectionId != 0)
        record(ConnectionClosed {closer, std::nullopt, {}, closer != Closer::Nobody});
    m_connectionId = 0;
}

void EventSourceSession::record(TrafficRecord::Event event)
{
    m_log.append({-1, m_connectionId, std::move(event), m_id});
}

int EventSourceSession::reconnectMs() const
{
    return m_parser.retry() >= 0 ? int(std::min<qint64>(m_parser.retry(), 24 * 3600 * 1000)) : defaultReconnectMs;
}

void EventSourceSession::connectNow()
{
    setState(State::Connecting);
    m_buffer.clear();
    m_chunked.reset();
    m_socket = std::make_unique<QSslSocket>();
    connect(m_socket.get(), &QSslSocket::connected, this, [this] {
        m_connectionId = m_log.newConnectionId();
        record(ConnectionOpened::ofClient(*m_socket, m_request.url.path(QUrl::FullyEncoded).toUtf8()));
    });
    connect(m_socket.get(), &QSslSocket::readyRead, this, &EventSourceSession::onReadyRead);
    connect(m_socket.get(), &QSslSocket::disconnected, this,
        [this] { lose(tr("the server ended the stream"), Closer::Server); });
    connect(m_socket.get(), &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error != QAbstractSocket::RemoteHostClosedError)
            lose(m_socket->errorString());
    });
    const QUrl &url = m_request.url;
    const bool tls = url.scheme() == u"https";
    const quint16 port = quint16(url.port(tls ? 443 : 80));
    QByteArray head = m_request.method + ' ' + HttpHead::requestTarget(url) + " HTTP/1.1\r\nHost: "
        + HttpHead::hostField(url) + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n";
    QByteArrayList cookies;
    for (auto it = m_cookies.cbegin(); it != m_cookies.cend(); ++it)
        cookies.append(it.key() + '=' + it.value());
    if (!cookies.isEmpty())
        head += "Cookie: " + cookies.join("; ") + "\r\n";
    if (!m_parser.lastEventId().isEmpty())
        head += "Last-Event-ID: " + m_parser.lastEventId().toUtf8() + "\r\n";
    for (const auto &[name, value] : m_request.headers)
        head += name + ": " + value + "\r\n";
    if (!m_request.body.isEmpty())
        head += "Content-Length: " + QByteArray::number(m_request.body.size()) + "\r\n";
    // The request goes out once the connection (and TLS) is up; the socket buffers it until then.
    if (tls)
        m_socket->connectToHostEncrypted(url.host(), port);
    else
        m_socket->connectToHost(url.host(), port);
    m_requestBytes = head + "\r\n" + m_request.body;
    m_socket->write(m_requestBytes);
}

void EventSourceSession::onReadyRead()
{
    const QByteArray bytes = m_socket->readAll();
    if (m_state == State::Open) // the head was read
        return readBody(bytes);
    m_buffer += bytes;
    const qsizetype length = HttpHead::headLength(m_buffer);
    if (HttpHead::isTooLong(m_buffer, length))
        return stop(tr("the answer's head is over %1 bytes").arg(HttpHead::defaultMaxBytes));
    if (length < 0)
        return;
    const QByteArray body = m_buffer.sliced(length);
    m_buffer.truncate(length);
    if (readHead())
        readBody(body);
}

bool EventSourceSession::readHead()
{
    QByteArray why;
    const std::optional<HttpHead> head = HttpHead::parseResponse(m_buffer, &why);
    record(HttpExchange {m_requestBytes, head ? head->statusCode() : 0, {}, m_buffer});
    if (!head) {
        stop(tr("the answer is not HTTP: %1").arg(QString::fromLatin1(why)));
        return false;
    }
    // Kept for the reconnections, as a browser's EventSource sends its cookies (the session's name=value only).
    for (const HttpHead::Field &field : head->fields()) {
        if (field.name.compare("Set-Cookie", Qt::CaseInsensitive) != 0)
            continue;
        const QByteArray pair = field.value.left(field.value.indexOf(';')).trimmed();
        if (const qsizetype equals = pair.indexOf('='); equals > 0)
            m_cookies.insert(pair.first(equals), pair.sliced(equals + 1));
    }
    if (head->statusCode() == 204) {
        stop(tr("the server answered 204 No Content: it has no more events"), Closer::Server);
        return false;
    }
    if (head->statusCode() != 200) {
        QString sentence
            = tr("the server answered %1 %2").arg(head->statusCode()).arg(QString::fromLatin1(head->reasonPhrase()));
        // An EventSource would follow a redirect. Here the person is told where the stream went and opens it, so
        // that nothing given for this server (Authorization, cookies) reaches another unasked.
        if (const QUrl moved = head->redirectTarget(m_request.url); !moved.isEmpty())
            sentence += tr(": it is at %1").arg(moved.toString());
        stop(sentence);
        return false;
    }
    const QByteArray type = HttpHead::splitList(head->value("Content-Type"), ';').value(0).toByteArray().toLower();
    if (type != "text/event-stream") {
        stop(tr("the answer is %1, not text/event-stream").arg(QString::fromLatin1(type.isEmpty() ? "untyped" : type)));
        return false;
    }
    if (head->hasToken("Transfer-Encoding", "chunked"))
        m_chunked.emplace();
    setState(State::Open);
    return true;
}

void EventSourceSession::readBody(QByteArrayView bytes)
{
    QByteArray decoded;
    if (m_chunked) {
        decoded = m_chunked->feed(bytes);
        if (m_chunked->state() == ChunkedDecoder::State::Failed)
            return stop(tr("the stream's chunks are broken: %1").arg(m_chunked->errorString()));
    }
    if (!m_parser.feed(m_chunked ? QByteArrayView(decoded) : bytes))
        return stop(tr("the stream is refused: %1").arg(m_parser.errorString()));
    const QList<EventStreamParser::Event> events = m_parser.takeEvents();
    for (const EventStreamParser::Event &event : events) {
        // The type as the stream named it: "message" is what an event without one is called.
        record(SseEvent {event.type == u"message" ? QByteArray() : event.type.toUtf8(), event.lastEventId.toUtf8(),
            event.data.toUtf8()});
        Q_EMIT eventReceived(event);
    }
    if (m_chunked && m_chunked->state() == ChunkedDecoder::State::Done)
        lose(tr("the server ended the stream"), Closer::Server);
}

void EventSourceSession::lose(const QString &why, Closer closer)
{
    if (m_state == State::Closed || m_state == State::Waiting)
        return;
    dropSocket(closer);
    m_parser.endOfStream();
    setState(State::Waiting);
    Q_EMIT ended(tr("%1; reconnecting in %2 s").arg(why).arg(reconnectMs() / 1000.0));
    m_reconnect.start(reconnectMs());
}

void EventSourceSession::stop(const QString &why, Closer closer)
{
    dropSocket(closer);
    close();
    Q_EMIT ended(why);
}

void EventSourceSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace Duplex
