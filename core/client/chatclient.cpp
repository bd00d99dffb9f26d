// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/chatclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

#include "room/chatprotocol.h"
#include "traffic/protocolglossary.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

QDateTime timeOf(const QJsonObject &object)
{
    const QDateTime time = QDateTime::fromString(object.value("time"_L1).toString(), Qt::ISODateWithMs);
    return time.isValid() ? time : QDateTime::currentDateTimeUtc();
}

ChatEvent messageEvent(const QJsonObject &object)
{
    return {ChatEvent::Kind::Message, timeOf(object), object.value("from"_L1).toString(),
        object.value("text"_L1).toString()};
}

QStringList stringsOf(const QJsonValue &value)
{
    QStringList strings;
    for (const QJsonValue &item : value.toArray())
        strings.append(item.toString());
    return strings;
}

} // namespace

ChatClient::ChatClient(QObject *parent)
    : QObject(parent)
    , m_socket(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
{
    connect(m_socket, &QWebSocket::textMessageReceived, this, &ChatClient::onText);
    connect(m_socket, &QWebSocket::disconnected, this, &ChatClient::onDisconnected);
}

ChatClient::~ChatClient()
{
    m_socket->disconnect(this);
}

void ChatClient::join(const QUrl &url, const QString &nick)
{
    m_wantedNick = nick;
    m_socket->abort();
    m_socket->open(url);
}

void ChatClient::leave()
{
    m_socket->close(QWebSocketProtocol::CloseCodeNormal, tr("left"));
}

void ChatClient::send(const QString &text)
{
    if (m_joined && !text.isEmpty())
        m_socket->sendTextMessage(ChatProtocol::encode({{"type"_L1, "message"_L1}, {"text"_L1, text}}));
}

void ChatClient::setNick(const QString &nick)
{
    if (m_joined && nick != m_nick)
        m_socket->sendTextMessage(ChatProtocol::encode({{"type"_L1, "nick"_L1}, {"nick"_L1, nick}}));
}

void ChatClient::onText(const QString &frame)
{
    const QJsonObject object = QJsonDocument::fromJson(frame.toUtf8()).object();
    const QString type = object.value("type"_L1).toString();
    if (type == "hello"_L1) {
        m_nick = object.value("you"_L1).toString();
        Q_EMIT nickChanged(m_nick);
        setUsers(stringsOf(object.value("users"_L1)));
        for (const QJsonValue &message : object.value("history"_L1).toArray())
            Q_EMIT eventReceived(messageEvent(message.toObject()));
        setJoined(true);
        if (!m_wantedNick.isEmpty())
            setNick(std::exchange(m_wantedNick, {}));
    } else if (type == "message"_L1) {
        Q_EMIT eventReceived(messageEvent(object));
    } else if (type == "join"_L1) {
        const QString nick = object.value("nick"_L1).toString();
        setUsers(m_users + QStringList {nick});
        Q_EMIT eventReceived({ChatEvent::Kind::Joined, timeOf(object), nick, {}});
    } else if (type == "leave"_L1) {
        const QString nick = object.value("nick"_L1).toString();
        QStringList users = m_users;
        users.removeAll(nick);
        setUsers(users);
        Q_EMIT eventReceived({ChatEvent::Kind::Left, timeOf(object), nick, object.value("reason"_L1).toString()});
    } else if (type == "nick"_L1) {
        const QString from = object.value("from"_L1).toString();
        const QString to = object.value("nick"_L1).toString();
        QStringList users = m_users;
        if (const qsizetype at = users.indexOf(from); at >= 0)
            users[at] = to;
        setUsers(users);
        if (from == m_nick) {
            m_nick = to;
            Q_EMIT nickChanged(m_nick);
        }
        Q_EMIT eventReceived({ChatEvent::Kind::Renamed, QDateTime::currentDateTimeUtc(), from, to});
    } else if (type == "users"_L1) {
        setUsers(stringsOf(object.value("users"_L1)));
    } else if (type == "error"_L1) {
        Q_EMIT eventReceived(
            {ChatEvent::Kind::Error, QDateTime::currentDateTimeUtc(), {}, object.value("message"_L1).toString()});
    }
}

void ChatClient::onDisconnected()
{
    const auto code = quint16(m_socket->closeCode());
    QString why = m_socket->closeReason();
    if (why.isEmpty())
        why = m_socket->error() == QAbstractSocket::UnknownSocketError ? ProtocolGlossary::closeCodeMeaning(code)
                                                                       : m_socket->errorString();
    setJoined(false);
    setUsers({});
    Q_EMIT eventReceived({ChatEvent::Kind::Disconnected, QDateTime::currentDateTimeUtc(), m_nick, why});
}

void ChatClient::setUsers(QStringList users)
{
    if (users == m_users)
        return;
    m_users = std::move(users);
    Q_EMIT usersChanged(m_users);
}

void ChatClient::setJoined(bool joined)
{
    if (std::exchange(m_joined, joined) != joined)
        Q_EMIT joinedChanged(joined);
}

} // namespace Duplex
