// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "room/chatprotocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

#include "wire/frameencoder.h"

namespace Duplex::ChatProtocol {

using namespace Qt::StringLiterals;

namespace {

QString timestamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QJsonArray messagesToJson(const QList<Message> &messages)
{
    QJsonArray array;
    for (const Message &m : messages)
        array.append(toJson(m));
    return array;
}

QJsonObject toJson(const Member &member)
{
    return {{u"nick"_s, member.nick}, {u"transport"_s, transportName(member.transport)}};
}

QJsonArray membersToJson(const QList<Member> &members)
{
    QJsonArray array;
    for (const Member &m : members)
        array.append(toJson(m));
    return array;
}

Request invalid(const QString &code, const QString &text)
{
    return {Request::Kind::Invalid, text, code, {}};
}

// Qt's JSON reader drops a U+FEFF that begins a string, taking it for a byte order mark; browsers keep it. Escaped,
// every reader keeps it, so the room writes it escaped and reads a member's JSON as if it were.
QByteArray withByteOrderMarksEscaped(QByteArray json)
{
    constexpr QByteArrayView byteOrderMark = "\xEF\xBB\xBF";
    return json.contains(byteOrderMark) ? json.replace(byteOrderMark, "\\ufeff") : json;
}

// Only whitespace would show as an empty line to everyone; the room's own clients do not send it either.
bool isBlank(const QString &text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isSpace(); });
}

Request blankMessage()
{
    return invalid(QStringLiteral("invalid-message"), QStringLiteral("a message needs a \"text\" that is not blank"));
}

// A private message's or file's "to", when there is one.
std::optional<QString> recipientProblem(const QJsonValue &to)
{
    if (!to.isUndefined() && (!to.isString() || to.toString().isEmpty()))
        return QStringLiteral("\"to\" must be the nickname of the member a private message is for");
    return std::nullopt;
}

Request fileOffer(const QJsonObject &object)
{
    const auto refuse = [](const QString &why) { return invalid(QStringLiteral("invalid-file"), why); };
    const QJsonValue name = object.value(u"name");
    if (!name.isString())
        return refuse(QStringLiteral("a file needs a \"name\""));
    if (const auto problem = fileNameProblem(name.toString()))
        return refuse(*problem);
    // Whole numbers only: JSON's numbers are doubles, exact up to 2^53.
    const double size = object.value(u"size").toDouble(-1);
    if (size < 1 || size > double(qint64(1) << 53) || size != std::floor(size))
        return refuse(QStringLiteral("\"size\" must be the file's length in bytes, a whole number from 1 up"));
    const QJsonValue mime = object.value(u"mime");
    if (!mime.isUndefined() && !(mime.isString() && isMediaType(mime.toString())))
        return refuse(QStringLiteral("\"mime\" must be a media type such as image/png, or left out"));
    const QJsonValue to = object.value(u"to");
    if (const auto problem = recipientProblem(to))
        return invalid(QStringLiteral("invalid-recipient"), *problem);
    return {Request::Kind::File, {}, {}, to.toString(),
        {name.toString(), qint64(size), mime.toString(QStringLiteral("application/octet-stream")), {}}};
}

QDateTime timeIn(const QJsonObject &object)
{
    return QDateTime::fromString(object.value(u"time").toString(), Qt::ISODateWithMs);
}

QJsonObject toJson(const SharedFile &file)
{
    QJsonObject object {{u"name"_s, file.name}, {u"size"_s, file.size}, {u"mime"_s, file.mime}};
    if (!file.url.isEmpty())
        object.insert(u"url"_s, file.url);
    return object;
}

SharedFile fileIn(const QJsonObject &object)
{
    return {object.value(u"name").toString(), object.value(u"size").toInteger(-1), object.value(u"mime").toString(),
        object.value(u"url").toString()};
}

Message messageIn(const QJsonObject &object)
{
    Message message {object.value(u"id").toInteger(-1), timeIn(object), object.value(u"from").toString(),
        object.value(u"text").toString(), object.value(u"to").toString()};
    if (const QJsonValue file = object.value(u"file"); file.isObject())
        message.file = fileIn(file.toObject());
    return message;
}

