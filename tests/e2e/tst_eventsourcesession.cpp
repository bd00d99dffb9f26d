// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSignalSpy>
#include <QTest>

#include "client/eventsourcesession.h"
#include "support/eventwait.h"
#include "support/jsonclient.h"
#include "support/scriptedserver.h"
#include "support/testserver.h"
#include "traffic/trafficlog.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using Event = EventStreamParser::Event;
using Test::ScriptedServer;

namespace {

QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

const QByteArray streamHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n";

// The log's records of one session, one line each: "connection: what".
QStringList recordsOf(const TrafficLog &log, quint64 session)
{
    QStringList lines;
    for (const TrafficRecord &record : log.records()) {
        if (record.session != session)
            continue;
        const QString what = std::visit(
            [](const auto &event) -> QString {
                using T = std::decay_t<decltype(event)>;
                if constexpr (std::is_same_v<T, ConnectionOpened>)
                    return u"opened "_s + QString::fromUtf8(event.path);
                else if constexpr (std::is_same_v<T, HttpExchange>)
                    return u"answer %1 to %2"_s.arg(event.status)
                        .arg(QString::fromUtf8(event.request.first(event.request.indexOf(' '))));
                else if constexpr (std::is_same_v<T, SseEvent>)
                    return u"event %1 #%2 %3"_s.arg(
                        QString::fromUtf8(event.type), QString::fromUtf8(event.id), QString::fromUtf8(event.data));
                else if constexpr (std::is_same_v<T, ConnectionClosed>)
                    return event.closer == Closer::Server ? u"closed by the server"_s
                        : event.closer == Closer::Client  ? u"closed by the client"_s
                                                          : u"lost"_s;
                else
                    return u"other"_s;
            },
            record.event);
        lines.append(QString::number(record.connection) + u": "_s + what);
    }
    return lines;
}

} // namespace

