// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatroom.h"

#include <QPointer>
#include <QWebSocket>

namespace Duplex {

using ChatProtocol::Request;

ChatRoom::ChatRoom(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
    m_clock.start();
}

ChatRoom::~ChatRoom()
{
    // Members are child objects, deleted after m_members is gone: they must not report their disconnection.
    for (QWebSocket *socket : std::as_const(m_arrivalOrder))
        socket->disconnect(this);
}

void ChatRoom::accept(QWebSocket *socket, const QString &peer)
{
    socket->setParent(this);
    socket->setMaxAllowedIncomingMessageSize(quint64(m_config.maxChatMessage));
    Member member;
    member.nick = nextGuestNick();
    member.peer = peer;
    member.tokens = m_config.burst;
    member.refilledAtNs = m_clock.nsecsElapsed();
    m_members.insert(socket, member);
    m_arrivalOrder.append(socket);

    connect(socket, &QWebSocket::textMessageReceived, this,
        [this, socket](const QString &frame) { onText(socket, frame); });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket] {
        closeMember(socket, QWebSocketProtocol::CloseCodeDatatypeNotSupported,
            tr("binary frames are not accepted on /chat; send JSON or plain text"));
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { onDisconnected(socket); });

    reply(socket, ChatProtocol::hello(member.nick, nicknames(), m_history));
    broadcast(ChatProtocol::join(member.nick, QDateTime::currentDateTimeUtc()), socket);
    Q_EMIT memberJoined(member.nick, peer);
}

void ChatRoom::drop(QWebSocket *socket, const QString &reason)
{
    const auto it = m_members.find(socket);
    if (it == m_members.end() || !it->leaveReason.isEmpty())
        return;
    it->leaveReason = reason;
    // Deferred: a drop may be decided in the middle of a broadcast, which must not see the member list change.
    QMetaObject::invokeMethod(socket, &QWebSocket::abort, Qt::QueuedConnection);
}

QString ChatRoom::peerOf(const QString &nick) const
{
    for (const Member &member : m_members) {
        if (member.nick == nick)
            return member.peer;
    }
    return {};
}

QStringList ChatRoom::nicknames() const
{
    QStringList nicks;
    nicks.reserve(m_arrivalOrder.size());
    for (QWebSocket *socket : m_arrivalOrder)
        nicks.append(m_members.value(socket).nick);
    return nicks;
}

qint64 ChatRoom::queuedBytes() const
{
    qint64 total = 0;
    for (const QWebSocket *socket : m_arrivalOrder)
        total += socket->bytesToWrite();
    return total;
}

void ChatRoom::onText(QWebSocket *socket, const QString &frame)
{
    const auto it = m_members.find(socket);
    if (it == m_members.end() || !it->leaveReason.isEmpty() || !withinRate(socket, *it))
        return;
    const Request request = ChatProtocol::parseRequest(frame);
    switch (request.kind) {
    case Request::Kind::Message:
    case Request::Kind::PlainText:
        return post(*it, request.text);
    case Request::Kind::Nick:
        return rename(socket, *it, request.text);
    case Request::Kind::Users:
        return reply(socket, ChatProtocol::users(nicknames()));
    case Request::Kind::History:
        return reply(socket, ChatProtocol::history(m_history));
    case Request::Kind::Invalid:
        return reply(socket, ChatProtocol::error(request.error, request.text));
    }
}

void ChatRoom::onDisconnected(QWebSocket *socket)
{
    const auto it = m_members.find(socket);
    if (it == m_members.end())
        return;
    QString reason = it->leaveReason;
    if (reason.isEmpty()) {
        const auto code = socket->closeCode();
        reason = code == QWebSocketProtocol::CloseCodeNormal || code == QWebSocketProtocol::CloseCodeGoingAway
            ? tr("left")
            : tr("connection lost (close code %1)").arg(code);
    }
    const QString nick = it->nick;
    m_members.erase(it);
    m_arrivalOrder.removeOne(socket);
    socket->deleteLater();
    broadcast(ChatProtocol::leave(nick, reason, QDateTime::currentDateTimeUtc()));
    Q_EMIT memberLeft(nick, reason);
}

bool ChatRoom::withinRate(QWebSocket *socket, Member &member)
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
        reply(socket,
            ChatProtocol::error(QStringLiteral("rate-limited"),
                tr("slow down: at most %1 messages per second; keep flooding and you will be disconnected")
                    .arg(m_config.messagesPerSecond)));
    } else if (member.strikes > m_config.burst) {
        closeMember(socket, QWebSocketProtocol::CloseCodePolicyViolated, tr("rate limit exceeded"));
    }
    return false;
}

void ChatRoom::post(const Member &member, const QString &text)
{
    const ChatProtocol::Message message {++m_lastMessageId, QDateTime::currentDateTimeUtc(), member.nick, text};
    m_history.append(message);
    if (m_history.size() > m_config.historySize)
        m_history.removeFirst();
    broadcast(ChatProtocol::toJson(message));
    Q_EMIT messagePosted(message.id, message.from, message.text);
}

void ChatRoom::rename(QWebSocket *socket, Member &member, const QString &nick)
{
    if (const auto problem = ChatProtocol::nickProblem(nick))
        return reply(socket, ChatProtocol::error(QStringLiteral("invalid-nick"), *problem));
    if (nickTaken(nick, socket))
        return reply(
            socket, ChatProtocol::error(QStringLiteral("nick-taken"), tr("\"%1\" is already taken").arg(nick)));
    const QString previous = std::exchange(member.nick, nick);
    broadcast(ChatProtocol::nickChanged(previous, nick));
    Q_EMIT memberRenamed(previous, nick);
}

bool ChatRoom::kick(const QString &nick, const QString &reason)
{
    for (auto it = m_members.cbegin(); it != m_members.cend(); ++it) {
        if (it->nick == nick) {
            closeMember(it.key(), QWebSocketProtocol::CloseCodePolicyViolated, reason);
            return true;
        }
    }
    return false;
}

void ChatRoom::closeMember(QWebSocket *socket, int closeCode, const QString &reason)
{
    const auto it = m_members.find(socket);
    if (it == m_members.end() || !it->leaveReason.isEmpty())
        return;
    it->leaveReason = reason;
    socket->close(QWebSocketProtocol::CloseCode(closeCode), reason);
}

void ChatRoom::send(QWebSocket *socket, const QString &frame)
{
    if (socket->bytesToWrite() > m_config.maxSendQueue)
        return drop(socket, tr("too slow: more than %1 bytes waiting to be sent").arg(m_config.maxSendQueue));
    socket->sendTextMessage(frame);
}

void ChatRoom::broadcast(const QJsonObject &object, const QWebSocket *except)
{
    const QString frame = ChatProtocol::encode(object);    // encoded once for everyone
    const QList<QWebSocket *> recipients = m_arrivalOrder; // a failing send may end a connection mid-loop
    for (QWebSocket *socket : recipients) {
        const auto it = m_members.constFind(socket);
        if (socket != except && it != m_members.cend() && it->leaveReason.isEmpty())
            send(socket, frame);
    }
}

bool ChatRoom::nickTaken(const QString &nick, const QWebSocket *except) const
{
    for (auto it = m_members.cbegin(); it != m_members.cend(); ++it) {
        if (it.key() != except && it->nick.compare(nick, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString ChatRoom::nextGuestNick()
{
    QString nick;
    do
        nick = QStringLiteral("guest-%1").arg(++m_lastGuest);
    while (nickTaken(nick, nullptr));
    return nick;
}

} // namespace Duplex
