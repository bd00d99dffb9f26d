// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include "traffic/trafficrecord.h"
#include "wire/frameencoder.h"

// The /chat room's wire format: JSON text frames with a "type" field (docs/protocol.md).
namespace Duplex::ChatProtocol {

// A file a member shared. The room holds its bytes while it runs, the newest files within a budget, and serves them
// at url.
struct SharedFile
{
    QString name; // as the member's computer called it: a name, never a path
    qint64 size = 0;
    QString mime; // type/subtype
    QString url;  // /files/ and a token nobody can guess, on the room's own address; empty in an offer

    bool operator==(const SharedFile &) const = default;
};
constexpr qsizetype maxFileNameLength = 255; // characters (code points), as most file systems allow

// One message as the room stamped it.
struct Message
{
    qint64 id = 0;
    QDateTime time; // UTC
    QString from;
    QString text; // empty when a file is the message
    QString to;   // the one member a private message went to (it went to its author too); empty for everyone
    std::optional<SharedFile> file = std::nullopt;

    bool operator==(const Message &) const = default;
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
        File,         // file holds what the member offers to upload (its url empty)
        CancelUpload, // the file arriving will not: what came of it is dropped
        Invalid,      // error holds the error code, text a sentence for people
    };
    Kind kind = Kind::Invalid;
    QString text;
    QString error;
    QString to; // a Message or a File for one member only: its nickname
    SharedFile file = {};
};

// How a member reaches the room; shown to everyone in "members".
enum class Transport : quint8 { WebSocket, Sse, LongPoll, Poll };
inline constexpr Transport allTransports[]
    = {Transport::WebSocket, Transport::Sse, Transport::LongPoll, Transport::Poll};
QString transportName(Transport transport); // "ws", "sse", "long-poll", "poll"
std::optional<Transport> transportNamed(QStringView name);

// A member as the room lists it.
struct Member
{
    QString nick;
    Transport transport = Transport::WebSocket;
};

// A member gone, and why.
struct Departure
{
    QString nick;
    QString reason;

    bool operator==(const Departure &) const = default;
};

// One object as the room sends it, encoded once for all its receivers, whatever carries it to each (a WebSocket text
// frame, an SSE event named by its type, or an element of a poll's answer): a fan-out to a thousand members must not
// encode it a thousand times. The forms only some receivers take are made for the first that asks: a newcomer's
// hello, up to 100 KB in a large room, goes to one receiver only.
class Outgoing
{
public:
    Outgoing(QString objectType, qint64 objectId, const QByteArray &json);

    QString type;
    qint64 id = 0; // where it brings its receiver in the room's history: a message's id, hello's lastId; else 0
    FrameEncoder::PreparedFrame frame; // the WebSocket text frame as a server sends it (unmasked), the JSON its payload
    SseEvent event;                    // named by type, with the id and the JSON (also a poll answer's element)

    const QString &text() const;          // the JSON in UTF-16, for QtWebSockets (--no-tap)
    const QByteArray &eventBytes() const; // as an event stream carries it

private:
    mutable std::optional<QString> m_text;
    mutable std::optional<QByteArray> m_eventBytes;
};
Outgoing outgoing(const QJsonObject &object);

// Text that starts with '{' is a protocol request; anything else is a plain-text message. utf8 is valid UTF-8.
Request parseRequest(const QByteArray &utf8);

// Whether mime is a media type as a file offer may give it: type/subtype, no parameters (RFC 9110 §8.3.1), each
// name at most 127 characters (RFC 6838 §4.2).
bool isMediaType(const QString &mime);
// Why name cannot be a shared file's name (empty, too long, unprintable, a path), or nothing when it can.
std::optional<QString> fileNameProblem(const QString &name);

// Why nick cannot be a nickname (empty, too long, unprintable, padded), or nothing when it can.
std::optional<QString> nickProblem(const QString &nick);
constexpr qsizetype maxNickLength = 32; // characters (code points)

// The room's members in order of arrival, under the nicknames they have now, kept up to date as they come, go and
// rename, and kept encoded as hello and users list them: encoded anew for every newcomer, the lists were most of what
// a join cost in a room of thousands.
class Roster
{
public:
    void append(const Member &member);
    void removeAt(qsizetype index);
    void rename(qsizetype index, const QString &nick);
    // Whether a member has this nickname, compared case-insensitively as nicknames are.
    bool has(const QString &nick) const { return m_folded.contains(nick.toCaseFolded()); }
    // object encoded with the lists in it too: "members" ({nick, transport} each) and "users" (the nicknames).
    QByteArray encodeWith(const QJsonObject &object) const;

private:
    struct Entry
    {
        static constexpr qsizetype nickStart = std::char_traits<char>::length(R"({"nick":)");