class tst_EventSourceSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A chunked stream that ends mid-event: the finished events arrive, the unfinished one does not, and the
    // reconnection comes after the stream's retry with its last event id; a 204 then ends it for good.
    void reconnectsWithLastEventIdUntil204()
    {
        ScriptedServer server(
            {streamHead + "Transfer-Encoding: chunked\r\n\r\n"
                    + chunk("\xef\xbb\xbfretry: 100\nid: 7\nevent: tick\ndata: one\n\n") + chunk("data: unfinished\n"),
                "HTTP/1.1 204 No Content\r\n\r\n"},
            ScriptedServer::Close::AfterEachAnswer);
        TrafficLog log;
        EventSourceSession session(log);
        QSignalSpy events(&session, &EventSourceSession::eventReceived);
        QSignalSpy ended(&session, &EventSourceSession::ended);
        QVERIFY(session.open({server.url(u"/events?x=1"_s), "GET", {{"Authorization", "Bearer x"}}, {}}));
        QVERIFY(Test::waitUntil([&] { return session.state() == EventSourceSession::State::Closed; }));

        QCOMPARE(events.size(), 1);
        const auto event = events.first().first().value<Event>();
        QCOMPARE(event.type, u"tick");
        QCOMPARE(event.data, u"one");
        QCOMPARE(event.lastEventId, u"7");
        QCOMPARE(ended.size(), 2);
        QCOMPARE(ended.first().first().toString(), u"the server ended the stream; reconnecting in 0.1 s");
        QCOMPARE(ended.last().first().toString(), u"the server answered 204 No Content: it has no more events");
        QCOMPARE(server.requests.size(), 2);
        QVERIFY(server.requests.first().startsWith("GET /events?x=1 HTTP/1.1\r\n"));
        QVERIFY(server.requests.first().contains("Accept: text/event-stream\r\nAuthorization: Bearer x\r\n")
            || server.requests.first().contains("Authorization: Bearer x\r\n"));
        QVERIFY(!server.requests.first().contains("Last-Event-ID"));
        QVERIFY(server.requests.last().contains("Last-Event-ID: 7\r\n"));

        // The monitor sees both connections of the session as it sees a server's streams.
        QCOMPARE(recordsOf(log, session.id()),
            QStringList({u"1: opened /events"_s, u"1: answer 200 to GET"_s, u"1: event tick #7 one"_s,
                u"1: closed by the server"_s, u"2: opened /events"_s, u"2: answer 204 to GET"_s,
                u"2: closed by the server"_s}));
    }

    void stopsForGoodWithASentence_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("why");
        QTest::newRow("404") << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                             << u"the server answered 404 Not Found"_s;
        // A redirect is not followed (see readHead); the sentence names where the stream went, resolved against the
        // address asked for ({server} is the scripted server's).
        QTest::newRow("redirect") << QByteArray("HTTP/1.1 308 Permanent Redirect\r\nLocation: ../v2/events?x=1\r\n"
                                                "Content-Length: 0\r\n\r\n")
                                  << u"the server answered 308 Permanent Redirect: it is at {server}/v2/events?x=1"_s;
        QTest::newRow("HTML") << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>")
                              << u"the answer is text/html, not text/event-stream"_s;
        QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << u"the answer is not HTTP: "_s;
        QTest::newRow("endless head") << QByteArray("HTTP/1.1 200 OK\r\nX-Pad: " + QByteArray(20000, 'a'))
                                      << u"the answer's head is over 16384 bytes"_s;
        QTest::newRow("broken chunks") << QByteArray(streamHead + "Transfer-Encoding: chunked\r\n\r\nzz\r\n")
                                       << u"the stream's chunks are broken: a chunk size that is not hexadecimal"_s;
    }
    void stopsForGoodWithASentence()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QString, why);
        ScriptedServer server({answer, answer}, ScriptedServer::Close::AfterEachAnswer);
        why.replace(u"{server}"_s, server.url(QString()).toString());
        TrafficLog log;
        EventSourceSession session(log);
        QSignalSpy ended(&session, &EventSourceSession::ended);
        QVERIFY(session.open({server.url(u"/events?x=1"_s), "GET", {}, {}}));
        QVERIFY(Test::waitUntil([&] { return !ended.isEmpty(); }));
        QVERIFY2(ended.first().first().toString().startsWith(why), qPrintable(ended.first().first().toString()));
        QCOMPARE(session.state(), EventSourceSession::State::Closed);
        QVERIFY(recordsOf(log, session.id()).last().endsWith(u"closed by the client"));
        QTest::qWait(200);
        QCOMPARE(server.requests.size(), 1); // never asked again
    }

    void onlyHttpAddresses()
    {
        TrafficLog log;
        EventSourceSession session(log);
        QString why;
        QVERIFY(!session.open({QUrl(u"ws://127.0.0.1:1/chat"_s), "GET", {}, {}}, &why));
        QCOMPARE(why, u"An event stream is at an http:// or https:// address, not \"ws://127.0.0.1:1/chat\".");
    }

    // Duplex's own room, as any other SSE server: its hello, a member's message, and the end a kick brings.
    void joinsTheRoomAsAnyServer()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        TrafficLog log;
        EventSourceSession session(log);
        QSignalSpy events(&session, &EventSourceSession::eventReceived);
        QSignalSpy ended(&session, &EventSourceSession::ended);
        QVERIFY(session.open({QUrl(u"http://127.0.0.1:%1/chat/events"_s.arg(server->port())), "GET", {}, {}}));
        QVERIFY(Test::waitUntil([&] { return !events.isEmpty(); }));
        QCOMPARE(events.first().first().value<Event>().type, u"hello");

        Test::JsonClient ann;
        QVERIFY(ann.open(Test::webSocketUrl(*server, u"/chat")));
        ann.sendJson({{u"type"_s, u"message"_s}, {u"text"_s, u"hi, stream"_s}});
        QVERIFY(Test::waitUntil([&] {
            return std::any_of(events.cbegin(), events.cend(),
                [](const QList<QVariant> &e) { return e.first().value<Event>().type == u"message"; });
        }));
        const auto message = std::find_if(events.cbegin(), events.cend(),
            [](const QList<QVariant> &e) { return e.first().value<Event>().type == u"message"; });
        QVERIFY(message->first().value<Event>().data.contains(u"hi, stream"_s));
        QCOMPARE(session.lastEventId(), message->first().value<Event>().lastEventId);

        const QStringList nicks = server->room()->nicknames();
        QVERIFY(server->room()->kick(nicks.first(), u"behave"_s));
        QVERIFY(Test::waitUntil([&] { return session.state() == EventSourceSession::State::Closed; }, 10000));
        QCOMPARE(ended.last().first().toString(), u"the server answered 204 No Content: it has no more events");
    }
};

QTEST_GUILESS_MAIN(tst_EventSourceSession)
#include "tst_eventsourcesession.moc"
