// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

#include "client/clientsession.h"

namespace Duplex {

// What a client said on one recorded connection (live, or read from a capture or a HAR), to say again: its request
// and its text and binary messages, each with when and after how many of the server's messages it was sent.
struct ReplayScript
{
    struct Message
    {
        QByteArray payload;
        bool text = true;
        qint64 gapUs = 0;      // after the previous message (the first: after the connection opened)
        int repliesBefore = 0; // the server's messages that came between the previous one and this
    };
    ClientSession::Request request; // URL, subprotocols, headers and origin, as recorded
    QList<Message> messages;
    qsizetype lost = 0; // the client's messages no longer held whole, so not in messages

    // The request an upgrade request head asked for: ws:// (wss:// where the port is 443, the Host field's or, when
    // it names none, the server's, peerPort) with the head's target, its subprotocols and origin, and its other
    // fields but those the session writes itself. None, with the reason, when the head is not a request.
    static std::optional<ClientSession::Request> requestOf(
        const QByteArray &head, quint16 peerPort, QString *error = nullptr);
};

// Says a script's messages again on a session, in order, paced as the person chose: each once as many of the
// server's messages have come since the previous one as came on the recorded connection (or after replyWait,
// whichever is first), or with the recorded gaps, or one after another. It starts when the session is open and
// ends when all are sent, when stopped, or when the connection ends. Lives on the session's thread.
class Replay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Replay)

public:
    enum class Pacing : quint8 { Replies, Timing, Immediate };
    Q_ENUM(Pacing)
    static constexpr std::chrono::milliseconds defaultReplyWait {10'000};

    Replay(ClientSession &session, QList<ReplayScript::Message> messages, Pacing pacing,
        std::chrono::milliseconds replyWait = defaultReplyWait, QObject *parent = nullptr);

    // Sends the first message once the session is open, now if it is; ends at once when it is closed.
    void start();
    void stop(); // finished() follows
    qsizetype total() const { return m_messages.size(); }
    static QString messageCount(qsizetype count); // "1 message", "12 messages"

Q_SIGNALS:
    void messageSent(qsizetype sent, qsizetype total);
    void note(const QString &line); // what a person should know along the way, such as a reply that did not come
    // The replay ended, with how far it came in words ("all 12 messages sent", "stopped after 3 of 12 messages").
    void finished(const QString &outcome);

private:
    void onStateChanged(ClientSession::State state);
    void onReceived();
    void scheduleNext(); // for the message after the last one sent
    void sendNext();
    void finish(const QString &outcome);

    enum class Stage : quint8 { Idle, AwaitingOpen, Sending, Ended };
    QPointer<ClientSession> m_session;
    QList<ReplayScript::Message> m_messages;
    Pacing m_pacing;
    std::chrono::milliseconds m_replyWait;
    qsizetype m_sent = 0;
    int m_repliesSinceSent = 0; // the server's messages since the last one sent (or since the start)
    Stage m_stage = Stage::Idle;
    QTimer m_timer; // the recorded gap, or how long the replies are waited for
};

} // namespace Duplex
