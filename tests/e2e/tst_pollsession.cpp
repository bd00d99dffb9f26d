// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include "client/pollsession.h"
#include "server/chatroom.h"
#include "support/eventwait.h"
#include "support/jsonclient.h"
#include "support/testserver.h"
#include "traffic/trafficlog.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using Test::waitUntil;

namespace {

QUrl roomUrl(const Server &server)
{
    return QUrl(u"http://127.0.0.1:%1/chat"_s.arg(server.port()));
}

// The requests of a session in the log, as "METHOD path" with how long each answer was held, in order.
QList<std::pair<QByteArray, qint64>> requestsOf(const TrafficLog &log, quint64 session)
{
    QList<std::pair<QByteArray, qint64>> requests;
    for (const TrafficRecord &record : log.records()) {
        const auto *exchange = std::get_if<HttpExchange>(&record.event);
        if (record.session != session || !exchange)
            continue;
        const QByteArray line = exchange->request.left(exchange->request.indexOf(" HTTP/1.1"));
        const qsizetype query = line.indexOf('?');
        requests.append({query < 0 ? line : line.first(query), exchange->heldUs});
    }
    return requests;
}

bool hasMessage(const QSignalSpy &objects, const QString &text)
{
    return std::any_of(objects.cbegin(), objects.cend(), [&](const QList<QVariant> &arguments) {
        const QJsonObject object = arguments.first().toJsonObject();
        return object.value(u"type").toString() == u"message" && object.value(u"text").toString() == text;
    });
}

} // namespace

class tst_PollSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Joins, hears a WebSocket member over held polls, talks back beside them, and stays out once kicked.
    void longPollsTalkWithTheRoom()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        TrafficLog log;
        PollSession session(log);
        QSignalSpy objects(&session, &PollSession::objectReceived);
        QSignalSpy ended(&session, &PollSession::ended);
        QVERIFY(session.open(roomUrl(*server), PollSession::Mode::LongPoll));
        QVERIFY(waitUntil([&] { return session.state() == PollSession::State::Open; }));
        QCOMPARE(objects.first().first().toJsonObject().value(u"type").toString(), u"hello");
        QCOMPARE(objects.first().first().toJsonObject().value(u"transport").toString(), u"long-poll");

        Test::JsonClient ann;
        QVERIFY(ann.join(Test::webSocketUrl(*server, u"/chat")));
        QTest::qWait(300); // the poll is held now
        ann.sendJson({{u"type"_s, u"message"_s}, {u"text"_s, u"hi, poller"_s}});
        QVERIFY(waitUntil([&] { return hasMessage(objects, u"hi, poller"_s); }));

        QVERIFY(session.sendText(u"hi, ann"_s));
        bool heard = false;
        while (!heard) {
            const auto message = ann.nextOfType(u"message");
            QVERIFY(message);
            heard = message->value(u"text").toString() == u"hi, ann";
        }

        // Every request is in the log: the join, polls held until news, the send.
        const auto requests = requestsOf(log, session.id());
        QCOMPARE(requests.first().first, "POST /chat/join");
        QVERIFY(std::any_of(requests.cbegin(), requests.cend(),
            [](const auto &r) { return r.first == "GET /chat/poll" && r.second >= 250'000; }));
        QVERIFY(waitUntil([&] {
            const auto now = requestsOf(log, session.id());
            return std::any_of(now.cbegin(), now.cend(), [](const auto &r) { return r.first == "POST /chat/send"; });
        }));

        const QStringList nicks = server->room()->nicknames();
        QVERIFY(server->room()->kick(nicks.first(), u"behave"_s));
        QVERIFY(waitUntil([&] { return !ended.isEmpty(); }));
        QCOMPARE(ended.first().first().toString(), u"the room closed this session (kicked, or flooding)");
        QCOMPARE(session.state(), PollSession::State::Closed);
    }

    // Short polls come every interval whether or not there is news, each answered at once.
    void shortPollsComeEveryInterval()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        TrafficLog log;
        PollSession session(log);
        QSignalSpy objects(&session, &PollSession::objectReceived);
        QVERIFY(session.open(roomUrl(*server), PollSession::Mode::ShortPoll, std::chrono::milliseconds(200)));
        QVERIFY(waitUntil([&] { return session.state() == PollSession::State::Open; }));
        QTest::qWait(1100);
        const auto requests = requestsOf(log, session.id());
        const auto polls = std::count_if(requests.cbegin(), requests.cend(),
            [](const auto &r) { return r.first == "GET /chat/poll" && r.second < 100'000; }); // none held
        QVERIFY2(polls >= 3 && polls <= 7, qPrintable(QString::number(polls)));

        Test::JsonClient ann;
        QVERIFY(ann.open(Test::webSocketUrl(*server, u"/chat")));
        ann.sendJson({{u"type"_s, u"message"_s}, {u"text"_s, u"within a fifth of a second"_s}});
        QVERIFY(waitUntil([&] { return hasMessage(objects, u"within a fifth of a second"_s); }, 2000));
        session.close();
        QCOMPARE(session.state(), PollSession::State::Closed);
    }

    // Closing says goodbye: the room sees the member leave at once, not after the silence of two poll holds.
    void closingLeavesTheRoom()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        TrafficLog log;
        PollSession session(log);
        QVERIFY(session.open(roomUrl(*server), PollSession::Mode::LongPoll));
        QVERIFY(waitUntil([&] { return session.state() == PollSession::State::Open; }));
        Test::JsonClient ann;
        QVERIFY(ann.join(Test::webSocketUrl(*server, u"/chat")));
        session.close();
        const auto leave = ann.nextOfType(u"leave", 2000);
        QVERIFY(leave);
        QCOMPARE(leave->value(u"reason").toString(), u"left");
    }

    // A room that does not offer polls says so, and the session stops instead of knocking forever.
    void aRoomWithoutPollsSaysSo()
    {
        ServerConfig config = Test::loopbackConfig();
        config.transports = {ChatProtocol::Transport::WebSocket, ChatProtocol::Transport::Sse};
        const auto server = Test::startServer(config);
        QVERIFY(server);
        TrafficLog log;
        PollSession session(log);
        QSignalSpy ended(&session, &PollSession::ended);
        QVERIFY(session.open(roomUrl(*server), PollSession::Mode::LongPoll));
        QVERIFY(waitUntil([&] { return !ended.isEmpty(); }));
        QVERIFY2(ended.first().first().toString().startsWith(u"the room answered 404: This room does not offer"_s),
            qPrintable(ended.first().first().toString()));
    }

    void onlyHttpAddresses()
    {
        TrafficLog log;
        PollSession session(log);
        QString why;
        QVERIFY(!session.open(QUrl(u"ws://127.0.0.1:1/chat"_s), PollSession::Mode::LongPoll, {}, &why));
        QCOMPARE(why,
            u"A room's HTTP address is http:// or https://, such as http://127.0.0.1:8080/chat, not "
            u"\"ws://127.0.0.1:1/chat\".");
    }
};

QTEST_GUILESS_MAIN(tst_PollSession)
#include "tst_pollsession.moc"
