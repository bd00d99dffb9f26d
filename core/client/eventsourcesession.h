// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

#include "traffic/trafficrecord.h"
#include "wire/chunkeddecoder.h"
#include "wire/eventstreamparser.h"
#include "wire/httphead.h"

class QSslSocket;

namespace Duplex {

class TrafficLog;

// A client of any server-sent events endpoint, as a browser's EventSource behaves (WHATWG HTML §9.2): GET (or POST
// with a body) over http:// or https://, the stream read by the WHATWG rules whatever its framing (chunked, or until
// the connection ends); when the stream ends or the connection is lost it reconnects after the stream's retry
// (3 s until the server sets one) with Last-Event-ID and the cookies the server set. It stops for good, saying
// why, on 204 (the server's "no more"), on any other status than 200, on a Content-Type other than
// text/event-stream, or on a stream that breaks the reader's limits. Redirects are not followed, and a TLS
// certificate must be trusted by the system (unlike ClientSession, it does not ask yet). Every connection is in the
// traffic log as the monitor shows a server's streams: opened, the request and the answer's head, each event, and
// how it closed.
class EventSourceSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventSourceSession)

public:
    struct Request
    {
        QUrl url; // http:// or https://
        QByteArray method = "GET";
        QList<std::pair<QByteArray, QByteArray>> headers; // extra request headers, such as Authorization
        QByteArray body;                                  // sent with Content-Length when not empty
    };
    enum class State { Connecting, Open, Waiting, Closed };
    Q_ENUM(State)

    explicit EventSourceSession(TrafficLog &log, QObject *parent = nullptr);
    // Its records carry session, an id another session of the same client has (the Client tab's sessions share one).
    EventSourceSession(TrafficLog &log, quint64 session, QObject *parent = nullptr);
    ~EventSourceSession() override;

    quint64 id() const { return m_id; } // the session field of its records in the log
    // False, with why, for a URL that is not http:// or https://.
    bool open(const Request &request, QString *error = nullptr);
    void close();
    State state() const { return m_state; }
    QString lastEventId() const { return m_parser.lastEventId(); }
    int reconnectMs() const;

Q_SIGNALS:
    void stateChanged(Duplex::EventSourceSession::State state);
    void eventReceived(const Duplex::EventStreamParser::Event &event);
    // Why the stream ended: before a reconnection (Waiting), or for good (Closed).
    void ended(const QString &why);

private:
    void connectNow();
    void dropSocket(Closer closer);
    void record(TrafficRecord::Event event);
    void onReadyRead();
    bool readHead();
    void readBody(QByteArrayView bytes);
    void lose(const QString &why, Closer closer = Closer::Nobody);
    void stop(const QString &why, Closer closer = Closer::Client);
    void setState(State state);

    TrafficLog &m_log;
    quint64 m_id;
    quint64 m_connectionId = 0; // the log's id of the current connection; 0 before it connected
    Request m_request;
    QByteArray m_requestBytes; // as sent
    State m_state = State::Closed;
    std::unique_ptr<QSslSocket> m_socket;
    QByteArray m_buffer; // the response head, until it is whole
    std::optional<ChunkedDecoder> m_chunked;
    EventStreamParser m_parser;
    QMap<QByteArray, QByteArray> m_cookies; // from the answers' Set-Cookie, name to value
    QTimer m_reconnect;
};

} // namespace Duplex
