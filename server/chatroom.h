// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <variant>

#include "room/chatprotocol.h"
#include "room/serverconfig.h"
#include "server/fileshelf.h"

namespace Duplex {

class Connection;
class HttpMember;
class MessageArchive;

// /chat: one room, whatever the transport. Greets newcomers with hello, stamps and fans out messages, keeps
// nicknames unique, replays what a resuming member missed, and protects itself from floods and from members that
// stop reading (docs/protocol.md). A member is a Connection: a WebSocket, or an HttpMember (SSE, polls).
class ChatRoom final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatRoom)

public:
    // Deliveries are counted over intervals this long, to tell a busy room.
    static constexpr std::chrono::milliseconds busyInterval {100};

    explicit ChatRoom(const ServerConfig &config, QObject *parent = nullptr);
    ~ChatRoom() override;

    // Takes ownership; the connection is deleted when it disconnects. A member that resumes after the message id
    // resumeAfter gets, in hello, the messages since then, or a reset first when they cannot be replayed.
    void accept(Connection *connection, std::optional<qint64> resumeAfter = std::nullopt);
    // Cuts a member off (its connection is aborted) and tells the room why.
    void drop(Connection *connection, const QString &reason);
    // Closes a member's connection with 1008 (policy violation) and reason, which the room also sees. False when
    // no member has that nickname.
    bool kick(const QString &nick, const QString &reason);

    // Keeps the messages to everyone in the SQLite file at path from now on and, in a room that has said nothing
    // yet, greets with those an earlier run kept there. Why not, when the file cannot be used.
    std::optional<QString> keepHistoryIn(const QString &path);

    QStringList nicknames() const; // in order of arrival
    const ChatProtocol::Roster &roster() const { return m_roster; }
    const QList<ChatProtocol::Message> &history() const { return m_history; } // the last config.historySize
    QString peerOf(const QString &nick) const;
    // A member over HTTP sent a request from peer, perhaps on a connection of its own: memberReached() when the one
    // before came from elsewhere.
    void reachedFrom(Connection *connection, const QString &peer);
    // The messages after id, oldest first, or nothing when they cannot all be replayed: id is older than the history
    // or from neither this run of the room nor the history file (ids start above any earlier run's: see
    // m_lastMessageId). With a member, its own private messages too (to or from it: an answer lost on the way),
    // never another's.
    std::optional<QList<ChatProtocol::Message>> messagesAfter(qint64 id, Connection *member = nullptr) const;
    qint64 queuedBytes() const; // written by the room and not yet sent, over all members
    // A file a member shared, by the token its URL ends with; nullptr once the room no longer holds it.
    const FileShelf::File *sharedFile(const QByteArray &token) const { return m_files.find(token); }

Q_SIGNALS:
    void memberJoined(const QString &nick, const QString &peer, Duplex::ChatProtocol::Transport transport);
    void memberRenamed(const QString &from, const QString &to);
    void memberLeft(const QString &nick, const QString &reason);
    void memberReached(const QString &nick, const QString &peer); // from another connection, which is theirs too
    void messagePosted(qint64 id, const QString &from, const QString &text);
    // The history file cannot be written (a full disk: SQLite's words), or can again (empty). Nothing is lost
    // meanwhile but what the file would keep: the room goes on, and the archive tries again.
    void historyProblemChanged(const QString &problem);

