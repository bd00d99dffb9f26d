// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>

#include "room/chatprotocol.h"
#include "traffic/connection.h"

namespace Duplex {

class HttpConnection;

// A room member that reaches the room over plain HTTP: one SSE stream, or long or short polls. To the room it is a
// Connection like any WebSocket: what the room sends it becomes SSE events on its stream or waits in a queue for its
// next poll, and what it says arrives by POST /chat/send. It proves itself on every request with its session token.
class HttpMember final : public Connection
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpMember)

public:
    using Transport = ChatProtocol::Transport;

    HttpMember(Transport transport, QString peer, QObject *parent = nullptr);

    Transport transport() const { return m_transport; }
    QByteArray session() const { return m_session; } // 128 random bits, base64url
    // The cookie that carries the session for a browser (EventSource cannot send headers).
    QByteArray sessionCookie() const;

    // SSE: everything the room sends goes to stream as an event, and a comment every heartbeat when it is quiet
    // (0: none). The member leaves when the stream closes.
    void attachStream(HttpConnection *stream, std::chrono::milliseconds heartbeat);
    void setHeartbeat(std::chrono::milliseconds heartbeat);
    // Polls: pollsStopped() follows when no poll comes for silence, from now or after the last answer.
    void awaitPolls(std::chrono::milliseconds silence);
    // Answers request with missed (replayed from the room's history) and what waits in the queue, or holds it up to
    // hold while both are empty. A second poll releases the first, empty.
    void poll(HttpConnection *request, const QList<ChatProtocol::Outgoing> &missed, std::chrono::milliseconds hold);
    // Runs act, which hands the room something of this member's, with request open: the room's answer to this
    // member alone (hello, an error, users, history) becomes request's answer; with none, 204.
    void answerWith(HttpConnection *request, const std::function<void()> &act);
    // The highest id an answer to the member carried (a message's, or hello's lastId): a poll asking for less lost
    // an answer on the way.
    qint64 lastAnsweredId() const { return m_lastAnsweredId; }

    // From the room: to everyone, or to this member alone.
    void deliver(const ChatProtocol::Outgoing &object);
    void answer(const ChatProtocol::Outgoing &object);

    // Connection. The room only sends text; closing ends the stream or answers the held poll with 410.
    void sendText(const QByteArray &utf8) override;
    void sendBinary(const QByteArray &) override { }
    bool ping(const QByteArray &) override { return false; }
    void close(quint16 code, const QString &reason) override;
    void abort() override;
    qint64 bytesToWrite() const override;
    quint16 closeCode() const override { return m_closeCode; }

Q_SIGNALS:
    void pollsStopped();

private:
    void answerPoll();
    void end(quint16 code);
    void onStreamClosed();

    Transport m_transport;
    QByteArray m_session;
    QPointer<HttpConnection> m_stream;  // SSE
    QPointer<HttpConnection> m_held;    // a poll waiting for news
    QPointer<HttpConnection> m_request; // a join or a send being answered
    QList<ChatProtocol::Outgoing> m_queue;
    qint64 m_queuedBytes = 0;
    qint64 m_lastAnsweredId = 0;
    bool m_answerQueued = false;
    bool m_ended = false;
    quint16 m_closeCode = 0;
    QTimer m_heartbeat;
    QTimer m_hold;
    QTimer m_silence;
};

} // namespace Duplex
