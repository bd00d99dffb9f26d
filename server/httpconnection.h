// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

#include "traffic/carrier.h"
#include "traffic/trafficrecord.h"
#include "wire/httprequest.h"

class QTcpSocket;

namespace Duplex {

class TrafficLog;

// One HTTP/1.1 connection on the public port, kept alive between requests. Reads one request at a time, and the next
// only once the current one is answered, so answers keep their order; refuses what breaks the limits (the connection
// then closes, since its framing is lost); closes an idle connection after idleTimeout. Whoever hears
// requestReceived() answers now or later (a held poll), turns the answer into a stream (SSE), or takes the socket
// (an upgrade). Deletes itself once the connection is gone.
class HttpConnection final : public QObject, private Carrier::Listener
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    struct Limits
    {
        HttpRequest::Limits request;
        std::chrono::milliseconds headTimeout {10'000}; // from a request's first byte to its last
        std::chrono::milliseconds idleTimeout {60'000}; // between requests
    };

    // Takes the socket, which has just connected.
    HttpConnection(QTcpSocket *socket, const Limits &limits, TrafficLog &log, QObject *parent = nullptr);

    QTcpSocket *socket() const { return m_socket; } // null once a stream has started
    QString peer() const { return m_peer; }
    // The request being answered, and its body.
    const HttpHead &request() const { return *m_request.head; }
    qsizetype requestHeadLength() const { return m_request.headLength; }
    QByteArray body() const { return m_body; }
    bool answering() const { return m_state == State::Answering; } // a request waits for respond() or startStream()

    // Headers every answer to the current request carries besides its own (CORS).
    void setCommonHeaders(QList<HttpHead::Field> headers) { m_commonHeaders = std::move(headers); }
    // Answers the current request; then reads the next, or closes if either side asked for that ("Connection:
    // close" among headers).
    // The body waits in the socket shared, not copied: a file a hundred members fetch at once is held once there (the
    // traffic log keeps what it records within its own budget).
    void respond(int status, QByteArrayView contentType, const QByteArray &body, QList<HttpHead::Field> headers = {});
    // A plain-text refusal: the reason, one sentence, is the body.
    void refuse(int status, QByteArrayView reason, QList<HttpHead::Field> headers = {});
    // Answers with a body that lasts as long as the connection: the head now, then write() as there is news, sent
    // together once this pass of the event loop is over. The connection closes when the stream ends (there is no
    // length to end it otherwise). What the peer sends meanwhile is read and dropped.
    void startStream(QByteArrayView contentType, QList<HttpHead::Field> headers);
    void write(const QByteArray &bytes);
    // One text/event-stream event on the stream, recorded as such.
    void writeEvent(const SseEvent &event, const QByteArray &bytes); // bytes: event's, encoded once for all
    void endStream();
    qint64 bytesToWrite() const;
    // Hands the socket over with the current request's head still unread in it (a WebSocket upgrade); this object
    // is deleted later.
    QTcpSocket *takeSocket();
    void abort();

Q_SIGNALS:
    void requestReceived();
    // A request was refused before anyone saw it (malformed, too large, too slow); the connection closes.
    void requestRefused(int status, const QByteArray &reason);
    void closed(); // the connection is gone (not after takeSocket)

private:
    enum class State : quint8 { Idle, Reading, Answering, Streaming, Closing };

    void readRequest();
    void refuseAndClose(int status, const QByteArray &reason);
    void sendHead(int status, QByteArrayView contentType, qint64 contentLength, const QList<HttpHead::Field> &headers);
    void answer(int status, QByteArrayView contentType, const QByteArray &body, QList<HttpHead::Field> headers,
        const QByteArray &reason);
    void waitForRequest();
    void onTimeout();
    void onDisconnected();
    // The stream's carrier tells: what the peer sends is dropped, and its end is the connection's.
    void received(QByteArrayView) override { }
    void written(qint64) override { }
    void gone() override { onDisconnected(); }
    // The traffic log's id for this connection, opened with its first answered request: a refusal is not a
    // conversation, and a connection that only upgrades is recorded as the WebSocket it becomes.
    quint64 logId();

    QTcpSocket *m_socket;
    // A stream's, from startStream() on, instead of m_socket: the descriptor itself, as a WebSocket member's, so that
    // a room's events for a stream are gathered into one write a pass and never copied into a socket's buffer.
    Carrier *m_stream = nullptr;
    QString m_peer;
    Limits m_limits;
    TrafficLog &m_log;
    State m_state = State::Idle;
    bool m_servedOne = false;    // a first request has been answered: the idle timeout applies from now on
    bool m_continueSent = false; // "100 Continue" for the current request
    HttpRequest m_request;
    QByteArray m_requestBytes; // head and body, as recorded
    QByteArray m_body;
    qint64 m_receivedAtUs = 0;
    quint64 m_logId = 0;
    QList<HttpHead::Field> m_commonHeaders;
    QTimer m_timer;
};

} // namespace Duplex
