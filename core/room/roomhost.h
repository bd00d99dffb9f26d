// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QUrl>

#include <chrono>

#include "room/serverconfig.h"
#include "traffic/replaypacer.h"

namespace Duplex {

// A member of the hosted room, as the Host panel lists it.
struct RoomMember
{
    QString nick;
    QString peer; // "address:port"
    QDateTime since;
    QString transport; // "ws", "sse", "long-poll" or "poll"
};

// The Host panel's handle on a room it hosts: the window starts and stops it and watches its members without
// seeing the server's classes (server/ implements this).
class RoomHost : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoomHost)

public:
    enum class State : quint8 { Stopped, Running, Stopping };
    Q_ENUM(State)

    using QObject::QObject;

    // Listens as config says; false, with the reason in lastError(), when it cannot.
    virtual bool start(const ServerConfig &config) = 0;
    // Says goodbye (1001) to everyone; stateChanged(Stopped) follows once all are gone.
    virtual void stop() = 0;
    // Closes nick's connection with 1008 and reason.
    virtual void kick(const QString &nick, const QString &reason) = 0;
    virtual void setPingInterval(std::chrono::milliseconds interval) = 0;
    // What /replay plays to each client that connects, from now on and across restarts: a recorded connection's
    // server messages, paced as pacing says. None: /replay is refused.
    virtual void setReplay(const QList<RecordedMessage> &messages, ReplayPacer::Pacing pacing) = 0;

    State state() const { return m_state; }
    QString lastError() const { return m_lastError; }
    quint16 port() const { return m_port; }
    QList<QUrl> urls() const { return m_urls; } // where members can join, loopback first
    QList<RoomMember> members() const { return m_members; }
    quint64 messagesPosted() const { return m_messagesPosted; } // since start, for a rate

Q_SIGNALS:
    void stateChanged(Duplex::RoomHost::State state);
    // members() changed by one at index, or lost them all (the room stopped): one member at a time, a room of a
    // thousand is followed without going over the others at each arrival.
    void memberAdded(int index);
    void memberRemoved(int index, const Duplex::RoomMember &member);
    void memberRenamed(int index, const QString &from);
    void membersCleared();
    // A member over HTTP sent a request from peer, on a connection of its own: that connection is theirs too.
    void memberReached(const QString &nick, const QString &peer);
    // The room's history file cannot be written (SQLite's words), or can again (empty); the room goes on.
    void historyProblemChanged(const QString &problem);

protected:
    void setState(State state);
    void setListening(quint16 port, const QList<QUrl> &urls);
    void setLastError(const QString &error) { m_lastError = error; }
    void addMember(const RoomMember &member);
    void removeMember(const QString &nick);
    void renameMember(const QString &from, const QString &to);
    void countMessage() { ++m_messagesPosted; }

private:
    qsizetype indexOf(const QString &nick) const; // in m_members, or -1

    State m_state = State::Stopped;
    QString m_lastError;
    quint16 m_port = 0;
    QList<QUrl> m_urls;
    QList<RoomMember> m_members;
    quint64 m_messagesPosted = 0;
};

} // namespace Duplex
