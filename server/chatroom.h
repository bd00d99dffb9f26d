// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>

#include "room/chatprotocol.h"
#include "room/serverconfig.h"

namespace Duplex {

class Connection;

// /chat: one room. Greets newcomers with hello, stamps and fans out messages, keeps nicknames unique, and protects
// itself from floods and from members that stop reading (docs/protocol.md).
class ChatRoom final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatRoom)

public:
    explicit ChatRoom(const ServerConfig &config, QObject *parent = nullptr);
    ~ChatRoom() override;

    // Takes ownership; the connection is deleted when it disconnects.
    void accept(Connection *connection);
    // Cuts a member off (its connection is aborted) and tells the room why.
    void drop(Connection *connection, const QString &reason);
    // Closes a member's connection with 1008 (policy violation) and reason, which the room also sees. False when
    // no member has that nickname.
    bool kick(const QString &nick, const QString &reason);

    QStringList nicknames() const; // in order of arrival
    QString peerOf(const QString &nick) const;
    qint64 queuedBytes() const; // written by the room and not yet sent, over all members

Q_SIGNALS:
    void memberJoined(const QString &nick, const QString &peer);
    void memberRenamed(const QString &from, const QString &to);
    void memberLeft(const QString &nick, const QString &reason);
    void messagePosted(qint64 id, const QString &from, const QString &text);

private:
    struct Member
    {
        QString nick;
        QString peer;
        double tokens = 0; // rate-limit bucket
        qint64 refilledAtNs = 0;
        int strikes = 0;     // messages refused in a row for the rate limit
        QString leaveReason; // set once the room has decided to close the member
    };

    void onText(Connection *connection, const QString &frame);
    void onDisconnected(Connection *connection);
    bool withinRate(Connection *connection, Member &member);
    void post(const Member &member, const QString &text);
    void rename(Connection *connection, Member &member, const QString &nick);
    void closeMember(Connection *connection, quint16 closeCode, const QString &reason);
    void send(Connection *connection, const QString &frame);
    void reply(Connection *connection, const QJsonObject &object) { send(connection, ChatProtocol::encode(object)); }
    void broadcast(const QJsonObject &object, const Connection *except = nullptr);
    bool nickTaken(const QString &nick, const Connection *except) const;
    QString nextGuestNick();

    ServerConfig m_config;
    QHash<Connection *, Member> m_members;
    QList<Connection *> m_arrivalOrder;
    QList<ChatProtocol::Message> m_history; // the last config.historySize messages
    qint64 m_lastMessageId = 0;
    int m_lastGuest = 0;
    QElapsedTimer m_clock;
};

} // namespace Duplex
