// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <chrono>

#include "client/backoff.h"

namespace Duplex {

class HttpRequester;
class TrafficLog;

// A member of a Duplex room over plain HTTP requests, as a page without WebSocket or SSE joins it: POST /chat/join,
// then a loop of GET /chat/poll?since=ID, held by the server until there is news (long polls) or answered at once
// every interval (short polls), and POST /chat/send beside it on a second connection. A lost request is tried again
// with back-off, a forgotten session (the server restarted) joins again, and 410 (kicked) ends it for good; close()
// says goodbye (POST /chat/leave). Every request and answer is in the traffic log.
class PollSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PollSession)

public:
    enum class Mode { LongPoll, ShortPoll };
    enum class State { Joining, Open, Waiting, Closed };
    Q_ENUM(State)

    explicit PollSession(TrafficLog &log, QObject *parent = nullptr);
    // Its records carry session, an id another session of the same client has (the Client tab's sessions share one).
    PollSession(TrafficLog &log, quint64 session, QObject *parent = nullptr);
    ~PollSession() override;

    quint64 id() const { return m_id; } // the session field of its records in the log
    State state() const { return m_state; }
    // A join or poll is on its way or being answered (a long poll nearly always is; a short poll only briefly).
    bool isAwaitingAnswer() const;
    qint64 pollsAnswered() const { return m_pollsAnswered; }
    // room: the room's HTTP address, such as http://127.0.0.1:8080/chat. False, with why, for another address.
    bool open(const QUrl &room, Mode mode, std::chrono::milliseconds interval = std::chrono::seconds(1),
        QString *error = nullptr);
    void close();
    // False, with why, when not joined; the room's refusal, if any, comes as a problem().
    bool sendText(const QString &text, QString *error = nullptr);

Q_SIGNALS:
    void stateChanged(Duplex::PollSession::State state);
    void objectReceived(const QJsonObject &object); // hello, message, join…, in the room's order
    void problem(const QString &why);               // a refusal or a lost request; the session goes on
    void ended(const QString &why);                 // for good

private:
    void join();
    void poll();
    void retry(const QString &why);
    void stop(const QString &why);
    void setState(State state);
    QByteArray target(QStringView endpoint) const; // the room's path with endpoint after it

    TrafficLog &m_log;
    quint64 m_id;
    State m_state = State::Closed;
    QUrl m_room;
    Mode m_mode = Mode::LongPoll;
    std::chrono::milliseconds m_interval {1000};
    HttpRequester *m_polls = nullptr; // the join and the polls
    HttpRequester *m_sends = nullptr; // beside a held poll
    QByteArray m_authorization;       // "Authorization: Bearer …" line of the session
    qint64 m_since = -1;              // the last message id seen
    qint64 m_pollsAnswered = 0;
    Backoff m_backoff {std::chrono::milliseconds(500), std::chrono::seconds(20)};
    QTimer m_next; // the next short poll, or the retry
};

} // namespace Duplex
