// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonArray>
#include <QTest>

#include "room/chatprotocol.h"

namespace ChatProtocol = Duplex::ChatProtocol;
using Kind = ChatProtocol::Request::Kind;
using namespace Qt::StringLiterals;
using ChatProtocol::RoomNews;
namespace News = ChatProtocol::News;
Q_DECLARE_METATYPE(RoomNews)

class tst_ChatProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesRequests_data()
    {
        QTest::addColumn<QString>("frame");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("message") << R"({"type":"message","text":"hi"})" << Kind::Message << "hi"
                                 << "";
        QTest::newRow("markup stays text") << R"({"type":"message","text":"<b>x</b>"})" << Kind::Message << "<b>x</b>"
                                           << "";
        QTest::newRow("plain") << "hello there" << Kind::PlainText << "hello there"
                               << "";
        QTest::newRow("plain number") << "42" << Kind::PlainText << "42"
                                      << "";
        QTest::newRow("plain, not ASCII") << u"café ✓"_s << Kind::PlainText << u"café ✓"_s << u""_s;
        QTest::newRow("message, not ASCII")
            << uR"({"type":"message","text":"café ✓"})"_s << Kind::Message << u"café ✓"_s << u""_s;
        // Qt's JSON reader alone would drop a U+FEFF that begins a string; the room keeps it, as browsers do.
        QTest::newRow("message starting with U+FEFF")
            << u"{\"type\":\"message\",\"text\":\"\uFEFFhi\"}"_s << Kind::Message << u"\uFEFFhi"_s << u""_s;
        QTest::newRow("plain array") << "[1, 2]" << Kind::PlainText << "[1, 2]"
                                     << "";
        QTest::newRow("nick") << R"({"type":"nick","nick":"ann"})" << Kind::Nick << "ann"
                              << "";
        QTest::newRow("users") << R"( {"type":"users"})" << Kind::Users << ""
                               << "";
        QTest::newRow("history") << R"({"type":"history"})" << Kind::History << ""
                                 << "";
        QTest::newRow("cancel-upload") << R"({"type":"cancel-upload"})" << Kind::CancelUpload << ""
                                       << "";
        QTest::newRow("broken json") << R"({"type":"message",)" << Kind::Invalid << ""
                                     << "invalid-json";
        QTest::newRow("unknown type") << R"({"type":"dance"})" << Kind::Invalid << "unknown type \"dance\""
                                      << "unknown-type";
        QTest::newRow("no type") << R"({"text":"hi"})" << Kind::Invalid << "missing \"type\""
                                 << "unknown-type";
        QTest::newRow("type not a string") << R"({"type":5})" << Kind::Invalid << "\"type\" must be a string"
                                           << "unknown-type";
        const QString blank = QStringLiteral("a message needs a \"text\" that is not blank");
        QTest::newRow("empty message") << R"({"type":"message","text":""})" << Kind::Invalid << blank
                                       << "invalid-message";
        QTest::newRow("blank message") << uR"({"type":"message","text":" \t\n　"})"_s << Kind::Invalid << blank
                                       << "invalid-message";
        QTest::newRow("blank plain text") << " \r\n" << Kind::Invalid << blank << "invalid-message";
        QTest::newRow("empty plain text") << "" << Kind::Invalid << blank << "invalid-message";
        QTest::newRow("spaces around words stay") << " a b " << Kind::PlainText << " a b "
                                                  << "";
        QTest::newRow("text not string") << R"({"type":"message","text":5})" << Kind::Invalid << ""
                                         << "invalid-message";
        QTest::newRow("nick not string") << R"({"type":"nick","nick":[]})" << Kind::Invalid << ""
                                         << "invalid-nick";
    }
    void parsesRequests()
    {
        QFETCH(QString, frame);
        QFETCH(Kind, kind);
        QFETCH(QString, text);
        QFETCH(QString, error);
        const ChatProtocol::Request request = ChatProtocol::parseRequest(frame.toUtf8());
        QCOMPARE(request.kind, kind);
        QCOMPARE(request.error, error);
        if (!text.isEmpty() || kind != Kind::Invalid)
            QCOMPARE(request.text, text);
    }

    void aBrokenFrameIsPlacedInTheBytesThatCame()
    {
        const QByteArray frame = "{\"type\":\"message\",\"text\":\"\xEF\xBB\xBF\xEF\xBB\xBF\" x}";
        QCOMPARE(ChatProtocol::parseRequest(frame).text, u"not valid JSON: unterminated object at offset 35"_s);
    }

    void parsesPrivateMessages_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("error");
        QTest::newRow("to a member") << R"({"type":"message","text":"hi","to":"bob"})"_ba << Kind::Message << u"bob"_s
                                     << QString();
        QTest::newRow("to everyone") << R"({"type":"message","text":"hi"})"_ba << Kind::Message << QString()
                                     << QString();
        QTest::newRow("to nobody") << R"({"type":"message","text":"hi","to":""})"_ba << Kind::Invalid << QString()
                                   << u"invalid-recipient"_s;
        QTest::newRow("to a number") << R"({"type":"message","text":"hi","to":7})"_ba << Kind::Invalid << QString()
                                     << u"invalid-recipient"_s;
        QTest::newRow("to a list") << R"({"type":"message","text":"hi","to":["bob"]})"_ba << Kind::Invalid << QString()
                                   << u"invalid-recipient"_s;
        QTest::newRow("blank, to a member")
            << R"({"type":"message","text":" ","to":"bob"})"_ba << Kind::Invalid << QString() << u"invalid-message"_s;
    }
    void parsesPrivateMessages()
    {
        QFETCH(QByteArray, frame);
        QFETCH(Kind, kind);
        QFETCH(QString, to);
        QFETCH(QString, error);
        const ChatProtocol::Request request = ChatProtocol::parseRequest(frame);
        QCOMPARE(request.kind, kind);
        QCOMPARE(request.to, to);
        QCOMPARE(request.error, error);
        if (kind == Kind::Message)
            QCOMPARE(request.text, u"hi");
    }

    // What an offer says is taken as it is; the rules a name, a size and a media type must keep, with a sentence each.
    void parsesFileOffers_data()
    {
        using ChatProtocol::SharedFile;
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<SharedFile>("file");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("problem");
        QTest::newRow("plain") << R"({"type":"file","name":"a.png","size":3,"mime":"image/png"})"_ba
                               << SharedFile {u"a.png"_s, 3, u"image/png"_s, {}} << QString() << QString();
        QTest::newRow("no media type, large, private")
            << R"({"type":"file","name":"é b","size":1099511627776,"to":"bob"})"_ba
            << SharedFile {u"é b"_s, qint64(1) << 40, u"application/octet-stream"_s, {}} << u"bob"_s << QString();
        QTest::newRow("a url is the room's to give")
            << R"({"type":"file","name":"a","size":1,"url":"/x"})"_ba
            << SharedFile {u"a"_s, 1, u"application/octet-stream"_s, {}} << QString() << QString();
        QTest::newRow("a size as text") << R"({"type":"file","name":"a","size":"1"})"_ba << SharedFile {} << QString()
                                        << u"a whole number"_s;
        QTest::newRow("past 2^53") << R"({"type":"file","name":"a","size":1e300})"_ba << SharedFile {} << QString()
                                   << u"a whole number"_s;
        QTest::newRow("a backslash") << R"({"type":"file","name":"a\\b","size":1})"_ba << SharedFile {} << QString()
                                     << u"not a path"_s;
        QTest::newRow("dot dot") << R"({"type":"file","name":"..","size":1})"_ba << SharedFile {} << QString()
                                 << u"needs a name"_s;
        QTest::newRow("a media type with parameters")
            << R"({"type":"file","name":"a","size":1,"mime":"text/plain; charset=utf-8"})"_ba << SharedFile {}
            << QString() << u"a media type"_s;
    }
    void parsesFileOffers()
    {
        QFETCH(QByteArray, frame);
        QFETCH(ChatProtocol::SharedFile, file);
        QFETCH(QString, to);
        QFETCH(QString, problem);
        const ChatProtocol::Request request = ChatProtocol::parseRequest(frame);
        if (!problem.isEmpty()) {
            QCOMPARE(request.kind, Kind::Invalid);
            QCOMPARE(request.error, u"invalid-file");
            QVERIFY2(request.text.contains(problem), qPrintable(request.text));
            return;
        }
        QCOMPARE(request.kind, Kind::File);
        QCOMPARE(request.file, file);
        QCOMPARE(request.to, to);
    }

    void nickRules_data()
    {
        QTest::addColumn<QString>("nick");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << "ann" << true;
        QTest::newRow("inner space") << "ann lee" << true;
        QTest::newRow("32 chars") << QString(32, u'x') << true;
        QTest::newRow("emoji counts once") << (QString(31, u'x') + QString::fromUtf8("\xF0\x9F\x98\x80")) << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("33 chars") << QString(33, u'x') << false;
        QTest::newRow("leading space") << " ann" << false;
        QTest::newRow("trailing space") << "ann " << false;
        QTest::newRow("newline") << "a\nb" << false;
        QTest::newRow("escape") << "a\x1b[31mb" << false;
    }
    void nickRules()
    {
        QFETCH(QString, nick);
        QFETCH(bool, valid);
        QCOMPARE(!ChatProtocol::nickProblem(nick).has_value(), valid);
    }

    // The roster follows the room: who came, in order, under the nickname they have now.
    void rosterFollowsArrivalsRenamesAndLeaves()
    {
        ChatProtocol::Roster roster;
        roster.append({QStringLiteral("ann"), ChatProtocol::Transport::Sse});
        roster.append({QStringLiteral("bob"), ChatProtocol::Transport::LongPoll});
        roster.append({QStringLiteral("cy")});
        roster.append({QStringLiteral("Zoë \"Z\"")});
        roster.rename(1, QStringLiteral("bert"));
        roster.removeAt(0);
        const QByteArray zoe = "\"Zoë \\\"Z\\\"\""; // as JSON writes it, quotes escaped
        QCOMPARE(ChatProtocol::users(roster).event.data,
            R"({"members":[{"nick":"bert","transport":"long-poll"},{"nick":"cy","transport":"ws"},{"nick":)" + zoe
                + R"(,"transport":"ws"}],"users":["bert","cy",)" + zoe + R"(],"type":"users"})");
        QVERIFY(roster.has(QStringLiteral("BERT")));
        QVERIFY(!roster.has(QStringLiteral("bob"))); // renamed
        QVERIFY(!roster.has(QStringLiteral("ann"))); // left
        roster.removeAt(2);
        roster.removeAt(1);
        roster.removeAt(0);
        QCOMPARE(ChatProtocol::users(roster).event.data, R"({"members":[],"users":[],"type":"users"})");
    }

    void encodesServerMessages()
    {
        const QDateTime time = QDateTime::fromString(QStringLiteral("2026-11-24T10:00:00.123Z"), Qt::ISODateWithMs);
        const ChatProtocol::Message message {7, time, QStringLiteral("ann"), QStringLiteral("hi"), {}};
        QCOMPARE(ChatProtocol::encode(ChatProtocol::toJson(message)),
            R"({"from":"ann","id":7,"text":"hi","time":"2026-11-24T10:00:00.123Z","type":"message"})");
        const ChatProtocol::Message whispered {8, time, QStringLiteral("ann"), QStringLiteral("psst"), u"bob"_s};
        QCOMPARE(ChatProtocol::encode(ChatProtocol::toJson(whispered)),
            R"({"from":"ann","id":8,"text":"psst","time":"2026-11-24T10:00:00.123Z","to":"bob","type":"message"})");
        const ChatProtocol::Message shared {
            9, time, u"ann"_s, {}, {}, ChatProtocol::SharedFile {u"a.png"_s, 3, u"image/png"_s, u"/files/ab"_s}};
        QCOMPARE(ChatProtocol::encode(ChatProtocol::toJson(shared)),
            R"({"file":{"mime":"image/png","name":"a.png","size":3,"url":"/files/ab"},"from":"ann","id":9,"text":"",)"
            R"("time":"2026-11-24T10:00:00.123Z","type":"message"})");
        QCOMPARE(ChatProtocol::encode(ChatProtocol::upload({u"a.png"_s, 3, u"image/png"_s, {}})),
            R"({"file":{"mime":"image/png","name":"a.png","size":3},"type":"upload"})");
        ChatProtocol::Roster roster;
        roster.append({QStringLiteral("ann"), ChatProtocol::Transport::Sse});
        roster.append({QStringLiteral("bob")});
        const ChatProtocol::Outgoing greeting = ChatProtocol::hello(QStringLiteral("bob"), roster, {message}, 7);
        const QJsonObject hello = QJsonDocument::fromJson(greeting.event.data).object();
        QCOMPARE(hello.value(u"type").toString(), u"hello");
        QCOMPARE(hello.value(u"you").toString(), u"bob");
        QCOMPARE(hello.value(u"users").toArray(), QJsonArray({"ann", "bob"}));
        QCOMPARE(ChatProtocol::encode(hello.value(u"members").toArray().first().toObject()),
            R"({"nick":"ann","transport":"sse"})");
        QCOMPARE(hello.value(u"history").toArray().first().toObject().value(u"id").toInt(), 7);
        QCOMPARE(greeting.type, u"hello");
        QCOMPARE(greeting.id, 7); // hello brings its receiver to lastId
        QCOMPARE(ChatProtocol::outgoing(ChatProtocol::toJson(message)).id, 7);
        QCOMPARE(ChatProtocol::users(roster).id, 0);
        QCOMPARE(ChatProtocol::encode(ChatProtocol::leave({QStringLiteral("ann"), QStringLiteral("left")}, time)),
            R"({"nick":"ann","reason":"left","time":"2026-11-24T10:00:00.123Z","type":"leave"})");
        QCOMPARE(ChatProtocol::encode(ChatProtocol::leaves({{QStringLiteral("ann"), QStringLiteral("left")},
                                                               {QStringLiteral("bob"), QStringLiteral("kicked")}},
                     time)),
            R"({"members":[{"nick":"ann","reason":"left"},{"nick":"bob","reason":"kicked"}],)"
            R"("time":"2026-11-24T10:00:00.123Z","type":"leaves"})");
    }

    void readsWhatTheRoomWrites()
    {
        using namespace ChatProtocol;
        const QDateTime time = QDateTime::fromString(u"2026-11-24T10:00:00.123Z"_s, Qt::ISODateWithMs);
        const Message message {7, time, u"ann"_s, u"hi"_s, {}};
        Roster roster;
        roster.append({u"ann"_s, Transport::Sse});
        roster.append({u"bob \"b\""_s});
        QCOMPARE(readNews(hello(u"bob \"b\""_s, roster, {message}, 7).event.data),
            RoomNews(News::Hello {u"bob \"b\""_s, {u"ann"_s, u"bob \"b\""_s}, {message}}));
        QCOMPARE(readNews(encode(toJson(message))), RoomNews(message));
        const Message whispered {8, time, u"ann"_s, u"psst"_s, u"bob"_s};
        QCOMPARE(readNews(encode(toJson(whispered))), RoomNews(whispered));
        const Message invisibleFirst {9, time, u"ann"_s, u"\uFEFF\uFEFFhi"_s, {}};
        QCOMPARE(readNews(encode(toJson(invisibleFirst))), RoomNews(invisibleFirst));
        QCOMPARE(readNews(encode(join({u"cy"_s}, time))), RoomNews(News::Joined {{u"cy"_s}, time}));
        QCOMPARE(readNews(encode(joins({{u"cy"_s}, {u"dee"_s, Transport::Poll}}, time))),
            RoomNews(News::Joined {{u"cy"_s, u"dee"_s}, time}));
        QCOMPARE(
            readNews(encode(leave({u"cy"_s, u"left"_s}, time))), RoomNews(News::Left {{{u"cy"_s, u"left"_s}}, time}));
        const QList<Departure> departures {{u"cy"_s, u"left"_s}, {u"dee"_s, u"too slow"_s}};
        QCOMPARE(readNews(encode(leaves(departures, time))), RoomNews(News::Left {departures, time}));
        QCOMPARE(readNews(encode(nickChanged(u"ann"_s, u"zoë"_s))), RoomNews(News::Renamed {u"ann"_s, u"zoë"_s}));
        QCOMPARE(readNews(users(roster).event.data), RoomNews(News::Users {{u"ann"_s, u"bob \"b\""_s}}));
        QCOMPARE(
            readNews(encode(error(u"nick-taken"_s, u"taken"_s))), RoomNews(News::Error {u"nick-taken"_s, u"taken"_s}));
        const SharedFile file {u"plan.pdf"_s, 48213, u"application/pdf"_s, u"/files/5f0c"_s};
        const Message sharedFile {10, time, u"ann"_s, {}, {}, file};
        QCOMPARE(readNews(encode(toJson(sharedFile))), RoomNews(sharedFile));
        const SharedFile offered {u"plan.pdf"_s, 48213, u"application/pdf"_s, {}};
        QCOMPARE(readNews(encode(upload(offered))), RoomNews(News::Upload {offered}));
        QCOMPARE(readNews(encode(history({message}))), RoomNews(News::Other {u"history"_s}));
        QCOMPARE(readNews(encode(reset(u"too old"_s))), RoomNews(News::Other {u"reset"_s}));
    }

    // A foreign server, or a room of another version: what is missing or of the wrong type reads as empty.
    void readsWhatItCanOfOtherFrames_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<RoomNews>("news");
        const ChatProtocol::Message blank {-1, {}, {}, {}, {}};
        QTest::newRow("not JSON") << "hello"_ba << RoomNews(News::Other {});
        QTest::newRow("an array") << R"([{"type":"hello"}])"_ba << RoomNews(News::Other {});
        QTest::newRow("a type not a string") << R"({"type":["hello"]})"_ba << RoomNews(News::Other {});
        QTest::newRow("an unknown type") << R"({"type":"Hello"})"_ba << RoomNews(News::Other {u"Hello"_s});
        QTest::newRow("a message of nothing") << R"({"type":"message"})"_ba << RoomNews(blank);
        QTest::newRow("a message of wrong types")
            << R"({"type":"message","id":1.5,"time":"yesterday","from":3,"text":{}})"_ba << RoomNews(blank);
        QTest::newRow("a hello of wrong types")
            << R"({"type":"hello","you":1,"users":"ann","history":{}})"_ba << RoomNews(News::Hello {});
        QTest::newRow("a hello with odd history")
            << R"({"type":"hello","users":["ann",2],"history":[1,{"id":4,"text":"hi"}]})"_ba
            << RoomNews(News::Hello {{}, {u"ann"_s, {}}, {blank, {4, {}, {}, u"hi"_s, {}}}});
        QTest::newRow("joins without members")
            << R"({"type":"joins","members":{"nick":"ann"}})"_ba << RoomNews(News::Joined {});
        QTest::newRow("leaves of odd members")
            << R"({"type":"leaves","members":["ann",{"nick":"bob","reason":7},{"reason":"left"}]})"_ba
            << RoomNews(News::Left {{{}, {u"bob"_s, {}}, {{}, u"left"_s}}, {}});
        QTest::newRow("a time with an offset")
            << R"({"type":"leave","nick":"ann","time":"2026-11-24T11:00:00.123+01:00"})"_ba
            << RoomNews(News::Left {
                   {{u"ann"_s, {}}}, QDateTime::fromString(u"2026-11-24T10:00:00.123Z"_s, Qt::ISODateWithMs)});
    }

    void readsWhatItCanOfOtherFrames()
    {
        QFETCH(QByteArray, frame);
        QFETCH(RoomNews, news);
        QCOMPARE(ChatProtocol::readNews(frame), news);
    }
};

QTEST_GUILESS_MAIN(tst_ChatProtocol)
#include "tst_chatprotocol.moc"
