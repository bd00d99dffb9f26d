// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>

#include <chrono>

#include "client/clientsession.h"
#include "traffic/replaypacer.h"

namespace Duplex {

// What a client said on one recorded connection (live, or read from a capture or a HAR), to say again: its request
// and its text and binary messages.
struct ReplayScript
{
    ClientSession::Request request; // URL, subprotocols, headers and origin, as recorded
    QList<RecordedMessage> messages;
    qsizetype lost = 0; // the client's messages no longer held whole, so not in messages

    // The request an upgrade request head asked for: ws:// (wss:// where the port is 443, the Host field's or, when
    // it names none, the server's, peerPort) with the head's target, its subprotocols and origin, and its other
    // fields but those the session writes itself. None, with the reason, when the head is not a request.
    static std::optional<ClientSession::Request> requestOf(
        const QByteArray &head, quint16 peerPort, QString *error = nullptr);
};

// Says a script's messages again on a session, in order, as a ReplayPacer paces them. It starts when the session is
// open and ends when all are sent, when stopped, or when the connection ends. Lives on the session's thread.
class Replay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Replay)

public:
    Replay(ClientSession &session, QList<RecordedMessage> messages, ReplayPacer::Pacing pacing,
        std::chrono::milliseconds replyWait = ReplayPacer::defaultReplyWait, QObject *parent = nullptr);

    // Sends the first message once the session is open, now if it is; ends at once when it is closed.
    void start();
    void stop(); // finished() follows
    qsizetype total() const { return m_pacer.total(); }

Q_SIGNALS:
    void messageSent(qsizetype sent, qsizetype total);
    void note(const QString &line); // what a person should know along the way, such as a reply that did not come
    // The replay ended, with how far it came in words ("all 12 messages sent", "stopped after 3 of 12 messages").
    void finished(const QString &outcome);

private:
    void onStateChanged(ClientSession::State state);
    void send(const RecordedMessage &message);
    QString sentOfTotal() const; // "3 of 12 messages"
    void finish(const QString &outcome);

    enum class Stage : quint8 { Idle, AwaitingOpen, Sending, Ended };
    QPointer<ClientSession> m_session;
    ReplayPacer m_pacer;
    Stage m_stage = Stage::Idle;
};

} // namespace Duplex