private:
    struct Member
    {
        quint64 serial = 0; // never reused, as an address may be: what a private message remembers of its ends
        QString nick;
        QString peer;
        QString latestPeer; // of an HTTP member's latest request
        ChatProtocol::Transport transport = ChatProtocol::Transport::WebSocket;
        HttpMember *http = nullptr; // the same connection, when it is one
        double tokens = 0;          // rate-limit bucket
        qint64 refilledAtNs = 0;
        int strikes = 0;     // messages refused in a row for the rate limit
        QString leaveReason; // set once the room has decided to close the member
        struct Upload
        {
            ChatProtocol::SharedFile file;
            QString to; // a private file's recipient
            QByteArray bytes;
        };
        std::optional<Upload> upload; // a file offered and arriving in binary frames, one at a time
    };

    void onText(Connection *connection, const QByteArray &utf8);
    void onBinary(Connection *connection, const QByteArray &bytes); // a file's, after offerFile()
    void onDisconnected(Connection *connection);
    bool withinRate(Connection *connection, Member &member);
    // A message to everyone: its text, or a file (then the text is empty). A file's message is in the history while
    // the room runs, not in the history file: its bytes do not outlive the room.
    void post(const Member &member, const QString &text, const std::optional<ChatProtocol::SharedFile> &file = {});
    // A private message, to the member called to and to its author only; in no history, replayed to its two ends
    // only (messagesAfter).
    void tell(Connection *connection, const Member &member, const QString &to, const QString &text,
        const std::optional<ChatProtocol::SharedFile> &file = {});
    // The member a private message from connection may go to, or nullptr after telling connection why not.
    Connection *recipientOf(Connection *connection, const QString &to);
    // A member offers a file (docs/protocol.md): the room answers upload and takes its bytes, or says why not.
    void offerFile(Connection *connection, Member &member, const ChatProtocol::Request &request);
    void cancelUpload(Member &member);                              // its bytes so far are dropped
    void shareUploadedFile(Connection *connection, Member &member); // all its bytes came
    Connection *memberNamed(const QString &nick) const;             // or nullptr
    void rename(Connection *connection, Member &member, const QString &nick);
    void closeMember(Connection *connection, quint16 closeCode, const QString &reason);
    void send(Connection *connection, const Member &member, const ChatProtocol::Outgoing &object);
    void reply(Connection *connection, const QJsonObject &object);
    void reply(Connection *connection, const ChatProtocol::Outgoing &object);
    // To every member but except: at once in a quiet room, else with the batch (ServerConfig::broadcastBatch).
    void broadcast(const QJsonObject &object, const Connection *except = nullptr);
    void deliverBatch(); // what waits goes out, and a new batch gathers while the room is busy
    using Broadcast = std::pair<ChatProtocol::Outgoing, const Connection *>; // with the member it skips, if any
    void deliver(const QList<Broadcast> &broadcasts);
    bool isBusy(); // handing out ServerConfig::busyDeliveries a second, now or in the last busyInterval
    // A join or a leave, to everyone but except: at once, or with others at the end of the interval when many come.
    using PresenceChange = std::variant<ChatProtocol::Member, ChatProtocol::Departure>;
    void announce(const PresenceChange &change, const Connection *except = nullptr);
    void endPresenceInterval();
    // Each run of joins as one joins message, each of leaves as one leaves message; before anything else is
    // broadcast, so order holds.
    void announcePendingPresence();
    // Drops the members with the most unsent data until the room's total is within its bound.
    void keepQueuesWithinRoomBound();
    QString nextGuestNick();

    ServerConfig m_config;
    QHash<Connection *, Member> m_members;
    QList<Connection *> m_arrivalOrder;
    ChatProtocol::Roster m_roster;             // in m_arrivalOrder's order
    QList<ChatProtocol::Message> m_history;    // the last config.historySize messages
    std::unique_ptr<MessageArchive> m_archive; // the history on disk, when kept there
    FileShelf m_files;
    struct PrivateMessage
    {
        ChatProtocol::Message message;
        quint64 from = 0; // Member::serial
        quint64 to = 0;
    };
    QList<PrivateMessage> m_privateMessages; // the last config.historySize, for their ends' lost answers
    // Starts at the wall clock in ms × 1000, so a restarted room's ids are above the last run's (unless that run
    // stamped over 1000 messages a millisecond): a resume id from before a restart is then told apart, unless the
    // history file brought that run's messages back (keepHistoryIn).
    qint64 m_lastMessageId;
    // Replays start after these: the newest message no longer kept (or where this run's ids start), of the history
    // and of m_privateMessages.
    qint64 m_forgottenId;
    qint64 m_forgottenPrivateId;
    quint64 m_lastSerial = 0;
    int m_lastGuest = 0;
    QElapsedTimer m_clock;
    QTimer m_presenceInterval;               // the interval joins and leaves are counted in
    int m_presenceChanges = 0;               // in this interval
    QList<PresenceChange> m_pendingPresence; // past the first few of the interval, not announced yet
    QTimer m_batch;                          // runs while the room is busy: broadcasts wait in m_batched for its end
    QList<Broadcast> m_batched;
    qint64 m_deliveryInterval = 0; // which busyInterval since m_clock started m_deliveries counts
    qint64 m_deliveries = 0;
    qint64 m_deliveriesBefore = 0; // in the interval before
};

} // namespace Duplex
