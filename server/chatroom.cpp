// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/chatroom.h"

#include "server/httpmember.h"
#include "server/messagearchive.h"
#include "traffic/connection.h"
#include "wire/websocketframe.h"

namespace Duplex {

using ChatProtocol::Request;

ChatRoom::ChatRoom(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_files(config.fileBudget)
    , m_lastMessageId(QDateTime::currentMSecsSinceEpoch() * 1000)
    , m_forgottenId(m_lastMessageId)
    , m_forgottenPrivateId(m_lastMessageId)
{
    m_clock.start();
    m_presenceInterval.setSingleShot(true);
    m_presenceInterval.setInterval(ChatProtocol::presenceInterval);
    connect(&m_presenceInterval, &QTimer::timeout, this, &ChatRoom::endPresenceInterval);
    m_batch.setSingleShot(true);
    m_batch.setInterval(m_config.broadcastBatch);
    connect(&m_batch, &QTimer::timeout, this, &ChatRoom::deliverBatch);
}

ChatRoom::~ChatRoom()
{
    // Members are child objects, deleted after m_members is gone: they must not report their disconnection.
    for (Connection *connection : std::as_const(m_arrivalOrder))
        connection->disconnect(this);
}

void ChatRoom::accept(Connection *connection, std::optional<qint64> resumeAfter)
{
    deliverBatch(); // to the members it was for: the newcomer's hello holds those messages already
    connection->setParent(this);
    Member member;
    member.serial = ++m_lastSerial;
    member.nick = nextGuestNick();
    member.peer = connection->peer();
    member.latestPeer = member.peer;
    member.http = qobject_cast<HttpMember *>(connection);
    if (member.http)
        member.transport = member.http->transport();
    member.tokens = m_config.burst;
    member.refilledAtNs = m_clock.nsecsElapsed();
    m_members.insert(connection, member);
    m_arrivalOrder.append(connection);
    m_roster.append({member.nick, member.transport});

    connect(connection, &Connection::textReceived, this,
        [this, connection](const QByteArray &utf8) { onText(connection, utf8); });
    connect(connection, &Connection::binaryReceived, this,
        [this, connection](const QByteArray &bytes) { onBinary(connection, bytes); });
    connect(connection, &Connection::disconnected, this, [this, connection] { onDisconnected(connection); });

    QList<ChatProtocol::Message> history = m_history;
    if (resumeAfter) {
        if (const auto missed = messagesAfter(*resumeAfter))
            history = *missed;
        else
            reply(connection,
                ChatProtocol::reset(tr("the messages after the id given cannot be replayed (it is not an id of this "
                                       "room, older than the history, or from before a restart); here is the room "
                                       "as it stands")));
    }
    QJsonObject httpFields;
    if (member.http) {
        httpFields.insert(u"session", QString::fromLatin1(member.http->session()));
        httpFields.insert(u"transport", ChatProtocol::transportName(member.transport));
    }
    reply(connection, ChatProtocol::hello(member.nick, m_roster, history, m_lastMessageId, httpFields));
    announce(ChatProtocol::Member {member.nick, member.transport}, connection);
    Q_EMIT memberJoined(member.nick, member.peer, member.transport);
}

void ChatRoom::drop(Connection *connection, const QString &reason)
{
    const auto it = m_members.find(connection);
    if (it == m_members.end() || !it->leaveReason.isEmpty())
        return;
    it->leaveReason = reason;
    // Deferred: a drop may be decided in the middle of a broadcast, which must not see the member list change.
    QMetaObject::invokeMethod(connection, &Connection::abort, Qt::QueuedConnection);
}

std::optional<QString> ChatRoom::keepHistoryIn(const QString &path)
{
    QString problem;
    m_archive = MessageArchive::open(path, m_config.historySize, &problem);
    if (!m_archive)
        return problem;
    connect(m_archive.get(), &MessageArchive::problemChanged, this, &ChatRoom::historyProblemChanged);
    const QList<ChatProtocol::Message> kept = m_archive->messages();
    if (m_history.isEmpty() && !kept.isEmpty()) {
        m_history = kept;
        // A page that saw the last of them resumes without a reset; ids stay above them even if the clock went back.
        m_forgottenId = kept.first().id - 1;
        m_lastMessageId = std::max(m_lastMessageId, kept.last().id);
    }
    return std::nullopt;
}

QString ChatRoom::peerOf(const QString &nick) const
{
    return m_members.value(memberNamed(nick)).peer;
}

Connection *ChatRoom::memberNamed(const QString &nick) const
{
    for (auto it = m_members.cbegin(); it != m_members.cend(); ++it) {
        if (it->nick.compare(nick, Qt::CaseInsensitive) == 0) // unique in that sense (ChatProtocol::nickProblem)
            return it.key();
    }
    return nullptr;
}

void ChatRoom::reachedFrom(Connection *connection, const QString &peer)
{
    const auto member = m_members.find(connection);
    if (member != m_members.end() && std::exchange(member->latestPeer, peer) != peer)
        Q_EMIT memberReached(member->nick, peer);
}

std::optional<QList<ChatProtocol::Message>> ChatRoom::messagesAfter(qint64 id, Connection *member) const
{
    const auto it = m_members.constFind(member);
    const bool withPrivate = it != m_members.cend();
    if (id < m_forgottenId || (withPrivate && id < m_forgottenPrivateId) || id > m_lastMessageId)
        return std::nullopt;
    const auto after = [id](const ChatProtocol::Message &message) { return message.id > id; };
    // Ids rise but leave gaps: a private message's id is in no history.
    QList<ChatProtocol::Message> missed
        = m_history.sliced(std::find_if(m_history.cbegin(), m_history.cend(), after) - m_history.cbegin());
    if (!withPrivate)
        return missed;
    const qsizetype publicCount = missed.size();
    for (const PrivateMessage &told : m_privateMessages) {
        if (after(told.message) && (told.from == it->serial || told.to == it->serial))
            missed.append(told.message);
    }
    std::inplace_merge(missed.begin(), missed.begin() + publicCount, missed.end(),
        [](const ChatProtocol::Message &a, const ChatProtocol::Message &b) { return a.id < b.id; });
    return missed;
}

QStringList ChatRoom::nicknames() const
{
    QStringList nicks;
    nicks.reserve(m_arrivalOrder.size());
    for (Connection *connection : m_arrivalOrder)
        nicks.append(m_members.value(connection).nick);
    return nicks;
}

qint64 ChatRoom::queuedBytes() const
{
    qint64 total = 0;
    for (const Connection *connection : m_arrivalOrder)
        total += connection->bytesToWrite();
    return total;
}

void ChatRoom::onText(Connection *connection, const QByteArray &utf8)
{
    const auto it = m_members.find(connection);
    if (it == m_members.end() || !it->leaveReason.isEmpty() || !withinRate(connection, *it))
        return;
    const Request request = ChatProtocol::parseRequest(utf8);
    switch (request.kind) {
    case Request::Kind::Message:
        if (!request.to.isEmpty())
            return tell(connection, *it, request.to, request.text);
        return post(*it, request.text);
    case Request::Kind::PlainText:
        return post(*it, request.text);
    case Request::Kind::Nick:
        return rename(connection, *it, request.text);
    case Request::Kind::Users:
        return reply(connection, ChatProtocol::users(m_roster));
    case Request::Kind::History:
        return reply(connection, ChatProtocol::history(m_history));
    case Request::Kind::File:
        return offerFile(connection, *it, request);
    case Request::Kind::CancelUpload:
        return cancelUpload(*it);
    case Request::Kind::Invalid:
        return reply(connection, ChatProtocol::error(request.error, request.text));
    }
}

void ChatRoom::onBinary(Connection *connection, const QByteArray &bytes)
{
    const auto it = m_members.find(connection);
    if (it == m_members.end() || !it->leaveReason.isEmpty())
        return;
    if (!it->upload)
        return closeMember(connection, CloseCode::unsupportedData,
            tr("binary frames on /chat are a file's bytes, sent after the room answers its offer with upload; send "
               "JSON or plain text"));
    Member::Upload &upload = *it->upload;
    if (upload.bytes.size() + bytes.size() > upload.file.size)
        return closeMember(connection, CloseCode::unsupportedData,
            tr("more bytes than the %1 the file \"%2\" was offered with").arg(upload.file.size).arg(upload.file.name));
    upload.bytes += bytes;
    if (upload.bytes.size() == upload.file.size)
        shareUploadedFile(connection, *it);
}

void ChatRoom::offerFile(Connection *connection, Member &member, const Request &request)
{
    const auto refuse = [this, connection](const QString &code, const QString &why) {
        reply(connection, ChatProtocol::error(code, why));
    };
    if (m_config.maxFileBytes == 0)
        return refuse(QStringLiteral("files-off"), tr("this room takes no files"));
    if (member.http)
        return refuse(QStringLiteral("file-needs-websocket"),
            tr("a file's bytes come in binary frames: join over WebSocket to share files"));
    if (member.upload)
        return refuse(QStringLiteral("upload-in-progress"),
            tr("the file \"%1\" is still arriving: offer the next once it is shared").arg(member.upload->file.name));
    if (request.file.size > m_config.maxFileBytes)
        return refuse(QStringLiteral("file-too-large"),
            tr("a file may have at most %1 bytes in this room").arg(m_config.maxFileBytes));
    if (!request.to.isEmpty() && !recipientOf(connection, request.to))
        return;
    if (!m_files.reserve(request.file.size))
        return refuse(
            QStringLiteral("files-busy"), tr("the room is receiving too many files at once: try again in a moment"));
    member.upload = Member::Upload {request.file, request.to, {}};
    member.upload->bytes.reserve(request.file.size);
    reply(connection, ChatProtocol::upload(request.file));
}

void ChatRoom::cancelUpload(Member &member)
{
    // Without an upload (its last byte came first, or its offer was refused) there is nothing to drop.
    if (member.upload)
        m_files.release(std::exchange(member.upload, std::nullopt)->file.size);
}

void ChatRoom::shareUploadedFile(Connection *connection, Member &member)
{
    Member::Upload upload = *std::exchange(member.upload, std::nullopt);
    if (!upload.to.isEmpty() && !recipientOf(connection, upload.to)) // gone while the file came
        return m_files.release(upload.file.size);
    ChatProtocol::SharedFile file = upload.file;
    file.url = u"/files/" + QString::fromLatin1(m_files.shelve({std::move(upload.bytes), file.name, file.mime}));
    if (upload.to.isEmpty())
        return post(member, {}, file);
    tell(connection, member, upload.to, {}, file);
}

void ChatRoom::onDisconnected(Connection *connection)
{
    const auto it = m_members.find(connection);
    if (it == m_members.end())
        return;
    if (it->upload)
        m_files.release(it->upload->file.size);
    QString reason = it->leaveReason;
    if (reason.isEmpty()) {
        const auto code = connection->closeCode();
        // A close frame without a code is a deliberate goodbye too.
        reason = code == CloseCode::normal || code == CloseCode::goingAway || code == CloseCode::noStatus
            ? tr("left")
            : tr("connection lost (close code %1)").arg(code);
    }
    const QString nick = it->nick;
    m_members.erase(it);
    const qsizetype index = m_arrivalOrder.indexOf(connection);
    m_arrivalOrder.removeAt(index);
    m_roster.removeAt(index);
    connection->deleteLater();
    announce(ChatProtocol::Departure {nick, reason});
    Q_EMIT memberLeft(nick, reason);
}

bool ChatRoom::withinRate(Connection *connection, Member &member)
{
    if (m_config.messagesPerSecond == 0)
        return true;
    const qint64 now = m_clock.nsecsElapsed();
    member.tokens = std::min<double>(
        m_config.burst, member.tokens + double(now - member.refilledAtNs) * 1e-9 * m_config.messagesPerSecond);
    member.refilledAtNs = now;
    if (member.tokens >= 1) {
        member.tokens -= 1;
        member.strikes = 0;
        return true;
    }
    if (++member.strikes == 1) {
        reply(connection,
            ChatProtocol::error(QStringLiteral("rate-limited"),
                tr("slow down: at most %1 messages per second; keep flooding and you will be disconnected")
                    .arg(m_config.messagesPerSecond)));
    } else if (member.strikes > m_config.burst) {
        closeMember(connection, CloseCode::policyViolation, tr("rate limit exceeded"));
    }
    return false;
}

void ChatRoom::post(const Member &member, const QString &text, const std::optional<ChatProtocol::SharedFile> &file)
{
    const ChatProtocol::Message message {
        ++m_lastMessageId, QDateTime::currentDateTimeUtc(), member.nick, text, {}, file};
    m_history.append(message);
    if (m_history.size() > m_config.historySize)
        m_forgottenId = m_history.takeFirst().id;
    if (m_archive && !file)
        m_archive->append(message);
    broadcast(ChatProtocol::toJson(message));
    Q_EMIT messagePosted(message.id, message.from, message.text);
}

Connection *ChatRoom::recipientOf(Connection *connection, const QString &to)
{
    Connection *named = memberNamed(to);
    if (named == connection) {
        reply(connection,
            ChatProtocol::error(
                QStringLiteral("invalid-recipient"), tr("a private message is for someone else, not for yourself")));
        return nullptr;
    }
    const auto other = m_members.constFind(named);
    if (other == m_members.cend() || !other->leaveReason.isEmpty()) {
        reply(connection,
            ChatProtocol::error(
                QStringLiteral("invalid-recipient"), tr("nobody in the room is called \"%1\"").arg(to)));
        return nullptr;
    }
    return named;
}

void ChatRoom::tell(Connection *connection, const Member &member, const QString &to, const QString &text,
    const std::optional<ChatProtocol::SharedFile> &file)
{
    Connection *recipient = recipientOf(connection, to);
    if (!recipient)
        return;
    const auto other = m_members.constFind(recipient);
    const ChatProtocol::Message message {
        ++m_lastMessageId, QDateTime::currentDateTimeUtc(), member.nick, text, other->nick, file};
    m_privateMessages.append({message, member.serial, other->serial});
    if (m_privateMessages.size() > m_config.historySize)
        m_forgottenPrivateId = m_privateMessages.takeFirst().message.id;
    const ChatProtocol::Outgoing encoded = ChatProtocol::outgoing(ChatProtocol::toJson(message));
    deliverBatch(); // it must not overtake what was broadcast before it
    send(connection, member, encoded);
    send(recipient, *other, encoded);
}

void ChatRoom::rename(Connection *connection, Member &member, const QString &nick)
{
    if (nick == member.nick)
        return; // nothing changes, so nothing is announced: no "ann is now ann" in everyone's window
    if (const auto problem = ChatProtocol::nickProblem(nick))
        return reply(connection, ChatProtocol::error(QStringLiteral("invalid-nick"), *problem));
    // Taken by someone else: one's own nickname in other letter cases is not.
    if (m_roster.has(nick) && member.nick.compare(nick, Qt::CaseInsensitive) != 0)
        return reply(
            connection, ChatProtocol::error(QStringLiteral("nick-taken"), tr("\"%1\" is already taken").arg(nick)));
    const QString previous = std::exchange(member.nick, nick);
    m_roster.rename(m_arrivalOrder.indexOf(connection), nick);
    broadcast(ChatProtocol::nickChanged(previous, nick));
    Q_EMIT memberRenamed(previous, nick);
}

bool ChatRoom::kick(const QString &nick, const QString &reason)
{
    Connection *connection = memberNamed(nick);
    if (connection)
        closeMember(connection, CloseCode::policyViolation, reason);
    return connection != nullptr;
}

void ChatRoom::closeMember(Connection *connection, quint16 closeCode, const QString &reason)
{
    const auto it = m_members.find(connection);
    if (it == m_members.end() || !it->leaveReason.isEmpty())
        return;
    deliverBatch(); // what was said before the member's close frame still reaches it
    it->leaveReason = reason;
    connection->close(closeCode, reason);
}

void ChatRoom::send(Connection *connection, const Member &member, const ChatProtocol::Outgoing &object)
{
    if (connection->bytesToWrite() > m_config.maxSendQueue)
        return drop(connection, tr("too slow: more than %1 bytes waiting to be sent").arg(m_config.maxSendQueue));
    if (member.http)
        member.http->deliver(object);
    else
        connection->sendPreparedText(object.frame, object.text());
}

void ChatRoom::reply(Connection *connection, const QJsonObject &object)
{
    reply(connection, ChatProtocol::outgoing(object));
}

void ChatRoom::reply(Connection *connection, const ChatProtocol::Outgoing &object)
{
    deliverBatch(); // an answer must not overtake what was broadcast before it
    const auto it = m_members.constFind(connection);
    if (it == m_members.cend())
        return;
    // An HTTP member's request may be waiting for exactly this answer (a join's hello, a send's error).
    if (it->http)
        return it->http->answer(object);
    send(connection, *it, object);
}

void ChatRoom::announce(const PresenceChange &change, const Connection *except)
{
    if (!m_presenceInterval.isActive()) {
        m_presenceChanges = 0;
        m_presenceInterval.start();
    }
    if (++m_presenceChanges > ChatProtocol::presenceAnnouncedAlone)
        return m_pendingPresence.append(change);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (const auto *member = std::get_if<ChatProtocol::Member>(&change))
        broadcast(ChatProtocol::join(*member, now), except);
    else
        broadcast(ChatProtocol::leave(std::get<ChatProtocol::Departure>(change), now), except);
}

void ChatRoom::endPresenceInterval()
{
    announcePendingPresence();
    // A storm is gathered whole from its second interval on, until an interval passes with no join or leave: else
    // each interval would begin with presenceAnnouncedAlone frames to every member.
    if (m_presenceChanges > ChatProtocol::presenceAnnouncedAlone) {
        m_presenceChanges = ChatProtocol::presenceAnnouncedAlone;
        m_presenceInterval.start();
    }
}

void ChatRoom::announcePendingPresence()
{
    // Everyone gets each frame, the members it names too: clients take a join of a member they know (their hello
    // named it), or a leave of one they never knew (gone before their hello), as no news. A member who came and went
    // within the interval is named in both, in that order.
    QList<ChatProtocol::Member> joined;
    QList<ChatProtocol::Departure> left;
    const auto announceRun = [&] {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (!joined.isEmpty())
            broadcast(ChatProtocol::joins(std::exchange(joined, {}), now));
        if (!left.isEmpty())
            broadcast(ChatProtocol::leaves(std::exchange(left, {}), now));
    };
    for (const PresenceChange &change : std::exchange(m_pendingPresence, {})) {
        if (const auto *member = std::get_if<ChatProtocol::Member>(&change)) {
            if (!left.isEmpty())
                announceRun();
            joined.append(*member);
        } else {
            if (!joined.isEmpty())
                announceRun();
            left.append(std::get<ChatProtocol::Departure>(change));
        }
    }
    announceRun();
}

void ChatRoom::broadcast(const QJsonObject &object, const Connection *except)
{
    announcePendingPresence(); // nothing must reach anyone before the joins and leaves that came first
    m_batched.append({ChatProtocol::outgoing(object), except}); // encoded once for everyone
    if (!m_batch.isActive())
        deliverBatch();
}

void ChatRoom::deliverBatch()
{
    if (m_batched.isEmpty())
        return; // the room was quiet for a batch: the next broadcast goes at once
    const auto batch = std::exchange(m_batched, {});
    if (m_config.broadcastBatch.count() > 0 && isBusy())
        m_batch.start(); // first: whatever the delivery itself broadcasts (a leave) joins the next batch
    deliver(batch);
}

bool ChatRoom::isBusy()
{
    const qint64 interval = m_clock.elapsed() / busyInterval.count();
    if (interval != m_deliveryInterval) {
        m_deliveriesBefore = interval == m_deliveryInterval + 1 ? m_deliveries : 0;
        m_deliveries = 0;
        m_deliveryInterval = interval;
    }
    const qint64 perSecond = std::max(m_deliveries, m_deliveriesBefore) * (1000 / busyInterval.count());
    return perSecond >= m_config.busyDeliveries;
}

void ChatRoom::deliver(const QList<Broadcast> &broadcasts)
{
    // Member by member, each given the whole batch in order: a member's connection and queue stay in the cache for
    // all of it. A pass over a thousand members for each broadcast brought every member's back from memory again.
    const QList<Connection *> recipients = m_arrivalOrder; // a failing send may end a connection mid-loop
    for (Connection *connection : recipients) {
        for (const auto &[encoded, except] : broadcasts) {
            const auto it = m_members.constFind(connection);
            if (it == m_members.cend() || !it->leaveReason.isEmpty())
                break;
            if (connection != except) {
                send(connection, *it, encoded);
                ++m_deliveries;
            }
        }
    }
    keepQueuesWithinRoomBound();
}

void ChatRoom::keepQueuesWithinRoomBound()
{
    // A sum a broadcast (a broadcast is a pass over the members already); who waits most only once it is too much.
    qint64 total = 0;
    for (auto it = m_members.cbegin(); it != m_members.cend(); ++it)
        total += it->leaveReason.isEmpty() ? it.key()->bytesToWrite() : 0;
    if (total <= m_config.maxRoomQueue)
        return;
    QList<std::pair<qint64, Connection *>> waiting;
    for (auto it = m_members.cbegin(); it != m_members.cend(); ++it) {
        if (const qint64 bytes = it.key()->bytesToWrite(); bytes > 0 && it->leaveReason.isEmpty())
            waiting.append({bytes, it.key()});
    }
    std::sort(waiting.begin(), waiting.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (const auto &[bytes, connection] : std::as_const(waiting)) {
        if (total <= m_config.maxRoomQueue)
            break;
        drop(connection,
            tr("too slow: the room holds at most %1 bytes waiting for all its members, and this member had the most")
                .arg(m_config.maxRoomQueue));
        total -= bytes;
    }
}

QString ChatRoom::nextGuestNick()
{
    QString nick;
    do
        nick = QStringLiteral("guest-%1").arg(++m_lastGuest);
    while (m_roster.has(nick));
    return nick;
}

} // namespace Duplex
