// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QFile>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

#include "client/certificatetrust.h"
#include "room/chatprotocol.h"

namespace Duplex {

class ClientSession;
struct ConnectionClosed;
class TrafficLog;

// One line of a room as a member sees it.
struct ChatEvent
{
    // Earlier: a message said before this member first came (its hello's history), shown but no news. Note: what
    // became of something this member did (a file saved), in text.
    enum class Kind : quint8 { Message, Earlier, Joined, Left, Renamed, Error, Disconnected, Rejoining, Note };
    Kind kind = Kind::Message;
    QDateTime time; // UTC; when the room stamped it, else when it arrived
    QString nick;   // who: the author, the members who came ("ann, bob and 3 others"), left or was renamed
    QString text;   // the message, the reason for leaving, the new nickname, the error, or when a rejoin comes
    QString to;     // whom a private message was for (from this member or to it); empty for everyone
    // A file a message shared: its url made whole (http:// or https:// on the room's host), where it downloads.
    std::optional<ChatProtocol::SharedFile> file = std::nullopt;
};

// A member of a /chat room (docs/protocol.md): what the Chat panel shows and sends. Speaks the JSON protocol over
// a ClientSession of its own (its traffic stays out of the monitor, where the room's side of it already is) and
// turns what the room sends into ChatEvents, history first (once: joining the same room again shows only what was
// missed). A room greets at once with hello; a server that does not (an echo, another service) is left with an
// error that says so, rather than kept open in silence. A room that was joined and is lost (the network, the room
// restarting) is joined again with back-off under the same nickname, as the room's page does; one that ended this
// member (kicked, 1008) or closed normally is not.
class ChatClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatClient)

public:
    enum class State : quint8 { Out, Joining, In }; // Joining: until the room's hello, and while waiting to rejoin
    Q_ENUM(State)

    static constexpr std::chrono::milliseconds defaultHelloTimeout {10'000}; // from the opening handshake

    explicit ChatClient(QObject *parent = nullptr, std::chrono::milliseconds helloTimeout = defaultHelloTimeout);
    ~ChatClient() override;

    // Where a room is, from what a person typed: a ws:// or wss:// URL as it is, the room's page (http://host:port/,
    // which the host shares) as the room beside it, host:port as ws://host:port/chat; an address without a path is
    // the room's /chat. The page's link with a password (#password=…) keeps it, as ?password=. Nothing when it is
    // none of these.
    static std::optional<QUrl> roomUrl(const QString &typed);

    // Joins the room at url (ws://…/chat), asking for nick once in when it is not empty; with password when the room
    // has one (given as ?password=, rejoining too).
    void join(const QUrl &url, const QString &nick, const QString &password = {});
    void leave(); // also gives up joining or rejoining
    // Says text to everyone, or privately to the member called to.
    void send(const QString &text, const QString &to = {});
    // Shares the file at path with everyone, or privately with the member called to: offered in turn, one file at a
    // time, its bytes read and sent in pieces once the room says upload. A refusal comes as an Error event; once
    // shared, the room's message about it comes as any message does.
    void shareFile(const QString &path, const QString &to = {});
    // Gives up the file on its way to the room, which drops what it got of it; the next then goes. Too late once all
    // of it has left: the room shares that one. What came of it is said as an event.
    void cancelSharing();
    void setNick(const QString &nick);

    QString nick() const { return m_nick; }
    QStringList users() const { return m_users; }
    State state() const { return m_state; }

Q_SIGNALS:
    void eventReceived(const Duplex::ChatEvent &event);
    void usersChanged(const QStringList &users);
    void nickChanged(const QString &nick); // also when the room refused a new one: the nickname stays this
    void stateChanged(Duplex::ChatClient::State state);
    // The file on its way to the room (name empty when none is), how much of it has left (sentBytes == totalBytes
    // once all of it has), and how many more wait their turn; at each change.
    void sharingChanged(const QString &name, qint64 sentBytes, qint64 totalBytes, int waiting);
    // The room at url has a password, and join() gave none (wrong: another one): not joined, it waits for a join()
    // with it.
    void passwordNeeded(const QUrl &url, bool wrong);

private:
    void onText(const QString &frame);
    // Leaves a server whose first message, or its silence, shows it is not a room, and says so.
    void leaveForeignServer(const QString &why);
    void onMessage(const ChatProtocol::Message &message, ChatEvent::Kind kind = ChatEvent::Kind::Message);
    void offerNextFile();
    void sendPieces(); // while little waits to be written
    // The file offered or being sent is done with (shared, refused, given up): the next is offered.
    void finishSharing();
    void giveUpUpload(); // tells the room, which has said upload, to drop the file; then finishSharing
    void reportSharing();
    void say(const QJsonObject &request); // to the room
    void note(const QString &text);
    void error(const QString &text);
    void onClosed(const ConnectionClosed &closed, const QString &failure);
    void onRejoinScheduled(std::chrono::milliseconds delay);
    void onEnded(); // no connection, and none to come
    void setUsers(QStringList users);
    void setState(State state);

    TrafficLog *m_log; // keeps nothing
    CertificateTrust m_trust;
    std::unique_ptr<ClientSession> m_session; // one per join
    QString m_nick;
    QString m_wantedNick; // asked for once hello has come
    QStringList m_users;
    State m_state = State::Out;
    bool m_rejoining = false; // since the room was lost, until its hello
    QString m_lastFailure;    // why the last connection ended
    QTimer m_helloTimer;      // runs while joining, from the handshake
    QUrl m_room;
    QString m_password;          // the room's, as join() gave it
    qint64 m_lastMessageId = -1; // of this room: a rejoin's history shows only what came after it
    bool m_greeted = false;      // by this room: what a later hello's history holds was missed
    struct FileToShare
    {
        QString path;
        QString to;
    };
    QList<FileToShare> m_filesToShare; // not offered yet
    struct Sharing
    {
        std::unique_ptr<QFile> file;
        QString name;
        qint64 size = 0;        // as offered: bytes beyond it, should the file grow, are not sent
        qint64 sent = 0;        // written to the connection
        bool sending = false;   // the room said upload
        bool cancelled = false; // given up before the room answered the offer: its answer ends it
    };
    std::optional<Sharing> m_sharing; // offered, or on its way to the room
};

} // namespace Duplex
