// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

#include "support/eventwait.h"
#include "support/jsonclient.h"
#include "support/rawpeers.h"
#include "support/testserver.h"

using namespace Duplex;
using Test::JsonClient;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

QJsonObject message(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("message")}, {QStringLiteral("text"), text}};
}

QJsonObject nick(const QString &name)
{
    return {{QStringLiteral("type"), QStringLiteral("nick")}, {QStringLiteral("nick"), name}};
}

QStringList strings(const QJsonValue &array)
{
    QStringList list;
    for (const QJsonValue &v : array.toArray())
        list.append(v.toString());
    return list;
}

// The texts of a hello's history, in order.
QStringList historyTexts(const QJsonObject &hello)
{
    QStringList texts;
    for (const QJsonValue &m : hello.value(u"history").toArray())
        texts.append(m.toObject().value(u"text").toString());
    return texts;
}

// What a member that comes back naming lastEventId is replayed: its hello's history texts; nothing (and a warning)
// when the room answers with a reset or not at all.
std::optional<QStringList> replayedAfter(const Server &server, const QString &lastEventId)
{
    JsonClient resumed;
    if (!resumed.open(Test::webSocketUrl(server, QString(u"/chat?lastEventId=" + lastEventId))))
        return std::nullopt;
    const auto first = resumed.next();
    if (!first || first->value(u"type").toString() != u"hello") {
        qWarning("resuming after %s: no hello first", qPrintable(lastEventId));
        return std::nullopt;
    }
    return historyTexts(*first);
}

// A config whose rate limit never gets in the way of a test that is not about it.
ServerConfig unthrottled()
{
    ServerConfig config = Test::loopbackConfig();
    config.messagesPerSecond = 1e6;
    config.burst = 1'000'000;
    return config;
}

// What an observer reads of the room's arrivals and departures up to the first message: how many presence frames
// (join, joins, leave, leaves), whether one was a batch, and the members they named. Nothing (and a warning) if the
// message's sender, other than one the observer knew, was not announced before it spoke, or the room went silent.
struct Presence
{
    int frames = 0;
    bool batched = false;
    QSet<QString> announced;
    QSet<QString> departed;
};

// The members a presence object names: itself (join, leave), or its members (joins, leaves).
QJsonArray namedBy(const QJsonObject &object)
{
    const QString type = object.value(u"type").toString();
    return type == u"joins" || type == u"leaves" ? object.value(u"members").toArray() : QJsonArray {object};
}

std::optional<Presence> presenceUntilAMessage(JsonClient &observer, const QString &knownSender = {})
{
    Presence presence;
    while (const auto object = observer.next()) {
        const QString type = object->value(u"type").toString();
        if (const bool joining = type == u"join" || type == u"joins";
            joining || type == u"leave" || type == u"leaves") {
            ++presence.frames;
            presence.batched = presence.batched || type == u"joins" || type == u"leaves";
            for (const QJsonValue &member : namedBy(*object))
                (joining ? presence.announced : presence.departed).insert(member.toObject().value(u"nick").toString());
        } else if (type == u"message") {
            const QString from = object->value(u"from").toString();
            if (presence.announced.contains(from) || from == knownSender)
                return presence;
            qWarning("%s spoke before it was announced", qPrintable(from));
            return std::nullopt;
        }
    }
    qWarning("the room went silent before a message");
    return std::nullopt;
}

} // namespace

