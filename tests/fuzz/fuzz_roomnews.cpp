// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: a room's text frame as a member reads it, and the room's own writing of what was read, which must
// read back the same: whatever a frame holds, the two sides of the protocol agree on every field.
#include <variant>

#include "room/chatprotocol.h"
#include "wire/utf8validator.h"

using namespace Duplex::ChatProtocol;
using namespace Qt::StringLiterals;

namespace {

Roster rosterOf(const QStringList &nicks)
{
    Roster roster;
    for (const QString &nick : nicks)
        roster.append({nick});
    return roster;
}

QList<Member> membersOf(const QStringList &nicks)
{
    QList<Member> members;
    for (const QString &nick : nicks)
        members.append({nick});
    return members;
}

// What the room sends to say what news says.
QByteArray written(const RoomNews &news)
{
    if (const auto *greeting = std::get_if<News::Hello>(&news))
        return hello(greeting->you, rosterOf(greeting->users), greeting->history, 0).event.data;
    if (const auto *message = std::get_if<Message>(&news))
        return encode(toJson(*message));
    if (const auto *joined = std::get_if<News::Joined>(&news))
        return encode(joins(membersOf(joined->nicks), joined->time));
    if (const auto *left = std::get_if<News::Left>(&news))
        return encode(leaves(left->departures, left->time));
    if (const auto *renamed = std::get_if<News::Renamed>(&news))
        return encode(nickChanged(renamed->from, renamed->to));
    if (const auto *list = std::get_if<News::Users>(&news))
        return users(rosterOf(list->users)).event.data;
    if (const auto *failure = std::get_if<News::Error>(&news))
        return encode(error(failure->code, failure->text));
    if (const auto *taken = std::get_if<News::Upload>(&news))
        return encode(upload(taken->file));
    return encode({{u"type"_s, std::get<News::Other>(news).type}});
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray frame(reinterpret_cast<const char *>(data), qsizetype(size));
    if (!Duplex::Utf8Validator::isValid(frame))
        return 0; // a member closes with 1007 before it reads
    const RoomNews news = readNews(frame);
    if (readNews(written(news)) != news)
        __builtin_trap();
    return 0;
}
