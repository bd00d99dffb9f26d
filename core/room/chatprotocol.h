// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

// The /chat room's wire format: JSON text frames with a "type" field (docs/protocol.md).
namespace Duplex::ChatProtocol {

// One message as the room stamped it.
struct Message
{
    qint64 id = 0;
    QDateTime time; // UTC
    QString from;
    QString text;
};

// What a member's text frame asks for.
struct Request
{
    enum class Kind {
        Message,   // text holds the message
        PlainText, // not JSON at all (wscat, a browser console): text becomes a message
        Nick,      // text holds the wanted nickname
        Users,
        History,
        Invalid, // error holds the error code, text a sentence for people
    };
    Kind kind = Kind::Invalid;
    QString text;
    QString error;
};

// Frames that start with '{' are protocol requests; anything else is a plain-text message.
Request parseRequest(const QString &frame);

// Why nick cannot be a nickname (empty, too long, unprintable, padded), or nothing when it can.
std::optional<QString> nickProblem(const QString &nick);
constexpr qsizetype maxNickLength = 32; // characters (code points)

QJsonObject toJson(const Message &message);
QJsonObject hello(const QString &you, const QStringList &users, const QList<Message> &history);
QJsonObject join(const QString &nick, const QDateTime &time);
QJsonObject leave(const QString &nick, const QString &reason, const QDateTime &time);
QJsonObject nickChanged(const QString &from, const QString &to);
QJsonObject users(const QStringList &nicks);
QJsonObject history(const QList<Message> &messages);
QJsonObject error(const QString &code, const QString &text);

// Compact JSON text, the form every frame is sent in.
QString encode(const QJsonObject &object);

} // namespace Duplex::ChatProtocol
