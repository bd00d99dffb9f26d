// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSignalSpy>
#include <QTest>

#include "client/chatclient.h"
#include "room/chatprotocol.h"
#include "support/eventwait.h"
#include "support/jsonclient.h"
#include "support/testserver.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using Test::waitUntil;

namespace {

QStringList messagesIn(const QSignalSpy &events)
{
    QStringList texts;
    for (const QList<QVariant> &arguments : events) {
        const auto event = arguments.first().value<ChatEvent>();
        if (event.kind == ChatEvent::Kind::Message)
            texts.append(event.text);
    }
    return texts;
}

} // namespace

class tst_ChatClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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
        QVERIFY(waitUntil([&] { return messagesIn(events) == QStringList {u"before"_s}; }));
        client.leave();
        QVERIFY(waitUntil([&] { return !client.isJoined(); }));
        ann.sendText(u"while away"_s);
        QVERIFY(ann.nextOfType(u"message"));
        client.join(room, {});
        QVERIFY(waitUntil([&] { return client.isJoined(); }));
        ann.sendText(u"after"_s);
        QVERIFY(waitUntil([&] { return messagesIn(events).size() >= 3; }));
        QTest::qWait(100);
        QCOMPARE(messagesIn(events), (QStringList {u"before"_s, u"while away"_s, u"after"_s}));
    }

    // Many members arriving at once come as one line and one list, each of them once.
    void aJoinStormIsOneLine()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const QUrl room = Test::webSocketUrl(*server, u"/chat");
        ChatClient client;
        QSignalSpy events(&client, &ChatClient::eventReceived);
        client.join(room, {});
        QVERIFY(waitUntil([&] { return client.isJoined(); }));
        constexpr int arriving = 30;
        std::vector<std::unique_ptr<QWebSocket>> members;
        for (int i = 0; i < arriving; ++i) {
            members.push_back(std::make_unique<QWebSocket>());
            members.back()->open(room);
        }
        QVERIFY(waitUntil([&] { return client.users().size() == arriving + 1; }));
        QTest::qWait(2 * int(std::chrono::milliseconds(ChatProtocol::joinBatchInterval).count()));
        QCOMPARE(client.users().size(), arriving + 1); // nobody twice
        QCOMPARE(QSet<QString>(client.users().cbegin(), client.users().cend()).size(), arriving + 1);
        QStringList joinLines;
        for (const QList<QVariant> &arguments : std::as_const(events)) {
            if (const auto event = arguments.first().value<ChatEvent>(); event.kind == ChatEvent::Kind::Joined)
                joinLines.append(event.nick);
        }
        QVERIFY2(joinLines.size() < arriving, qPrintable(joinLines.join(u" | ")));
        QVERIFY2(
            joinLines.constLast().contains(u" other"_s), qPrintable(joinLines.constLast())); // "a, b and 19 other(s)"
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
        QVERIFY(waitUntil([&] { return client.isJoined(); }));
        const QString own = client.nick();
        nicks.clear();
        client.setNick(u"ann"_s);
        QVERIFY(waitUntil([&] { return !nicks.isEmpty(); }));
        QCOMPARE(nicks.first().first().toString(), own);
        QCOMPARE(client.nick(), own);
    }
};

QTEST_GUILESS_MAIN(tst_ChatClient)
#include "tst_chatclient.moc"