class tst_Chat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void threeMembers()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const QUrl url = Test::webSocketUrl(*server, u"/chat");
        JsonClient a, b, c;

        QVERIFY(a.open(url));
        auto hello = a.next();
        QVERIFY(hello);
        QCOMPARE(hello->value(u"type").toString(), u"hello");
        QCOMPARE(hello->value(u"you").toString(), u"guest-1");
        QCOMPARE(strings(hello->value(u"users")), QStringList {"guest-1"});
        QVERIFY(hello->value(u"history").toArray().isEmpty());

        QVERIFY(b.open(url));
        QCOMPARE(b.next()->value(u"you").toString(), u"guest-2");
        auto joined = a.next();
        QCOMPARE(joined->value(u"type").toString(), u"join");
        QCOMPARE(joined->value(u"nick").toString(), u"guest-2");

        QVERIFY(c.open(url));
        hello = c.next();
        QCOMPARE(strings(hello->value(u"users")), QStringList({"guest-1", "guest-2", "guest-3"}));
        QCOMPARE(a.next()->value(u"nick").toString(), u"guest-3");
        QCOMPARE(b.next()->value(u"nick").toString(), u"guest-3");

        // Nickname rules: a change is announced to all; taken (case-insensitively) and invalid names are refused.
        a.sendJson(nick(QStringLiteral("ann")));
        for (JsonClient *member : {&a, &b, &c}) {
            const auto changed = member->next();
            QCOMPARE(changed->value(u"type").toString(), u"nick");
            QCOMPARE(changed->value(u"from").toString(), u"guest-1");
            QCOMPARE(changed->value(u"nick").toString(), u"ann");
        }
        for (const QString &bad : {QStringLiteral("ANN"), QString(), QString(33, u'x'), QStringLiteral("a\tb")}) {
            b.sendJson(nick(bad));
            const auto error = b.next();
            QCOMPARE(error->value(u"type").toString(), u"error");
            QCOMPARE(error->value(u"code").toString(), bad == u"ANN" ? u"nick-taken" : u"invalid-nick");
        }

        // Fan-out: every member sees every message once, in one order that all share, with increasing ids; each
        // sender's messages keep the order they were sent in.
        for (int i = 0; i < 10; ++i)
            (i % 2 ? b : a).sendJson(message(QStringLiteral("m%1").arg(i)));
        QStringList orderSeenByA;
        for (JsonClient *member : {&a, &b, &c}) {
            QList<qint64> ids;
            QStringList order, fromAnn, fromB;
            for (int i = 0; i < 10; ++i) {
                const auto m = member->next();
                QVERIFY(m);
                QCOMPARE(m->value(u"type").toString(), u"message");
                QVERIFY(QDateTime::fromString(m->value(u"time").toString(), Qt::ISODateWithMs).isValid());
                ids.append(m->value(u"id").toInteger());
                const QString text = m->value(u"text").toString();
                order.append(text);
                (m->value(u"from").toString() == u"ann" ? fromAnn : fromB).append(text);
            }
            QVERIFY(std::is_sorted(ids.cbegin(), ids.cend()));
            QCOMPARE(fromAnn, QStringList({"m0", "m2", "m4", "m6", "m8"}));
            QCOMPARE(fromB, QStringList({"m1", "m3", "m5", "m7", "m9"}));
            if (orderSeenByA.isEmpty())
                orderSeenByA = order;
            QCOMPARE(order, orderSeenByA);
        }

        // Asked-for lists.
        c.sendJson({{QStringLiteral("type"), QStringLiteral("users")}});
        QCOMPARE(strings(c.nextOfType(u"users")->value(u"users")), QStringList({"ann", "guest-2", "guest-3"}));

        c.socket.close();
        for (JsonClient *member : {&a, &b}) {
            const auto left = member->next();
            QCOMPARE(left->value(u"type").toString(), u"leave");
            QCOMPARE(left->value(u"nick").toString(), u"guest-3");
            QCOMPARE(left->value(u"reason").toString(), u"left");
        }
        QCOMPARE(server->room()->nicknames(), QStringList({"ann", "guest-2"}));
        a.sendJson({{QStringLiteral("type"), QStringLiteral("users")}});
        QCOMPARE(strings(a.nextOfType(u"users")->value(u"users")), QStringList({"ann", "guest-2"}));

        // One's own nickname in other letter cases is still one's own; a nickname left or given up is free again.
        const auto renames = [&a, &b](JsonClient &member, const QString &newNick) {
            member.sendJson(nick(newNick));
            for (JsonClient *observer : {&a, &b}) {
                const auto renamed = observer->nextOfType(u"nick", 2000);
                if (!renamed || renamed->value(u"nick").toString() != newNick)
                    return false;
            }
            return true;
        };
        QVERIFY(renames(a, u"Ann"_s));
        QVERIFY(renames(b, u"GUEST-3"_s));
        QVERIFY(renames(a, u"guest-2"_s));

        // The name one already has, letter for letter, changes nothing and is announced to no one: what comes next
        // to either is the answer to what each asks next.
        a.sendJson(nick(u"guest-2"_s));
        for (JsonClient *member : {&a, &b}) {
            member->sendJson({{QStringLiteral("type"), QStringLiteral("users")}});
            QCOMPARE(member->next()->value(u"type").toString(), u"users");
        }
    }

    void lateJoinerGetsTheLastHundredMessages()
    {
        const auto server = Test::startServer(unthrottled());
        QVERIFY(server);
        JsonClient early;
        QVERIFY(early.open(Test::webSocketUrl(*server, u"/chat")));
        QSignalSpy posted(server->room(), &ChatRoom::messagePosted);
        for (int i = 1; i <= 105; ++i)
            early.sendJson(message(QString::number(i)));
        QTRY_COMPARE(posted.size(), 105);

        JsonClient late;
        QVERIFY(late.open(Test::webSocketUrl(*server, u"/chat")));
        const QJsonArray history = late.nextOfType(u"hello")->value(u"history").toArray();
        QCOMPARE(history.size(), 100);
        QCOMPARE(history.first().toObject().value(u"text").toString(), u"6");
        QCOMPARE(history.last().toObject().value(u"text").toString(), u"105");
        // Ids are consecutive; they start above any earlier run's (the wall clock in ms × 1000).
        const qint64 firstId = history.first().toObject().value(u"id").toInteger();
        QCOMPARE(history.last().toObject().value(u"id").toInteger(), firstId + 99);
        QVERIFY(firstId > QDateTime::currentMSecsSinceEpoch() * 1000 - 60'000'000);

        late.sendJson({{QStringLiteral("type"), QStringLiteral("history")}});
        QCOMPARE(late.nextOfType(u"history")->value(u"messages").toArray(), history);
    }

    // A page that reconnects names the last message it showed, as an SSE stream does (a browser's WebSocket cannot
    // set headers): its hello carries exactly what it missed; an id the room cannot honour gets a reset first.
    void webSocketResumesAfterLastEventId()
    {
        const auto server = Test::startServer(unthrottled());
        QVERIFY(server);
        JsonClient talker;
        QVERIFY(talker.open(Test::webSocketUrl(*server, u"/chat")));
        const qint64 before = talker.nextOfType(u"hello")->value(u"lastId").toInteger();
        for (const QString &text : {u"one"_s, u"two"_s, u"three"_s})
            talker.sendJson(message(text));
        QList<qint64> ids;
        while (ids.size() < 3)
            ids.append(talker.nextOfType(u"message")->value(u"id").toInteger());

        QCOMPARE(replayedAfter(*server, QString::number(ids.first())), QStringList({u"two"_s, u"three"_s}));

        for (const QString &unknown : {QString::number(before - 5), u"abc"_s}) {
            JsonClient reset;
            QVERIFY(reset.open(Test::webSocketUrl(*server, QString(u"/chat?lastEventId=" + unknown))));
            const QJsonObject refusal = *reset.next();
            QCOMPARE(refusal.value(u"type").toString(), u"reset");
            QVERIFY2(refusal.value(u"reason").toString().contains(u"not an id of this room"), qPrintable(unknown));
            QCOMPARE(reset.next()->value(u"history").toArray().size(), 3); // the room as it stands
        }
    }

    // A private message reaches its recipient and its author, in order with what was said to everyone, and nobody
    // else; no history keeps it, and a resume from its id (an SSE stream's Last-Event-ID may be one) still works.
    void privateMessagesReachTheirRecipientOnly()
    {
        const auto server = Test::startServer(unthrottled());
        QVERIFY(server);
        const QUrl url = Test::webSocketUrl(*server, u"/chat");
        JsonClient ann, bob, cy;
        for (JsonClient *member : {&ann, &bob, &cy})
            QVERIFY(member->join(url));
        ann.sendJson(nick(u"ann"_s));
        bob.sendJson(nick(u"Bob"_s));
        QTRY_COMPARE(server->room()->nicknames(), QStringList({u"ann"_s, u"Bob"_s, u"guest-3"_s}));

        QJsonObject whisper = message(u"just between us"_s);
        whisper.insert(u"to"_s, u"bob"_s); // nicknames are told apart regardless of case
        ann.sendJson(message(u"before"_s));
        ann.sendJson(whisper);
        ann.sendJson(message(u"after"_s));
        qint64 privateId = 0;
        for (JsonClient *member : {&ann, &bob}) {
            QCOMPARE(member->nextOfType(u"message")->value(u"text").toString(), u"before");
            const QJsonObject told = *member->nextOfType(u"message");
            QCOMPARE(told.value(u"text").toString(), u"just between us");
            QCOMPARE(told.value(u"from").toString(), u"ann");
            QCOMPARE(told.value(u"to").toString(), u"Bob"); // as the recipient is called
            privateId = told.value(u"id").toInteger();
            QCOMPARE(member->nextOfType(u"message")->value(u"text").toString(), u"after");
        }
        QCOMPARE(cy.nextOfType(u"message")->value(u"text").toString(), u"before");
        const QJsonObject afterForCy = *cy.nextOfType(u"message");
        QCOMPARE(afterForCy.value(u"text").toString(), u"after");
        QVERIFY(afterForCy.value(u"id").toInteger() > privateId); // ids keep rising past the private one
        QVERIFY(!afterForCy.contains(u"to"));

        JsonClient late;
        const auto hello = late.join(url);
        QVERIFY(hello);
        QCOMPARE(historyTexts(*hello), QStringList({u"before"_s, u"after"_s}));
        QCOMPARE(replayedAfter(*server, QString::number(privateId)), QStringList {u"after"_s});

        // Refused with a sentence, and the author stays: to nobody here, to oneself.
        for (const QString &to : {u"dee"_s, u"ANN"_s}) {
            QJsonObject astray = message(u"hello?"_s);
            astray.insert(u"to"_s, to);
            ann.sendJson(astray);
            const QJsonObject error = *ann.nextOfType(u"error");
            QCOMPARE(error.value(u"code").toString(), u"invalid-recipient");
            QVERIFY2(error.value(u"message").toString().contains(to == u"dee" ? u"nobody in the room" : u"yourself"),
                qPrintable(error.value(u"message").toString()));
        }
        bob.sendJson(message(u"still one room"_s));
        QCOMPARE(ann.nextOfType(u"message")->value(u"text").toString(), u"still one room");
    }

    // The room keeps its last private messages apart from its history: however many are said, a resume that only
    // needs the history still gets it without a reset.
    void privateMessagesNeverCostAPublicResume()
    {
        ServerConfig config = unthrottled();
        config.historySize = 2;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        JsonClient ann, bob;
        const qint64 before = ann.join(Test::webSocketUrl(*server, u"/chat"))->value(u"lastId").toInteger();
        QVERIFY(bob.join(Test::webSocketUrl(*server, u"/chat")));
        ann.sendJson(message(u"to everyone"_s));
        QJsonObject whisper = message(u"psst"_s);
        whisper.insert(u"to"_s, u"guest-2"_s);
        for (int i = 0; i < 3; ++i)
            ann.sendJson(whisper);
        for (int i = 0; i < 4; ++i)
            QVERIFY(bob.nextOfType(u"message"));

        QCOMPARE(replayedAfter(*server, QString::number(before)), QStringList {u"to everyone"_s});
    }

    void plainTextClientIsAMember()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        JsonClient member, wscat;
        QVERIFY(member.open(Test::webSocketUrl(*server, u"/chat")));
        QVERIFY(wscat.open(Test::webSocketUrl(*server, u"/chat")));
        wscat.sendText(QStringLiteral("hello from a terminal <b>not bold</b>"));
        const auto m = member.nextOfType(u"message");
        QVERIFY(m);
        QCOMPARE(m->value(u"from").toString(), u"guest-2");
        QCOMPARE(m->value(u"text").toString(), u"hello from a terminal <b>not bold</b>");
    }

    void invalidRequestsGetErrorsNotDisconnects()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        JsonClient client;
        QVERIFY(client.open(Test::webSocketUrl(*server, u"/chat")));
        client.sendText(QStringLiteral("{\"type\": \"message\", \"text\": "));
        QCOMPARE(client.nextOfType(u"error")->value(u"code").toString(), u"invalid-json");
        client.sendText(QStringLiteral("{\"type\": \"dance\"}"));
        QCOMPARE(client.nextOfType(u"error")->value(u"code").toString(), u"unknown-type");
        client.sendJson(message(QString()));
        QCOMPARE(client.nextOfType(u"error")->value(u"code").toString(), u"invalid-message");
        client.sendJson(message(QStringLiteral("still here")));
        QCOMPARE(client.nextOfType(u"message")->value(u"text").toString(), u"still here");
        QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
    }

    void binaryFramesCloseWith1003()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        JsonClient client, witness;
        QVERIFY(witness.open(Test::webSocketUrl(*server, u"/chat")));
        QVERIFY(client.open(Test::webSocketUrl(*server, u"/chat")));
        client.socket.sendBinaryMessage("\x01\x02");
        QVERIFY(client.waitDisconnected());
        QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeDatatypeNotSupported);
        QVERIFY(witness.nextOfType(u"leave")->value(u"reason").toString().contains(u"binary"));
    }

    void oversizedMessagesCloseWith1009()
    {
        ServerConfig config = Test::loopbackConfig();
        config.maxChatMessage = 1000;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        JsonClient client;
        QVERIFY(client.open(Test::webSocketUrl(*server, u"/chat")));
        client.sendText(QString(1001, u'x'));
        QVERIFY(client.waitDisconnected());
        QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    }

    void floodingIsWarnedThenClosedWith1008()
    {
        ServerConfig config = Test::loopbackConfig();
        config.messagesPerSecond = 1;
        config.burst = 5;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        JsonClient flooder, witness;
        QVERIFY(witness.open(Test::webSocketUrl(*server, u"/chat")));
        QVERIFY(flooder.open(Test::webSocketUrl(*server, u"/chat")));
        QSignalSpy posted(server->room(), &ChatRoom::messagePosted);
        for (int i = 0; i < 30; ++i)
            flooder.sendJson(message(QString::number(i)));

        const auto warning = flooder.nextOfType(u"error");
        QCOMPARE(warning->value(u"code").toString(), u"rate-limited");
        QVERIFY(flooder.waitDisconnected());
        QCOMPARE(flooder.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QCOMPARE(posted.size(), config.burst); // the burst went through, nothing after it
        QCOMPARE(witness.nextOfType(u"leave")->value(u"reason").toString(), u"rate limit exceeded");
    }

    void membersAreKnownByTheirOwnAddress()
    {
        const auto server = Test::startServer(Test::loopbackConfig());
        QVERIFY(server);
        QSignalSpy joined(server->room(), &ChatRoom::memberJoined);
        const auto first = Test::openSilentWebSocket(server->port(), "/chat");
        QVERIFY(first);
        const auto second = Test::openSilentWebSocket(server->port(), "/chat");
        QVERIFY(second);
        QTRY_COMPARE(joined.size(), 2);
        QCOMPARE(joined.at(0).at(1).toString(), u"127.0.0.1:%1"_qs.arg(first->localPort()));
        QCOMPARE(joined.at(1).at(1).toString(), u"127.0.0.1:%1"_qs.arg(second->localPort()));
        QCOMPARE(server->room()->peerOf(joined.at(0).at(0).toString()), u"127.0.0.1:%1"_qs.arg(first->localPort()));
    }

    void aRateOfZeroLiftsTheLimit()
    {
        ServerConfig config = Test::loopbackConfig();
        config.messagesPerSecond = 0;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        JsonClient bot;
        QVERIFY(bot.open(Test::webSocketUrl(*server, u"/chat")));
        QSignalSpy posted(server->room(), &ChatRoom::messagePosted);
        constexpr int count = 200; // ten times the default burst, at once
        for (int i = 0; i < count; ++i)
            bot.sendJson(message(QString::number(i)));
        QTRY_COMPARE(posted.size(), count);
        QCOMPARE(bot.socket.state(), QAbstractSocket::ConnectedState);
    }

    void silentPeerIsDroppedByTheHeartbeat()
    {
        ServerConfig config = Test::loopbackConfig();
        config.pingInterval = 50ms;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        JsonClient alive; // QWebSocket answers pings by itself
        QVERIFY(alive.open(Test::webSocketUrl(*server, u"/chat")));
        const auto silent = Test::openSilentWebSocket(server->port(), "/chat");
        QVERIFY(silent);
        QCOMPARE(alive.nextOfType(u"join")->value(u"nick").toString(), u"guest-2");

        const auto left = alive.nextOfType(u"leave", 5000);
        QVERIFY(left);
        QCOMPARE(left->value(u"nick").toString(), u"guest-2");
        QVERIFY(left->value(u"reason").toString().contains(u"pong"));
        QTRY_COMPARE(silent->state(), QAbstractSocket::UnconnectedState);
        QTest::qWait(300); // six more heartbeats: the live member stays
        QCOMPARE(alive.socket.state(), QAbstractSocket::ConnectedState);
        QCOMPARE(server->room()->nicknames(), QStringList {"guest-1"});
    }

    void memberThatStopsReadingIsDroppedWithMemoryBounded()
    {
        ServerConfig config = unthrottled();
        config.maxSendQueue = 128 << 10;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        JsonClient sender;
        QVERIFY(sender.open(Test::webSocketUrl(*server, u"/chat")));
        const auto stalled = Test::openSilentWebSocket(server->port(), "/chat");
        QVERIFY(stalled);

        const QString problem = Test::floodDropsSlowMember(*server, sender, u"guest-2"_s, config.maxSendQueue);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(sender.socket.state(), QAbstractSocket::ConnectedState);
    }

    // Forty members arrive at once, and later leave at once: the first few are announced one by one, the rest
    // together, each of them once and before what the room says next.
    void aStormOfJoinsOrLeavesIsAnnouncedInBatches()
    {
        const auto server = Test::startServer(unthrottled());
        QVERIFY(server);
        JsonClient observer;
        const auto hello = observer.join(Test::webSocketUrl(*server, u"/chat"));
        QVERIFY(hello);
        constexpr int crowd = 40;
        std::vector<std::unique_ptr<QWebSocket>> members;
        for (int i = 0; i < crowd; ++i) {
            members.push_back(std::make_unique<QWebSocket>());
            members.back()->open(Test::webSocketUrl(*server, u"/chat"));
        }
        QTRY_COMPARE(server->room()->nicknames().size(), crowd + 1);
        QTRY_COMPARE(members.back()->state(), QAbstractSocket::ConnectedState);
        members.back()->sendTextMessage(u"one of them speaks at once"_s);
        const auto arrivals = presenceUntilAMessage(observer);
        QVERIFY(arrivals);
        QCOMPARE(arrivals->announced.size(), crowd);
        QVERIFY(arrivals->batched);
        QVERIFY2(arrivals->frames <= ChatProtocol::presenceAnnouncedAlone + 2,
            qPrintable(QString::number(arrivals->frames)));

        for (const auto &member : members)
            member->close();
        QTRY_COMPARE(server->room()->nicknames().size(), 1);
        const QString observerNick = hello->value(u"you").toString();
        observer.sendText(u"all gone"_s);
        const auto departures = presenceUntilAMessage(observer, observerNick);
        QVERIFY(departures);
        QCOMPARE(departures->departed, arrivals->announced);
        QVERIFY(departures->batched);
        QVERIFY2(departures->frames <= ChatProtocol::presenceAnnouncedAlone + 2,
            qPrintable(QString::number(departures->frames)));
    }

    // The last of a storm's arrivals leaves at once, while its join is still gathered: the room names it arriving, then
    // leaving, as it happened, so that no member's list keeps it.
    void whoComesAndGoesInAStormIsNamedInThatOrder()
    {
        const auto server = Test::startServer(unthrottled());
        QVERIFY(server);
        const QUrl url = Test::webSocketUrl(*server, u"/chat");
        JsonClient observer;
        QVERIFY(observer.join(url));
        std::vector<std::unique_ptr<JsonClient>> crowd;
        for (int i = 0; i < 3 * ChatProtocol::presenceAnnouncedAlone; ++i) {
            crowd.push_back(std::make_unique<JsonClient>());
            crowd.back()->socket.open(url);
        }
        // The room names guests in order of arrival.
        int lastGuest = 0;
        JsonClient *lastArrival = nullptr;
        for (const auto &member : crowd) {
            const auto hello = member->nextOfType(u"hello");
            QVERIFY(hello);
            if (const int guest = hello->value(u"you").toString().sliced(6).toInt(); guest > lastGuest) {
                lastGuest = guest;
                lastArrival = member.get();
            }
        }
        lastArrival->socket.close();
        const QString last = u"guest-%1"_s.arg(lastGuest);
        bool arrived = false;
        for (bool gone = false; !gone;) {
            const auto object = observer.next();
            QVERIFY2(object, "no leave named the last arrival");
            const QString type = object->value(u"type").toString();
            const QJsonArray named = namedBy(*object);
            const bool namesLast = std::any_of(named.begin(), named.end(),
                [&last](const QJsonValue &member) { return member.toObject().value(u"nick").toString() == last; });
            if (type.startsWith(u"join"))
                arrived = arrived || namesLast;
            else if (type.startsWith(u"leave"))
                gone = namesLast;
        }
        QVERIFY2(arrived, "it left before it was announced");
    }

    // Joins that go on past an interval are gathered whole from the second interval on: one frame an interval, not
    // presenceAnnouncedAlone more at the start of each.
    void aLongJoinStormCostsAFrameAnInterval()
    {
        const auto server = Test::startServer(unthrottled());
        QVERIFY(server);
        JsonClient observer;
        QVERIFY(observer.join(Test::webSocketUrl(*server, u"/chat")));

        // Rounds of more arrivals than are announced alone, each as soon as the last is in, for five intervals or
        // until the room is nearly full.
        const auto interval = std::chrono::milliseconds(ChatProtocol::presenceInterval).count();
        const qsizetype mostArrivals = Test::loopbackConfig().maxClients - 2 * ChatProtocol::presenceAnnouncedAlone;
        std::vector<std::unique_ptr<QWebSocket>> members;
        QElapsedTimer storm;
        storm.start();
        while (storm.elapsed() < 5 * interval && qsizetype(members.size()) < mostArrivals) {
            for (int i = 0; i < ChatProtocol::presenceAnnouncedAlone + 5; ++i) {
                members.push_back(std::make_unique<QWebSocket>());
                members.back()->open(Test::webSocketUrl(*server, u"/chat"));
            }
            QVERIFY(
                Test::waitUntil([&] { return server->room()->nicknames().size() == qsizetype(members.size()) + 1; }));
        }
        const qint64 intervals = storm.elapsed() / interval + 1;
        QTRY_COMPARE(members.back()->state(), QAbstractSocket::ConnectedState);
        members.back()->sendTextMessage(u"the last of them speaks"_s);

        const auto presence = presenceUntilAMessage(observer);
        QVERIFY(presence);
        QCOMPARE(presence->announced.size(), qsizetype(members.size()));
        // The first interval's few alone, then a frame an interval (and one for the joins still gathering); a few
        // more alone if the storm paused for an interval on a busy machine. Without gathering on, each interval would
        // begin with its few alone: 11 frames an interval.
        QVERIFY2(presence->frames <= 2 * ChatProtocol::presenceAnnouncedAlone + intervals + 1,
            qPrintable(u"%1 frames for %2 arrivals in %3 intervals"_s.arg(presence->frames)
                           .arg(members.size())
                           .arg(intervals)));
    }

    void aBusyRoomSendsWhatGathersTogether()
    {
        ServerConfig config = unthrottled();
        config.busyDeliveries = 1; // any delivery makes the room busy
        config.broadcastBatch = 400ms;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        JsonClient a, b;
        QVERIFY(a.join(Test::webSocketUrl(*server, u"/chat")));
        QVERIFY(b.join(Test::webSocketUrl(*server, u"/chat")));
        QVERIFY(a.nextOfType(u"join"));
        QTest::qWait(600); // the batch the join opened has ended with nothing in it: the room is quiet again

        QElapsedTimer clock;
        clock.start();
        QHash<QString, qint64> arrivedAtMs;
        connect(&b.socket, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
            const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
            arrivedAtMs.insert(object.value(u"text").toString(), clock.elapsed());
        });
        for (const QString &text : {u"one"_s, u"two"_s, u"three"_s, u"four"_s})
            a.sendJson(message(text));
        // The first goes at once; the second too, and its delivery finds the room busy: the others gather.
        QTRY_VERIFY_WITH_TIMEOUT(arrivedAtMs.contains(u"four"_s), 5000);
        QVERIFY2(arrivedAtMs[u"two"_s] < 200, qPrintable(QString::number(arrivedAtMs[u"two"_s])));
        QVERIFY2(arrivedAtMs[u"three"_s] - arrivedAtMs[u"two"_s] >= 300,
            qPrintable(QString::number(arrivedAtMs[u"three"_s])));
        QVERIFY(arrivedAtMs[u"four"_s] - arrivedAtMs[u"three"_s] < 50);
        for (const QString &text : {u"one"_s, u"two"_s, u"three"_s, u"four"_s})
            QCOMPARE(b.nextOfType(u"message")->value(u"text").toString(), text);

        // An answer does not overtake what was broadcast before it: what gathered goes first, at once.
        a.sendJson(message(u"five"_s)); // at once, and a batch gathers again
        a.sendJson(message(u"six"_s));
        QTest::qWait(50);
        const qint64 askedAtMs = clock.elapsed();
        b.sendJson({{u"type"_s, u"users"_s}});
        QCOMPARE(b.next()->value(u"text").toString(), u"five"_s);
        QCOMPARE(b.next()->value(u"text").toString(), u"six"_s);
        QCOMPARE(b.next()->value(u"type").toString(), u"users"_s);
        QVERIFY2(arrivedAtMs[u"six"_s] - askedAtMs < 200, qPrintable(QString::number(arrivedAtMs[u"six"_s])));
    }

    void theRoomBoundsAllQueuesAndDropsTheSlowestFirst()
    {
        ServerConfig config = unthrottled();
        config.maxSendQueue = 64 << 20; // far away: only the room's bound applies
        config.maxRoomQueue = 1 << 20;
        config.historySize = 0; // a newcomer's hello would be a megabyte of history: the most waiting, for a moment
        const auto server = Test::startServer(config);
        QVERIFY(server);
        JsonClient sender;
        QVERIFY(sender.open(Test::webSocketUrl(*server, u"/chat")));
        QSignalSpy left(server->room(), &ChatRoom::memberLeft);
        const QString text(32 << 10, u'x');
        const auto send = [&](int count) {
            for (int i = 0; i < count && left.isEmpty(); ++i) {
                sender.sendJson(message(text));
                QTest::qWait(1);
            }
        };
        // The earlier of two members that stopped reading has always more waiting than the later one.
        const auto earlier = Test::openSilentWebSocket(server->port(), "/chat");
        QVERIFY(earlier);
        QTRY_COMPARE(server->room()->nicknames().size(), 2);
        send(32);
        const auto later = Test::openSilentWebSocket(server->port(), "/chat");
        QVERIFY(later);
        QTRY_COMPARE(server->room()->nicknames().size(), 3);
        send(1024); // 32 MiB: far more than the kernel's buffers hide
        QTRY_COMPARE_WITH_TIMEOUT(left.size(), 1, 10000);
        QCOMPARE(left.first().at(0).toString(), u"guest-2"_s);
        QVERIFY2(left.first().at(1).toString().startsWith(u"too slow: the room holds at most 1048576 bytes"_s),
            qPrintable(left.first().at(1).toString()));
        QVERIFY(server->room()->nicknames().contains(u"guest-3"_s)); // the later one stays, for now
        QCOMPARE(sender.socket.state(), QAbstractSocket::ConnectedState);
    }

    // Untapped (--no-tap), QtWebSockets frames what the room sends: from the UTF-16 form, made only for such members.
    void theRoomSpeaksThroughQtWebSocketsToo()
    {
        ServerConfig config = Test::loopbackConfig();
        config.tap = false;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        JsonClient ann, bob;
        const auto hello = ann.join(Test::webSocketUrl(*server, u"/chat"));
        QVERIFY(hello);
        QCOMPARE(hello->value(u"you").toString(), u"guest-1");
        QVERIFY(bob.join(Test::webSocketUrl(*server, u"/chat")));
        ann.sendJson(message(u"café €"_s));
        const auto heard = bob.nextOfType(u"message");
        QVERIFY(heard);
        QCOMPARE(heard->value(u"text").toString(), u"café €");
    }

    // With a history file, a room started again greets with what was said to everyone before (never what was said
    // privately), a member who saw the last of it resumes without a reset, and ids keep rising.
    void aRestartedRoomGreetsWithItsHistory()
    {
        QTemporaryDir dir;
        ServerConfig config = unthrottled();
        config.historyFile = dir.filePath(u"room.sqlite"_s);
        qint64 lastId = 0;
        {
            const auto server = Test::startServer(config);
            QVERIFY(server);
            JsonClient ann, bob;
            QVERIFY(ann.join(Test::webSocketUrl(*server, u"/chat")));
            QVERIFY(bob.join(Test::webSocketUrl(*server, u"/chat")));
            QJsonObject whisper = message(u"not for the file"_s);
            whisper.insert(u"to"_s, u"guest-2"_s);
            ann.sendJson(message(u"first"_s));
            ann.sendJson(whisper);
            ann.sendJson(message(u"last"_s));
            for (int i = 0; i < 3; ++i)
                lastId = ann.nextOfType(u"message")->value(u"id").toInteger();
            QSignalSpy stopped(server.get(), &Server::stopped);
            server->shutdown();
            QTRY_COMPARE(stopped.size(), 1);
        }

        const auto server = Test::startServer(config);
        QVERIFY(server);
        JsonClient late;
        const auto hello = late.join(Test::webSocketUrl(*server, u"/chat"));
        QVERIFY(hello);
        QCOMPARE(historyTexts(*hello), QStringList({u"first"_s, u"last"_s}));
        QVERIFY(hello->value(u"lastId").toInteger() >= lastId);
        QCOMPARE(replayedAfter(*server, QString::number(lastId)), QStringList()); // no reset: nothing was missed
        late.sendJson(message(u"after the restart"_s));
        QVERIFY(late.nextOfType(u"message")->value(u"id").toInteger() > lastId);
    }

    void shutdownSaysGoingAwayToEveryone()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        JsonClient chat, echo;
        QVERIFY(chat.open(Test::webSocketUrl(*server, u"/chat")));
        QVERIFY(echo.open(Test::webSocketUrl(*server, u"/echo")));
        QSignalSpy stopped(server.get(), &Server::stopped);
        server->shutdown();
        QVERIFY(chat.waitDisconnected());
        QVERIFY(echo.waitDisconnected());
        QCOMPARE(chat.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        QCOMPARE(echo.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        QTRY_COMPARE(stopped.size(), 1);
        QCOMPARE(Test::httpExchange(server->port(), "GET / HTTP/1.1\r\n\r\n", 1000), QByteArray()); // not listening
    }
};

QTEST_GUILESS_MAIN(tst_Chat)
#include "tst_chat.moc"