QStringList stringsIn(const QJsonValue &array)
{
    QStringList strings;
    for (const QJsonValue &item : array.toArray())
        strings.append(item.toString());
    return strings;
}

// The members a presence object names: itself (join, leave), or each of its members (joins, leaves).
QJsonArray membersIn(const QJsonObject &object, bool several)
{
    return several ? object.value(u"members").toArray() : QJsonArray {object};
}

} // namespace

Request parseRequest(const QByteArray &utf8)
{
    if (!utf8.trimmed().startsWith('{')) {
        QString text = QString::fromUtf8(utf8);
        if (isBlank(text))
            return blankMessage();
        return {Request::Kind::PlainText, std::move(text), {}, {}};
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(withByteOrderMarksEscaped(utf8), &parseError);
    if (!document.isObject()) {
        QJsonDocument::fromJson(utf8, &parseError); // the offset in the frame as it came
        return invalid(QStringLiteral("invalid-json"),
            QStringLiteral("not valid JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    }
    const QJsonObject object = document.object();
    const QJsonValue typeValue = object.value(u"type");
    if (!typeValue.isUndefined() && !typeValue.isString())
        return invalid(QStringLiteral("unknown-type"), QStringLiteral("\"type\" must be a string"));
    const QString type = typeValue.toString();
    if (type == u"message") {
        const QJsonValue text = object.value(u"text");
        if (!text.isString() || isBlank(text.toString()))
            return blankMessage();
        const QJsonValue to = object.value(u"to");
        if (const auto problem = recipientProblem(to))
            return invalid(QStringLiteral("invalid-recipient"), *problem);
        return {Request::Kind::Message, text.toString(), {}, to.toString()};
    }
    if (type == u"nick") {
        const QJsonValue nick = object.value(u"nick");
        if (!nick.isString())
            return invalid(QStringLiteral("invalid-nick"), QStringLiteral("\"nick\" must be a string"));
        return {Request::Kind::Nick, nick.toString(), {}, {}};
    }
    if (type == u"users")
        return {Request::Kind::Users, {}, {}, {}};
    if (type == u"history")
        return {Request::Kind::History, {}, {}, {}};
    if (type == u"file")
        return fileOffer(object);
    if (type == u"cancel-upload")
        return {Request::Kind::CancelUpload, {}, {}, {}};
    return invalid(QStringLiteral("unknown-type"),
        type.isEmpty() ? QStringLiteral("missing \"type\"") : QStringLiteral("unknown type \"%1\"").arg(type));
}

bool isMediaType(const QString &mime)
{
    static const QRegularExpression token(
        uR"(^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,127}/[!#$%&'*+.^_`|~0-9A-Za-z-]{1,127}$)"_s);
    return token.match(mime).hasMatch();
}

std::optional<QString> fileNameProblem(const QString &name)
{
    const QList<uint> codePoints = name.toUcs4();
    if (codePoints.isEmpty() || name == u"." || name == u"..")
        return QStringLiteral("a file needs a name");
    if (codePoints.size() > maxFileNameLength)
        return QStringLiteral("a file name has at most %1 characters").arg(maxFileNameLength);
    for (const uint c : codePoints) {
        if (c == '/' || c == '\\')
            return QStringLiteral("a file name cannot hold / or \\: it is a name, not a path");
        if (!QChar::isPrint(char32_t(c)))
            return QStringLiteral("a file name can only hold printable characters");
    }
    return std::nullopt;
}

std::optional<QString> nickProblem(const QString &nick)
{
    const QList<uint> codePoints = nick.toUcs4();
    if (codePoints.isEmpty())
        return QStringLiteral("a nickname cannot be empty");
    if (codePoints.size() > maxNickLength)
        return QStringLiteral("a nickname has at most %1 characters").arg(maxNickLength);
    if (nick.trimmed() != nick)
        return QStringLiteral("a nickname cannot start or end with a space");
    for (const uint c : codePoints) {
        if (!QChar::isPrint(char32_t(c)))
            return QStringLiteral("a nickname can only hold printable characters");
    }
    return std::nullopt;
}

QJsonObject toJson(const Message &message)
{
    QJsonObject object {{u"type"_s, u"message"_s}, {u"id"_s, message.id}, {u"time"_s, timestamp(message.time)},
        {u"from"_s, message.from}, {u"text"_s, message.text}};
    if (!message.to.isEmpty())
        object.insert(u"to"_s, message.to);
    if (message.file)
        object.insert(u"file"_s, toJson(*message.file));
    return object;
}

QString transportName(Transport transport)
{
    switch (transport) {
    case Transport::WebSocket:
        return u"ws"_s;
    case Transport::Sse:
        return u"sse"_s;
    case Transport::LongPoll:
        return u"long-poll"_s;
    case Transport::Poll:
        return u"poll"_s;
    }
    Q_UNREACHABLE();
}

std::optional<Transport> transportNamed(QStringView name)
{
    for (const Transport transport : allTransports) {
        if (transportName(transport) == name)
            return transport;
    }
    return std::nullopt;
}

Outgoing outgoing(const QJsonObject &object)
{
    const qint64 id = object.value(u"type").toString() == u"hello" ? object.value(u"lastId").toInteger()
                                                                   : object.value(u"id").toInteger();
    return {object.value(u"type").toString(), id, encode(object)};
}

Outgoing::Outgoing(QString objectType, qint64 objectId, const QByteArray &json)
    : type(std::move(objectType))
    , id(objectId)
    , frame(FrameEncoder::prepare(json, {}, Direction::ServerToClient))
    , event {type.toUtf8(), id > 0 ? QByteArray::number(id) : QByteArray(), json}
{ }

const QString &Outgoing::text() const
{
    if (!m_text)
        m_text = QString::fromUtf8(event.data);
    return *m_text;
}

const QByteArray &Outgoing::eventBytes() const
{
    if (!m_eventBytes)
        m_eventBytes = event.bytes();
    return *m_eventBytes;
}

Roster::Entry Roster::entry(const Member &member)
{
    const QByteArray json = encode(toJson(member)); // keys in order: the nickname, as JSON escapes it, comes first
    return {member, json, json.lastIndexOf(R"(,"transport":)") - Entry::nickStart};
}

void Roster::append(const Member &member)
{
    m_entries.append(entry(member));
    m_folded.insert(member.nick.toCaseFolded());
}

void Roster::removeAt(qsizetype index)
{
    m_folded.remove(m_entries.at(index).member.nick.toCaseFolded());
    m_entries.removeAt(index);
}

void Roster::rename(qsizetype index, const QString &nick)
{
    Entry &renamed = m_entries[index];
    m_folded.remove(renamed.member.nick.toCaseFolded());
    m_folded.insert(nick.toCaseFolded());
    renamed = entry({nick, renamed.member.transport});
}

QByteArray Roster::encodeWith(const QJsonObject &object) const
{
    const QByteArray rest = encode(object); // never "{}": every object the room sends has a type
    QByteArray json;
    json.reserve(rest.size() + 32 + m_entries.size() * 48);
    const auto appendList = [this, &json](auto item) {
        for (const Entry &e : m_entries) {
            json += item(e);
            json += ',';
        }
        if (!m_entries.isEmpty())
            json.chop(1);
    };
    json += R"({"members":[)";
    appendList([](const Entry &e) { return QByteArrayView(e.json); });
    json += R"(],"users":[)";
    appendList([](const Entry &e) { return e.nickJson(); });
    json += "],";
    json += QByteArrayView(rest).sliced(1);
    return json;
}

Outgoing hello(
    const QString &you, const Roster &roster, const QList<Message> &history, qint64 lastId, const QJsonObject &extra)
{
    QJsonObject hello = extra;
    hello.insert(u"type", u"hello"_s);
    hello.insert(u"you", you);
    hello.insert(u"history", messagesToJson(history));
    hello.insert(u"lastId", lastId);
    return {u"hello"_s, lastId, roster.encodeWith(hello)};
}

QJsonObject join(const Member &member, const QDateTime &time)
{
    return {{u"type"_s, u"join"_s}, {u"nick"_s, member.nick}, {u"transport"_s, transportName(member.transport)},
        {u"time"_s, timestamp(time)}};
}

QJsonObject joins(const QList<Member> &members, const QDateTime &time)
{
    return {{u"type"_s, u"joins"_s}, {u"members"_s, membersToJson(members)}, {u"time"_s, timestamp(time)}};
}

QJsonObject leave(const Departure &departure, const QDateTime &time)
{
    return {{u"type"_s, u"leave"_s}, {u"nick"_s, departure.nick}, {u"reason"_s, departure.reason},
        {u"time"_s, timestamp(time)}};
}

QJsonObject leaves(const QList<Departure> &departures, const QDateTime &time)
{
    QJsonArray array;
    for (const Departure &departure : departures)
        array.append(QJsonObject {{u"nick"_s, departure.nick}, {u"reason"_s, departure.reason}});
    return {{u"type"_s, u"leaves"_s}, {u"members"_s, array}, {u"time"_s, timestamp(time)}};
}

QJsonObject nickChanged(const QString &from, const QString &to)
{
    return {{u"type"_s, u"nick"_s}, {u"from"_s, from}, {u"nick"_s, to}};
}

Outgoing users(const Roster &roster)
{
    return {u"users"_s, 0, roster.encodeWith({{u"type"_s, u"users"_s}})};
}

QJsonObject history(const QList<Message> &messages)
{
    return {{u"type"_s, u"history"_s}, {u"messages"_s, messagesToJson(messages)}};
}

QJsonObject error(const QString &code, const QString &text)
{
    return {{u"type"_s, u"error"_s}, {u"code"_s, code}, {u"message"_s, text}};
}

QJsonObject upload(const SharedFile &offer)
{
    return {{u"type"_s, u"upload"_s}, {u"file"_s, toJson(offer)}};
}

QJsonObject reset(const QString &reason)
{
    return {{u"type"_s, u"reset"_s}, {u"reason"_s, reason}};
}

std::optional<qint64> resumePoint(const QString &lastEventId)
{
    if (lastEventId.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 id = lastEventId.toLongLong(&ok);
    return ok ? id : -1;
}

QByteArray encode(const QJsonObject &object)
{
    return withByteOrderMarksEscaped(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

RoomNews readNews(const QByteArray &utf8)
{
    const QJsonObject object = QJsonDocument::fromJson(utf8).object();
    const QString type = object.value(u"type").toString();
    if (type == u"hello") {
        News::Hello hello {object.value(u"you").toString(), stringsIn(object.value(u"users")), {}};
        for (const QJsonValue &message : object.value(u"history").toArray())
            hello.history.append(messageIn(message.toObject()));
        return hello;
    }
    if (type == u"message")
        return messageIn(object);
    if (type == u"join" || type == u"joins") {
        News::Joined joined {{}, timeIn(object)};
        for (const QJsonValue &member : membersIn(object, type == u"joins"))
            joined.nicks.append(member.toObject().value(u"nick").toString());
        return joined;
    }
    if (type == u"leave" || type == u"leaves") {
        News::Left left {{}, timeIn(object)};
        for (const QJsonValue &value : membersIn(object, type == u"leaves")) {
            const QJsonObject member = value.toObject();
            left.departures.append({member.value(u"nick").toString(), member.value(u"reason").toString()});
        }
        return left;
    }
    if (type == u"nick")
        return News::Renamed {object.value(u"from").toString(), object.value(u"nick").toString()};
    if (type == u"users")
        return News::Users {stringsIn(object.value(u"users"))};
    if (type == u"error")
        return News::Error {object.value(u"code").toString(), object.value(u"message").toString()};
    if (type == u"upload")
        return News::Upload {fileIn(object.value(u"file").toObject())};
    return News::Other {type};
}

} // namespace Duplex::ChatProtocol
