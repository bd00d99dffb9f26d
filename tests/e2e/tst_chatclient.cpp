// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

#include "client/chatclient.h"
#include "room/chatprotocol.h"
#include "support/eventwait.h"
#include "support/files.h"
#include "support/jsonclient.h"
#include "support/rawpeers.h"
#include "support/scriptedchat.h"
#include "support/testserver.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using Test::ScriptedChat;
using Test::waitUntil;

namespace {

// The texts of the events of one kind: messages (said before the member first came, or since), reasons, errors.
QStringList textsIn(const QSignalSpy &events, ChatEvent::Kind kind = ChatEvent::Kind::Message)
{
    QStringList texts;
    for (const QList<QVariant> &arguments : events) {
        const auto event = arguments.first().value<ChatEvent>();
        if (event.kind == kind || (kind == ChatEvent::Kind::Message && event.kind == ChatEvent::Kind::Earlier))
            texts.append(event.text);
    }
    return texts;
}

QList<ChatEvent> eventsIn(const QSignalSpy &events)
{
    QList<ChatEvent> list;
    for (const QList<QVariant> &arguments : events)
        list.append(arguments.first().value<ChatEvent>());
    return list;
}

// A ChatClient in a room of its own on 127.0.0.1, and bob, a member over plain JSON, beside it; ready once both
// are in.
struct ClientInARoom
{
    ClientInARoom()
    {
        if (!server)
            return;
        client.join(room, {});
        ready = waitUntil([this] { return client.state() == ChatClient::State::In; }) && bob.join(room).has_value();
    }

    std::unique_ptr<Server> server = Test::startServer();
    QUrl room = server ? Test::webSocketUrl(*server, u"/chat") : QUrl();
    ChatClient client;
    QSignalSpy events {&client, &ChatClient::eventReceived};
    Test::JsonClient bob;
    bool ready = false;
};

} // namespace

