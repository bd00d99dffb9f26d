// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

#include "traffic/trafficrecord.h"
#include "wire/chunkeddecoder.h"

class QSslSocket;

namespace Duplex {

class TrafficLog;

// One HTTP/1.1 connection to a server, kept alive: requests go one at a time, in order, each answered whole
// (Content-Length, chunked, or until the server closes) or failed with a sentence; the connection is made again for
// the next request when the server closed it. Every connection, exchange and close is in the traffic log under the
// owner's session, so the monitor shows a poller's requests as the server's side sees them.
class HttpRequester final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpRequester)

public:
    struct Answer
    {
        int status = 0; // 0: no answer, and error says why
        QByteArray head;
        QByteArray body;
        QString error;
    };
    using Done = std::function<void(const Answer &)>;
    static constexpr qsizetype maxBodyBytes = 16 << 20;

    // server: the scheme, host and port requests go to (http:// or https://).
    HttpRequester(TrafficLog &log, quint64 session, const QUrl &server, QObject *parent = nullptr);
    ~HttpRequester() override;

    // Queues a request; done follows with its answer. headers: whole "Name: value\r\n" lines.
    void send(const QByteArray &method, const QByteArray &target, const QByteArray &headers, const QByteArray &body,
        Done done);
    // Drops the connection and every queued request, without calling their done.
    void abort();
    bool isBusy() const { return !m_queue.isEmpty(); }

private:
    struct Pending
    {
        QByteArray bytes; // the whole request
        QByteArray path;
        Done done;
    };
    void sendNext();
    void onReadyRead();
    void finish();                                // the answer is whole
    void fail(const QString &why, Closer closer); // the first request gets no answer; the connection goes
    void resetAnswer();
    void dropSocket(Closer closer);
    void record(TrafficRecord::Event event);

    TrafficLog &m_log;
    quint64 m_session;
    QUrl m_server;
    std::unique_ptr<QSslSocket> m_socket;
    quint64 m_connectionId = 0;
    QList<Pending> m_queue; // the first is on the wire
    bool m_written = false; // the first has been written to this connection
    qint64 m_sentAtUs = 0;
    // The answer being read.
    int m_status = 0; // once its head is whole
    bool m_closes = false;
    QByteArray m_head;
    QByteArray m_body;
    qint64 m_length = -1; // Content-Length; -1: chunked or until close
    std::optional<ChunkedDecoder> m_chunks;
};

} // namespace Duplex