        Member member;
        QByteArray json;          // {"nick":"ann","transport":"ws"}
        qsizetype nickLength = 0; // of "ann" in json, as users lists it

        QByteArrayView nickJson() const { return QByteArrayView(json).sliced(nickStart, nickLength); }
    };
    static Entry entry(const Member &member);

    QList<Entry> m_entries;
    QSet<QString> m_folded; // the nicknames, case-folded
};

QJsonObject toJson(const Message &message);
// lastId is the room's latest message id, where a poll or an SSE stream resumes from.
// extra: what else this member needs to know (an HTTP member: its session and transport).
Outgoing hello(const QString &you, const Roster &roster, const QList<Message> &history, qint64 lastId,
    const QJsonObject &extra = {});
QJsonObject join(const Member &member, const QDateTime &time);
// Several members who joined within a moment of each other, in the order they came.
QJsonObject joins(const QList<Member> &members, const QDateTime &time);
QJsonObject leave(const Departure &departure, const QDateTime &time);
// Several members who left within a moment of each other, in the order they went.
QJsonObject leaves(const QList<Departure> &departures, const QDateTime &time);
// Past the first presenceAnnouncedAlone arrivals and departures in presenceInterval, the others of the interval are
// announced together at its end (joins, leaves), and so are all those of the intervals that follow until one passes
// with none, as large chat systems coalesce presence: a storm of comings or goings costs each member a frame or two an
// interval instead of one a member, and a few people coming or going are still announced one by one, at once.
constexpr std::chrono::milliseconds presenceInterval {100};
constexpr int presenceAnnouncedAlone = 10;
QJsonObject nickChanged(const QString &from, const QString &to);
Outgoing users(const Roster &roster);
QJsonObject history(const QList<Message> &messages);
QJsonObject error(const QString &code, const QString &text);
// The answer to a member's file offer: send its bytes now, as binary frames.
QJsonObject upload(const SharedFile &offer);
// What a resuming member missed can no longer be replayed (too old, or from before a restart): what follows
// is the room as it stands, not the messages in between.
QJsonObject reset(const QString &reason);
// Where a member asks to resume (Last-Event-ID, or ?lastEventId= where a header cannot be set): nothing for a fresh
// start, the id otherwise; an id that is not a number is -1, so that it gets a reset rather than a silent fresh start.
std::optional<qint64> resumePoint(const QString &lastEventId);

// Compact JSON in UTF-8, the form every frame is sent in.
QByteArray encode(const QJsonObject &object);

// What a room's text frame tells a member: the reading of what the functions above write. A field that is missing
// or of the wrong type reads as empty (a message's id as -1, a time as invalid), so that a room of another version
// or a foreign server makes a client show less, never fail.
namespace News {
struct Hello
{
    QString you;
    QStringList users;
    QList<Message> history;

    bool operator==(const Hello &) const = default;
};
struct Joined // join or joins
{
    QStringList nicks;
    QDateTime time;

    bool operator==(const Joined &) const = default;
};
struct Left // leave or leaves
{
    QList<Departure> departures;
    QDateTime time;

    bool operator==(const Left &) const = default;
};
struct Renamed
{
    QString from;
    QString to;

    bool operator==(const Renamed &) const = default;
};
struct Users
{
    QStringList users;

    bool operator==(const Users &) const = default;
};
struct Error
{
    QString code;
    QString text;

    bool operator==(const Error &) const = default;
};
struct Upload // the room takes the file offered: its bytes may come
{
    SharedFile file;

    bool operator==(const Upload &) const = default;
};
struct Other // what a member has nothing to do with (history, reset, an unknown type), or no JSON object at all
{
    QString type;

    bool operator==(const Other &) const = default;
};
} // namespace News
using RoomNews = std::variant<News::Hello, Message, News::Joined, News::Left, News::Renamed, News::Users, News::Error,
    News::Upload, News::Other>;
RoomNews readNews(const QByteArray &utf8);

} // namespace Duplex::ChatProtocol