class tst_ChatClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsTheRoomInWhatWasTyped_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("room"); // empty: refused
        QTest::newRow("a room") << u"ws://10.0.0.5:8080/chat"_s << u"ws://10.0.0.5:8080/chat"_s;
        QTest::newRow("another path") << u" wss://example.org/rooms/a?x=1 "_s << u"wss://example.org/rooms/a?x=1"_s;
        QTest::newRow("no path") << u"ws://10.0.0.5:8080"_s << u"ws://10.0.0.5:8080/chat"_s;
        QTest::newRow("the page") << u"http://10.0.0.5:8080/"_s << u"ws://10.0.0.5:8080/chat"_s;
        QTest::newRow("the page, anywhere") << u"https://chat.example.org/x?y#z"_s << u"wss://chat.example.org/chat"_s;
        QTest::newRow("the page's link with the password") << u"http://10.0.0.5:8080/#password=open%20sesame%2B1"_s
                                                           << u"ws://10.0.0.5:8080/chat?password=open sesame%2B1"_s;
        QTest::newRow("host and port") << u"10.0.0.5:8080"_s << u"ws://10.0.0.5:8080/chat"_s;
        QTest::newRow("a name and port") << u"localhost:8080"_s << u"ws://localhost:8080/chat"_s;
        QTest::newRow("IPv6") << u"[::1]:8080"_s << u"ws://[::1]:8080/chat"_s;
        QTest::newRow("another scheme") << u"ftp://10.0.0.5/"_s << QString();
        QTest::newRow("no host") << u"ws:///chat"_s << QString();
        QTest::newRow("nothing") << u"  "_s << QString();
        QTest::newRow("a bad port") << u"10.0.0.5:80x"_s << QString();
    }

    // What the host shares (the page's address, or host and port) finds the room as well as its ws:// URL.
    void findsTheRoomInWhatWasTyped()
    {
        QFETCH(QString, typed);
        QFETCH(QString, room);
        const std::optional<QUrl> found = ChatClient::roomUrl(typed);
        QCOMPARE(found ? found->toString() : QString(), room);
    }

    // Joining the same room again shows the history once: only what was said while away is new.
    void rejoiningShowsHistoryOnce()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const QUrl room = Test::webSocketUrl(*server, u"/chat");
        Test::JsonClient ann;
        QVERIFY(ann.open(room));
        ann.sendText(u"before"_s);

        ChatClient client;
        QSignalSpy events(&client, &ChatClient::eventReceived);
        client.join(room, {});
        QVERIFY(waitUntil([&] { return textsIn(events) == QStringList {u"before"_s}; }));
        client.leave();
        QVERIFY(waitUntil([&] { return client.state() == ChatClient::State::Out; }));
        ann.sendText(u"while away"_s);
        QVERIFY(ann.nextOfType(u"message"));
        client.join(room, {});
        QVERIFY(waitUntil([&] { return client.state() == ChatClient::State::In; }));
        ann.sendText(u"after"_s);
        QVERIFY(waitUntil([&] { return textsIn(events).size() >= 3; }));
        QTest::qWait(100);
        QCOMPARE(textsIn(events), (QStringList {u"before"_s, u"while away"_s, u"after"_s}));
        // Said before the first join: no news. Missed while away: news, as what comes after.
        QCOMPARE(textsIn(events, ChatEvent::Kind::Earlier), QStringList {u"before"_s});
    }

    // Said privately, a message reaches its one member and comes back to its author marked with whom it was for.
    void aPrivateMessageGoesToOneMember()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const QUrl room = Test::webSocketUrl(*server, u"/chat");
        Test::JsonClient bob, cy;
        QVERIFY(bob.join(room));
        QVERIFY(cy.join(room));
        ChatClient client;
        QSignalSpy events(&client, &ChatClient::eventReceived);
        client.join(room, u"ann"_s);
        QVERIFY(waitUntil([&] { return client.nick() == u"ann"_s; }));

        client.send(u"psst"_s, u"guest-1"_s);
        client.send(u"hello all"_s);
        const QJsonObject told = *bob.nextOfType(u"message");
        QCOMPARE(told.value(u"text").toString(), u"psst");
        QCOMPARE(told.value(u"to").toString(), u"guest-1");
        QCOMPARE(cy.nextOfType(u"message")->value(u"text").toString(), u"hello all");
        QVERIFY(waitUntil([&] { return textsIn(events).size() == 2; }));
        const QList<ChatEvent> shown = eventsIn(events);
        const auto mine
            = std::find_if(shown.cbegin(), shown.cend(), [](const ChatEvent &e) { return e.text == u"psst"; });
        QVERIFY(mine != shown.cend());
        QCOMPARE(mine->to, u"guest-1");
        QCOMPARE(mine->nick, u"ann");
    }

    // What was said while away is news even when the room had said nothing before this member first came.
    void missedMessagesAreNewsInARoomThatWasQuiet()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const QUrl room = Test::webSocketUrl(*server, u"/chat");
        ChatClient client;
        QSignalSpy events(&client, &ChatClient::eventReceived);
        client.join(room, {});
        QVERIFY(waitUntil([&] { return client.state() == ChatClient::State::In; }));
        client.leave();
        QVERIFY(waitUntil([&] { return client.state() == ChatClient::State::Out; }));
        Test::JsonClient ann;
        QVERIFY(ann.join(room));
        ann.sendText(u"while away"_s);
        QVERIFY(ann.nextOfType(u"message"));
        client.join(room, {});
        QVERIFY(waitUntil([&] { return !textsIn(events).isEmpty(); }));
        QCOMPARE(textsIn(events, ChatEvent::Kind::Earlier), QStringList());
    }

    // A room lost while in it (here it shuts down, 1001) is joined again once it is back, under the same nickname; each
    // attempt in between says why it failed and when the next comes.
    void aLostRoomIsRejoinedUnderTheSameNick()
    {
        auto server = Test::startServer();
        QVERIFY(server);
        const QUrl room = Test::webSocketUrl(*server, u"/chat");
        ChatClient client;
        QSignalSpy events(&client, &ChatClient::eventReceived);
        client.join(room, u"ann"_s);
        QVERIFY(waitUntil([&] { return client.nick() == u"ann"_s; }));

        const quint16 port = server->port();
        QSignalSpy stopped(server.get(), &Server::stopped);
        server->shutdown();
        QVERIFY(waitUntil([&] { return !stopped.isEmpty(); }));
        server.reset();
        QVERIFY(waitUntil([&] { return textsIn(events, ChatEvent::Kind::Rejoining).size() == 2; }));
        const QStringList lines = textsIn(events, ChatEvent::Kind::Rejoining);
        QVERIFY2(lines[0].startsWith(u"Lost the room (server shutting down); rejoining in 0."_s), qPrintable(lines[0]));
        QVERIFY2(lines[1].startsWith(u"Could not rejoin ("_s), qPrintable(lines[1]));
        QCOMPARE(client.state(), ChatClient::State::Joining);
        QVERIFY(client.users().isEmpty());

        ServerConfig config = Test::loopbackConfig();
        config.port = port;
        server = Test::startServer(config);
        QVERIFY(server);
        QVERIFY(waitUntil([&] { return client.state() == ChatClient::State::In; }, 10000));
        QVERIFY(waitUntil([&] { return client.nick() == u"ann"_s && client.users() == QStringList {u"ann"_s}; }));
        QVERIFY(textsIn(events, ChatEvent::Kind::Disconnected).isEmpty());
    }

    // Leaving while waiting to rejoin gives up: the client says so and does not come back with the room.
    void leavingWhileRejoiningGivesUp()
    {
        auto server = Test::startServer();
        QVERIFY(server);
        ChatClient client;
        QSignalSpy events(&client, &ChatClient::eventReceived);
        client.join(Test::webSocketUrl(*server, u"/chat"), {});
        QVERIFY(waitUntil([&] { return client.state() == ChatClient::State::In; }));
        ServerConfig config = Test::loopbackConfig();
        config.port = server->port();
        server.reset();
        QVERIFY(waitUntil([&] { return !textsIn(events, ChatEvent::Kind::Rejoining).isEmpty(); }));
        client.leave();
        QCOMPARE(client.state(), ChatClient::State::Out);
        QCOMPARE(textsIn(events, ChatEvent::Kind::Disconnected), QStringList {u"left"_s});

        server = Test::startServer(config);
        QVERIFY(server);
        QTest::qWait(1500); // past the longest of the first two delays
        QVERIFY(server->room()->nicknames().isEmpty());
        QCOMPARE(client.state(), ChatClient::State::Out);
    }

    // A room that ends its member (a kick, 1008) is not joined again.
    void aKickIsNotRejoined()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        ChatClient client;
        QSignalSpy events(&client, &ChatClient::eventReceived);
        client.join(Test::webSocketUrl(*server, u"/chat"), u"ann"_s);
        QVERIFY(waitUntil([&] { return client.nick() == u"ann"_s; }));
        QVERIFY(server->room()->kick(u"ann"_s, u"be nice"_s));
        QVERIFY(waitUntil([&] { return client.state() == ChatClient::State::Out; }));
        QCOMPARE(textsIn(events, ChatEvent::Kind::Disconnected), QStringList {u"be nice"_s});
        QTest::qWait(1000); // past the first delay a rejoin would have waited
        QVERIFY(server->room()->nicknames().isEmpty());
        QVERIFY(textsIn(events, ChatEvent::Kind::Rejoining).isEmpty());
    }

    // Many members arriving at once come as one line and one list, each of them once; so do they when they leave.
    void aStormOfJoinsOrLeavesIsOneLine()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const QUrl room = Test::webSocketUrl(*server, u"/chat");
        ChatClient client;
        QSignalSpy events(&client, &ChatClient::eventReceived);
        client.join(room, {});
        QVERIFY(waitUntil([&] { return client.state() == ChatClient::State::In; }));
        constexpr int crowd = 30;
        std::vector<std::unique_ptr<QWebSocket>> members;
        for (int i = 0; i < crowd; ++i) {
            members.push_back(std::make_unique<QWebSocket>());
            members.back()->open(room);
        }
        QVERIFY(waitUntil([&] { return client.users().size() == crowd + 1; }));
        QTest::qWait(2 * int(std::chrono::milliseconds(ChatProtocol::presenceInterval).count()));
        QCOMPARE(client.users().size(), crowd + 1); // nobody twice
        QCOMPARE(QSet<QString>(client.users().cbegin(), client.users().cend()).size(), crowd + 1);
        const auto linesOf = [&events](ChatEvent::Kind kind) { // who came or went, a line each
            QStringList lines;
            for (const ChatEvent &event : eventsIn(events)) {
                if (event.kind == kind)
                    lines.append(event.nick);
            }
            return lines;
        };
        static const QRegularExpression namesAndOthers(u"^guest-\\d+, guest-\\d+ and \\d+ others$"_s);
        const QStringList joinLines = linesOf(ChatEvent::Kind::Joined);
        QVERIFY2(joinLines.size() < crowd, qPrintable(joinLines.join(u" | ")));
        QVERIFY2(namesAndOthers.match(joinLines.constLast()).hasMatch(), qPrintable(joinLines.constLast()));

        for (const auto &member : members)
            member->close();
        QVERIFY(waitUntil([&] { return client.users() == QStringList {client.nick()}; }));
        const QStringList leaveLines = linesOf(ChatEvent::Kind::Left);
        QVERIFY2(leaveLines.size() < crowd, qPrintable(leaveLines.join(u" | ")));
        QVERIFY2(namesAndOthers.match(leaveLines.constLast()).hasMatch(), qPrintable(leaveLines.constLast()));
        QCOMPARE(textsIn(events, ChatEvent::Kind::Left).constLast(), u"left"_s);
    }

    // A room of many (or a server that says so) is followed in one pass over its members, not one search of the
    // list for each newcomer, which held the client's thread 11.5 s for this crowd. A member named twice is one
    // member.
    void aCrowdJoiningAtOnceIsCountedOnce()
    {
        constexpr int crowd = 100'000;
        QJsonArray here {u"ann"_s};
        QJsonArray arriving;
        for (int i = 0; i < crowd; ++i) {
            here.append(u"here-%1"_s.arg(i));
            arriving.append(QJsonObject {{u"nick"_s, u"new-%1"_s.arg(i)}, {u"transport"_s, u"ws"_s}});
        }
        arriving.append(QJsonObject {{u"nick"_s, u"new-0"_s}, {u"transport"_s, u"ws"_s}});
        arriving.append(QJsonObject {{u"nick"_s, u"here-0"_s}, {u"transport"_s, u"ws"_s}});
        // The crowd is made before the client joins: under ASan on a slow machine making it outlasted the client's wait
        // for a hello (ChatClient::defaultHelloTimeout), and the client left.
        ScriptedChat scripted;
        QVERIFY(scripted.room);
        scripted.say({{u"type"_s, u"hello"_s}, {u"you"_s, u"ann"_s}, {u"users"_s, here}});
        scripted.say({{u"type"_s, u"joins"_s}, {u"members"_s, arriving}});
        scripted.say({{u"type"_s, u"message"_s}, {u"from"_s, u"ann"_s}, {u"text"_s, u"all in"_s}, {u"id"_s, 1}});
        QVERIFY(waitUntil([&] { return textsIn(scripted.events).contains(u"all in"_s); }, 30'000));
        QCOMPARE(scripted.client.users().size(), 2 * crowd + 1);
        const QList<ChatEvent> shown = eventsIn(scripted.events);
        QCOMPARE(shown.size(), 2); // one line for the crowd, and the message
        QCOMPARE(shown.first().kind, ChatEvent::Kind::Joined);
        QCOMPARE(shown.first().nick, u"new-0, new-1 and 99998 others"_s); // here-0 and the second new-0: known
    }

    // A leave names only members this client knows (one gone before its hello is no news), each once, and those who
    // went together for different reasons come as one line with each reason once.
    void leavesOfMembersNeverKnownAreNoNews()
    {
        ScriptedChat scripted;
        QVERIFY(scripted.room);
        const auto gone = [](const QString &nick, const QString &reason) {
            return QJsonObject {{u"nick"_s, nick}, {u"reason"_s, reason}};
        };
        scripted.say({{u"type"_s, u"hello"_s}, {u"you"_s, u"ann"_s},
            {u"users"_s, QJsonArray {u"ann"_s, u"bob"_s, u"cy"_s, u"dee"_s, u"eve"_s, u"fay"_s}}});
        scripted.say({{u"type"_s, u"leave"_s}, {u"nick"_s, u"zed"_s}, {u"reason"_s, u"left"_s}});
        scripted.say({{u"type"_s, u"leaves"_s},
            {u"members"_s,
                QJsonArray {gone(u"bob"_s, u"left"_s), gone(u"zed"_s, u"left"_s), gone(u"cy"_s, u"too slow"_s),
                    gone(u"bob"_s, u"left"_s), gone(u"dee"_s, u"kicked"_s), gone(u"eve"_s, u"left"_s),
                    gone(u"fay"_s, u"timed out"_s)}}});
        scripted.say({{u"type"_s, u"message"_s}, {u"from"_s, u"ann"_s}, {u"text"_s, u"alone"_s}, {u"id"_s, 1}});
        QVERIFY(waitUntil([&] { return textsIn(scripted.events).contains(u"alone"_s); }));
        const QList<ChatEvent> shown = eventsIn(scripted.events);
        QCOMPARE(shown.size(), 2); // one line for those who went, and the message
        QCOMPARE(shown.first().kind, ChatEvent::Kind::Left);
        QCOMPARE(shown.first().nick, u"bob, cy and 3 others"_s);
        QCOMPARE(shown.first().text, u"left; too slow; kicked; …"_s);
        QCOMPARE(scripted.client.users(), QStringList {u"ann"_s});
    }

    // A Duplex room's nicknames are unique; a room that says otherwise (a member named twice, a member renamed to a
    // nickname already listed) still gets a member list that names each member once, in the order it gave.
    void aMemberListNamesEachMemberOnce()
    {
        ScriptedChat scripted;
        QVERIFY(scripted.room);
        ChatClient &client = scripted.client;
        QSignalSpy lists(&client, &ChatClient::usersChanged);
        scripted.say({{u"type"_s, u"hello"_s}, {u"you"_s, u"ann"_s},
            {u"users"_s, QJsonArray {u"ann"_s, u"bob"_s, u"ann"_s, u"cy"_s, u"bob"_s}}});
        QVERIFY(waitUntil([&] { return client.state() == ChatClient::State::In; }));
        QCOMPARE(client.users(), (QStringList {u"ann"_s, u"bob"_s, u"cy"_s}));

        scripted.say(ChatProtocol::nickChanged(u"cy"_s, u"bob"_s));
        QVERIFY(waitUntil([&] { return textsIn(scripted.events, ChatEvent::Kind::Renamed).size() == 1; }));
        QCOMPARE(client.users(), (QStringList {u"ann"_s, u"bob"_s}));
        scripted.say(ChatProtocol::nickChanged(u"ann"_s, u"bob"_s)); // this member, renamed onto another
        QVERIFY(waitUntil([&] { return client.nick() == u"bob"_s; }));
        QCOMPARE(client.users(), QStringList {u"bob"_s});

        scripted.say({{u"type"_s, u"users"_s}, {u"users"_s, QJsonArray {u"bob"_s, u"dee"_s, u"dee"_s, u"bob"_s}}});
        QVERIFY(waitUntil([&] { return client.users().contains(u"dee"_s); }));
        QCOMPARE(client.users(), (QStringList {u"bob"_s, u"dee"_s}));
        QCOMPARE(lists.last().first().toStringList(), client.users());
    }

    // A nickname the room refuses is not taken: the client says its nickname is still the one it had.
    void aRefusedNicknameIsNotKept()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const QUrl room = Test::webSocketUrl(*server, u"/chat");
        Test::JsonClient ann;
        QVERIFY(ann.open(room));
        ann.sendJson({{u"type"_s, u"nick"_s}, {u"nick"_s, u"ann"_s}});
        QVERIFY(ann.nextOfType(u"nick"));

        ChatClient client;
        QSignalSpy nicks(&client, &ChatClient::nickChanged);
        client.join(room, {});
        QVERIFY(waitUntil([&] { return client.state() == ChatClient::State::In; }));
        const QString own = client.nick();
        nicks.clear();
        client.setNick(u"ann"_s);
        QVERIFY(waitUntil([&] { return !nicks.isEmpty(); }));
        QCOMPARE(nicks.first().first().toString(), own);
        QCOMPARE(client.nick(), own);
    }

    // A server that opens but never greets (here Duplex's own echo) is left after the hello timeout, with one line
    // that says so: not kept open in silence, and not reported twice when the connection then closes.
    void aServerThatNeverGreetsIsLeft()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        ChatClient client(nullptr, std::chrono::milliseconds(200));
        QSignalSpy events(&client, &ChatClient::eventReceived);
        QSignalSpy states(&client, &ChatClient::stateChanged);
        client.join(Test::webSocketUrl(*server, u"/echo"), {});
        QCOMPARE(client.state(), ChatClient::State::Joining);
        QVERIFY(waitUntil([&] { return client.state() == ChatClient::State::Out; }));
        QTest::qWait(300); // the close that follows adds nothing
        QCOMPARE(eventsIn(events).size(), 1);
        const ChatEvent error = eventsIn(events).first();
        QCOMPARE(error.kind, ChatEvent::Kind::Error);
        QVERIFY2(error.text.endsWith(
                     u"/echo sent no hello within 0.2 s of opening: it does not seem to be a Duplex room."_s),
            qPrintable(error.text));
        QCOMPARE(states.size(), 2); // Joining, Out
    }

    void aServerWhoseFirstMessageIsNoHelloIsLeft_data()
    {
        QTest::addColumn<QByteArray>("first");
        QTest::addColumn<bool>("binary");
        QTest::addColumn<QString>("said");
        QTest::newRow("a greeting of its own") << QByteArray("welcome to\nthe echo") << false
                                               << u"its first message was not a hello but “welcome to the echo”."_s;
        QTest::newRow("a room's message")
            << QByteArray(R"({"type":"message","text":"hi"})") << false
            << uR"(its first message was not a hello but “{"type":"message","text":"hi"}”.)"_s;
        QTest::newRow("binary") << QByteArray("\x01\x02\x03", 3) << true
                                << u"its first message was binary, where a room sends its hello as text."_s;
        QTest::newRow("long") << QByteArray(500, 'x') << false
                              << u"its first message was not a hello but “"_s + QString(79, u'x') + u"…”."_s;
    }

    // A server whose first message is anything but a hello is no room: the client closes with 1008 and says so.
    void aServerWhoseFirstMessageIsNoHelloIsLeft()
    {
        QFETCH(QByteArray, first);
        QFETCH(bool, binary);
        QFETCH(QString, said);
        QWebSocketServer other(u"not a room"_s, QWebSocketServer::NonSecureMode);
        QVERIFY(other.listen(QHostAddress::LocalHost));
        std::optional<QWebSocketProtocol::CloseCode> closeCode;
        std::unique_ptr<QWebSocket> socket; // the server's pending connections are the taker's to delete
        connect(&other, &QWebSocketServer::newConnection, this, [&] {
            socket.reset(other.nextPendingConnection());
            connect(socket.get(), &QWebSocket::disconnected, this, [&] { closeCode = socket->closeCode(); });
            binary ? socket->sendBinaryMessage(first) : socket->sendTextMessage(QString::fromUtf8(first));
        });
        ChatClient client;
        QSignalSpy events(&client, &ChatClient::eventReceived);
        const QUrl url(u"ws://127.0.0.1:%1/chat"_s.arg(other.serverPort()));
        client.join(url, {});
        QVERIFY(waitUntil([&] { return closeCode.has_value(); }));
        QCOMPARE(*closeCode, QWebSocketProtocol::CloseCodePolicyViolated);
        QCOMPARE(client.state(), ChatClient::State::Out);
        QCOMPARE(eventsIn(events).size(), 1);
        QCOMPARE(eventsIn(events).first().kind, ChatEvent::Kind::Error);
        QCOMPARE(eventsIn(events).first().text, url.toString() + u" is not a Duplex room: "_s + said);
        QVERIFY(client.users().isEmpty());
    }

    // Leaving while the room has not greeted yet gives up the join: a hello that comes after is not shown.
    void leavingWhileJoiningGivesUp()
    {
        ScriptedChat slowRoom;
        QVERIFY(slowRoom.room);
        ChatClient &client = slowRoom.client;
        QTest::qWait(50); // for the client to read the server's 101
        client.leave();
        QCOMPARE(client.state(), ChatClient::State::Out);
        slowRoom.greet();
        QVERIFY(waitUntil([&] { return !slowRoom.events.isEmpty(); }));
        QTest::qWait(100);
        QCOMPARE(eventsIn(slowRoom.events).size(), 1);
        QCOMPARE(eventsIn(slowRoom.events).first().kind, ChatEvent::Kind::Disconnected);
        QCOMPARE(client.state(), ChatClient::State::Out);
        QVERIFY(client.users().isEmpty());
        QVERIFY(client.nick().isEmpty());
    }

    // Files chosen one after another go to the room in turn, the second privately, each whole; the client's own
    // lines link to them on the room's host. A file that cannot be read, or is empty, is said so and skipped.
    void sharesFilesInTurn()
    {
        ClientInARoom in;
        QVERIFY(in.ready);
        ChatClient &client = in.client;
        QSignalSpy &events = in.events;
        QSignalSpy progress(&client, &ChatClient::sharingChanged);

        QTemporaryDir directory;
        QByteArray large(3 << 20, Qt::Uninitialized); // many pieces, more than waits to be written at once
        for (qsizetype i = 0; i < large.size(); ++i)
            large[i] = char(i % 253);
        const QString largePath = Test::writtenFile(directory, u"large.bin"_s, large);
        const QString notePath = Test::writtenFile(directory, u"note.txt"_s, "for bob");
        const QString emptyPath = Test::writtenFile(directory, u"empty.txt"_s, {});
        QVERIFY(!largePath.isEmpty() && !notePath.isEmpty() && !emptyPath.isEmpty());
        client.shareFile(largePath);
        client.shareFile(directory.filePath(u"missing.txt"_s));
        client.shareFile(emptyPath);
        client.shareFile(notePath, u"guest-2"_s);

        for (const auto &[name, bytes] : {std::pair {u"large.bin"_s, large}, {u"note.txt"_s, QByteArray("for bob")}}) {
            const auto shared = in.bob.nextOfType(u"message", 20000);
            QVERIFY(shared);
            const QJsonObject file = shared->value(u"file").toObject();
            QCOMPARE(file.value(u"name").toString(), name);
            QCOMPARE(shared->value(u"to").toString(), name == u"note.txt" ? u"guest-2"_s : QString());
            const QByteArray fetched = Test::httpExchange(in.server->port(),
                "GET " + file.value(u"url").toString().toLatin1() + " HTTP/1.1\r\nHost: x\r\n\r\n", 20000);
            QVERIFY(fetched.endsWith(bytes));
        }
        QVERIFY(std::any_of(progress.cbegin(), progress.cend(), [&](const QList<QVariant> &step) {
            return step.at(0).toString() == u"large.bin" && step.at(1).toLongLong() > 0
                && step.at(1).toLongLong() < large.size() && step.at(3).toInt() == 3;
        })); // told as it went, not only at its end, with the three chosen after it waiting
        QVERIFY(std::any_of(progress.cbegin(), progress.cend(), [&](const QList<QVariant> &step) {
            return step.at(0).toString() == u"note.txt" && step.at(1) == step.at(2); // all of it went
        }));
        QVERIFY(waitUntil([&] { return progress.last().at(0).toString().isEmpty(); })); // and nothing is on its way
        QCOMPARE(progress.last().at(3).toInt(), 0);

        QVERIFY(waitUntil([&] {
            return std::count_if(events.cbegin(), events.cend(), [](const QList<QVariant> &e) {
                return e.first().value<ChatEvent>().file.has_value();
            }) == 2;
        }));
        const QList<ChatEvent> shown = eventsIn(events);
        const auto linked = std::find_if(shown.cbegin(), shown.cend(), [](const ChatEvent &e) { return e.file; });
        QVERIFY(linked->file->url.startsWith(u"http://127.0.0.1:%1/files/"_s.arg(in.server->port())));
        const QStringList errors = textsIn(events, ChatEvent::Kind::Error);
        QCOMPARE(errors.size(), 2);
        QVERIFY2(errors.first().startsWith(u"missing.txt was not shared: "_s), qPrintable(errors.first()));
        QCOMPARE(errors.last(), u"empty.txt was not shared: it is empty."_s);
    }

    // A file given up halfway: the room drops it (nobody hears of it, and it takes the next file at once, which the
    // client then offers), and the client says so.
    void cancelsAFileMidUpload()
    {
        ClientInARoom in;
        QVERIFY(in.ready);
        ChatClient &client = in.client;

        QTemporaryDir directory;
        // far more than waits to be written
        const QString large = Test::writtenFile(directory, u"large.bin"_s, QByteArray(32 << 20, '\0'));
        const QString small = Test::writtenFile(directory, u"small.txt"_s, "next");
        QVERIFY(!large.isEmpty() && !small.isEmpty());
        bool cancelled = false;
        connect(
            &client, &ChatClient::sharingChanged, this,
            [&](const QString &name, qint64 sent, qint64 total) {
                if (name == u"large.bin" && sent > 0 && sent < total && !std::exchange(cancelled, true))
                    client.cancelSharing();
            },
            Qt::QueuedConnection);
        client.shareFile(large);
        client.shareFile(small);

        const auto shared = in.bob.nextOfType(u"message", 20000);
        QVERIFY(shared);
        QCOMPARE(shared->value(u"file").toObject().value(u"name").toString(), u"small.txt");
        QVERIFY(cancelled);
        QCOMPARE(
            textsIn(in.events, ChatEvent::Kind::Note), QStringList {u"large.bin was not shared: you cancelled it."_s});
        QVERIFY(textsIn(in.events, ChatEvent::Kind::Error).isEmpty());
    }

    // Given up before the room answered its offer: the next file waits for that answer, and an upload the room
    // then allows is cancelled at once, without a byte of it; a refusal then is not shown.
    void cancelsAnOfferBeforeItsAnswer()
    {
        ScriptedChat scripted;
        QVERIFY(scripted.room);
        scripted.greet();
        ChatClient &client = scripted.client;
        QVERIFY(waitUntil([&] { return client.state() == ChatClient::State::In; }));
        QSignalSpy progress(&client, &ChatClient::sharingChanged);
        QTemporaryDir directory;
        const QStringList paths {Test::writtenFile(directory, u"first.txt"_s, "bytes"),
            Test::writtenFile(directory, u"second.txt"_s, "bytes")};
        QVERIFY(!paths.contains(QString()));
        client.shareFile(paths.first());
        client.shareFile(paths.last());
        QVERIFY(waitUntil([&] { return scripted.heardOf(u"type"_s) == QStringList {u"file"_s}; }));
        QCOMPARE(progress.last().at(0).toString(), u"first.txt");
        QCOMPARE(progress.last().at(3).toInt(), 1);

        client.cancelSharing();
        QCOMPARE(progress.last().at(0).toString(), QString()); // nothing shown on its way
        QCOMPARE(progress.last().at(3).toInt(), 1);
        QTest::qWait(100);
        QCOMPARE(scripted.heardOf(u"type"_s), QStringList {u"file"_s}); // the second waits for the answer to the first
        scripted.say({{u"type"_s, u"upload"_s},
            {u"file"_s, QJsonObject {{u"name"_s, u"first.txt"_s}, {u"size"_s, 5}, {u"mime"_s, u"text/plain"_s}}}});
        QVERIFY(waitUntil([&] { return scripted.heard.size() == 3; }));
        QCOMPARE(scripted.heardOf(u"type"_s), (QStringList {u"file"_s, u"cancel-upload"_s, u"file"_s}));
        QCOMPARE(progress.last().at(0).toString(), u"second.txt");
        QCOMPARE(scripted.bytesHeard.size(), 0);

        // One refused after it was given up: the refusal is no news, and nothing is on its way any more.
        client.cancelSharing();
        scripted.say({{u"type"_s, u"error"_s}, {u"code"_s, u"files-busy"_s}, {u"message"_s, u"busy"_s}});
        QVERIFY(waitUntil([&] { return textsIn(scripted.events, ChatEvent::Kind::Note).size() == 2; }));
        QTest::qWait(100);
        QCOMPARE(progress.last().at(0).toString(), QString());
        QCOMPARE(progress.last().at(3).toInt(), 0);
        QVERIFY(textsIn(scripted.events, ChatEvent::Kind::Error).isEmpty());
        QCOMPARE(scripted.heard.size(), 3);
        QCOMPARE(textsIn(scripted.events, ChatEvent::Kind::Note),
            (QStringList {
                u"first.txt was not shared: you cancelled it."_s, u"second.txt was not shared: you cancelled it."_s}));
    }

    // A room's message may say a file is anywhere: only one on the room's own host becomes a link.
    void linksOnlyToFilesOnTheRoomsHost()
    {
        ScriptedChat scripted;
        QVERIFY(scripted.room);
        scripted.greet();
        const auto shareAt = [&scripted](int id, const QString &url) {
            scripted.say({{u"type"_s, u"message"_s}, {u"id"_s, id}, {u"from"_s, u"bob"_s}, {u"text"_s, QString()},
                {u"file"_s,
                    QJsonObject {
                        {u"name"_s, u"a.txt"_s}, {u"size"_s, 1}, {u"mime"_s, u"text/plain"_s}, {u"url"_s, url}}}});
        };
        shareAt(1, u"/files/abc"_s);
        shareAt(2, u"http://elsewhere.example/files/abc"_s);
        shareAt(3, u"file:///etc/passwd"_s);
        QVERIFY(waitUntil([&] { return scripted.events.size() == 3; }));
        const QList<ChatEvent> shown = eventsIn(scripted.events);
        QCOMPARE(shown.at(0).file->url, u"http://127.0.0.1:%1/files/abc"_s.arg(scripted.server.serverPort()));
        QVERIFY(!shown.at(1).file);
        QVERIFY(!shown.at(2).file);
    }
};

QTEST_GUILESS_MAIN(tst_ChatClient)
#include "tst_chatclient.moc"
