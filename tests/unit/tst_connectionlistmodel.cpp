// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/connectionlistmodel.h"
#include "support/scriptedroom.h"
#include "support/trafficevents.h"
#include "traffic/trafficlog.h"

using namespace Duplex;

namespace {

TrafficRecord opened(quint64 connection, const QString &peer, quint64 session = 0)
{
    return {100, connection, ConnectionOpened {peer, "/chat"}, session};
}

TrafficRecord handshake(quint64 connection, QByteArray response)
{
    return {200, connection, HandshakeExchanged {"GET /chat HTTP/1.1\r\n\r\n", std::move(response)}};
}

QString cell(const ConnectionListModel &model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

// Our client talking to our own room (connections 7 and 8), a room member who left (9) and a refused request.
void appendLiveConversation(TrafficLog &log)
{
    log.append({1, 7, ConnectionOpened {u"127.0.0.1:8080"_qs, "/echo", u"127.0.0.1:50000"_qs}, 1});
    log.append(opened(8, u"127.0.0.1:50000"_qs));
    log.append(opened(9, u"127.0.0.1:50002"_qs));
    log.append({2, 9, ConnectionClosed {}});
    log.append({3, 0, HttpExchange {"GET /nowhere HTTP/1.1\r\n\r\n", 404, "no such path", {}, 0}});
}

// What is known of that conversation once its closed connection and refused request are forgotten.
void expectTheOpenConversation(const ConnectionListModel &model)
{
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(7), 0);
    QCOMPARE(model.rowOf(8), 1);
    QCOMPARE(model.rowOf(9), std::nullopt);
    QVERIFY(model.isRoomEndOfOwnClient(8));
    QCOMPARE(model.label(0), u"client 1 → /echo · opening"_qs);
    QCOMPARE(model.connectionFrom(u"127.0.0.1:50000"_qs), 8u);
    QCOMPARE(model.connectionFrom(u"127.0.0.1:50002"_qs), 0u);
}

} // namespace

class tst_ConnectionListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aConnectionIsOneRowThroughItsLife()
    {
        ConnectionListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.observe(opened(3, u"127.0.0.1:41260"_qs));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(cell(model, 0, ConnectionListModel::ResultColumn), u"waiting for the handshake"_qs);
        model.observe(handshake(3, "HTTP/1.1 101 Switching Protocols\r\n\r\n"));
        model.observe({300, 3, Frame {}}); // frames are not the list's business
        model.observe({400, 3, ConnectionClosed {Closer::Client, 1000, "bye", true}});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(cell(model, 0, ConnectionListModel::IdColumn), u"#3"_qs);
        QCOMPARE(cell(model, 0, ConnectionListModel::PeerColumn), u"127.0.0.1:41260"_qs);
        QCOMPARE(cell(model, 0, ConnectionListModel::PathColumn), u"/chat"_qs);
        const QString result = cell(model, 0, ConnectionListModel::ResultColumn);
        QVERIFY2(result.startsWith(u"101 Switching Protocols · closed: 1000"), qPrintable(result));
        QCOMPARE(model.data(model.index(0, 0), ConnectionListModel::StatusRole).toInt(), 101);
        QCOMPARE(model.data(model.index(0, 0), ConnectionListModel::ConnectionRole).toULongLong(), 3u);
        QCOMPARE(model.connectionFrom(u"127.0.0.1:41260"_qs), 3u);
    }

    // Frames and events counted each way with their payloads' bytes, shown a pass of the event loop later for all
    // that a batch counted, in the traffic column alone.
    void countsWhatCrossedEachConnectionEachWay()
    {
        TrafficLog log;
        ConnectionListModel model;
        QAbstractItemModelTester tester(&model);
        model.follow(log);
        log.append(opened(1, u"127.0.0.1:40001"_qs));
        log.append(handshake(1, "HTTP/1.1 101 Switching Protocols\r\n\r\n"));
        log.append({300, 2, HttpExchange {"GET /chat/events HTTP/1.1\r\n\r\n", 200, {}, "HTTP/1.1 200 OK\r\n\r\n", 0}});
        log.append({300, 3, HttpExchange {"POST /chat/send HTTP/1.1\r\n\r\n", 200, {}, "HTTP/1.1 200 OK\r\n\r\n", 0}});
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

        log.append(Test::frameRecord(400, 1, Direction::ClientToServer, Opcode::text, "hello"));
        log.append(Test::frameRecord(401, 1, Direction::ServerToClient, Opcode::text, "hello"));
        log.append(Test::frameRecord(402, 1, Direction::ServerToClient, Opcode::ping, "beat"));
        TrafficRecord compressed = Test::frameRecord(403, 1, Direction::ServerToClient, Opcode::text, "xyz");
        std::get<Frame>(compressed.event).compressed = true;
        std::get<Frame>(compressed.event).inflatedLength = 2000;
        log.append(compressed);
        log.append({404, 2, SseEvent {"join", "4", QByteArray(1500, 'j')}});
        log.append(Test::frameRecord(405, 99, Direction::ClientToServer, Opcode::text, "nobody's")); // not listed
        QCOMPARE(changes.size(), 0); // not yet: once for the whole batch

        const ConnectionInfo &webSocket = model.at(*model.rowOf(1));
        QCOMPARE(webSocket.toServer.frames, 1);
        QCOMPARE(webSocket.toServer.bytes, 5);
        QCOMPARE(webSocket.toClient.frames, 3);
        QCOMPARE(webSocket.toClient.bytes, 5 + 4 + 2000); // the compressed one as it inflated
        const ConnectionInfo &stream = model.at(*model.rowOf(2));
        QCOMPARE(stream.toClient.frames, 1);
        QCOMPARE(stream.toClient.bytes, 1500);

        QVERIFY(changes.wait(1000));
        QCOMPARE(changes.size(), 1);
        const auto topLeft = changes.first().at(0).value<QModelIndex>();
        const auto bottomRight = changes.first().at(1).value<QModelIndex>();
        QVERIFY(ConnectionListModel::onlyTraffic(topLeft, bottomRight));
        QCOMPARE(topLeft.row(), *model.rowOf(1));
        QCOMPARE(bottomRight.row(), *model.rowOf(2));
        QCOMPARE(cell(model, *model.rowOf(1), ConnectionListModel::TrafficColumn),
            u"↑ 1 · 5 B  ↓ 3 · %1"_qs.arg(QLocale().formattedDataSize(2009, 1)));
        QCOMPARE(cell(model, *model.rowOf(3), ConnectionListModel::TrafficColumn), QString()); // its bodies are frames
    }

    void refusedRequestsAndClientSessionsGetRowsOfTheirOwn()
    {
        ConnectionListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.observe({10, 0, HttpExchange {"GET /nowhere HTTP/1.1\r\n\r\n", 404, "no such path", {}, 0}});
        model.observe({20, 0, HttpExchange {"GET /chat HTTP/1.1\r\n\r\n", 403, "origin", {}, 0}});
        model.observe(opened(5, u"127.0.0.1:8080"_qs, 2));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 0, ConnectionListModel::IdColumn), u"HTTP"_qs);
        QCOMPARE(cell(model, 0, ConnectionListModel::PathColumn), u"/nowhere"_qs);
        QCOMPARE(cell(model, 1, ConnectionListModel::ResultColumn), u"403 origin"_qs);
        QCOMPARE(cell(model, 2, ConnectionListModel::IdColumn), u"#5"_qs);
        QCOMPARE(cell(model, 2, ConnectionListModel::WhoColumn), u"client 2"_qs);
        QCOMPARE(model.data(model.index(2, 0), ConnectionListModel::SessionRole).toULongLong(), 2u);
        QCOMPARE(model.connectionFrom(u"127.0.0.1:8080"_qs), 0u); // a session's connection is not a member's
    }

    void namesConnectionsByWhoAndHowTheyStand()
    {
        ConnectionListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.observe(opened(3, u"127.0.0.1:41260"_qs));
        model.observe(handshake(3, "HTTP/1.1 101 Switching Protocols\r\n\r\n"));
        model.observe(opened(4, u"127.0.0.1:41262"_qs));
        QCOMPARE(model.label(0), u"#3 127.0.0.1:41260 · /chat · open"_qs); // nobody by that address yet
        QCOMPARE(model.label(1), u"#4 127.0.0.1:41262 · /chat · opening"_qs);
        QCOMPARE(model.who(4), u"127.0.0.1:41262"_qs); // the frames table and the heartbeat chart tell it apart
        QCOMPARE(model.who(5), QString());

        Test::ScriptedRoom room;
        model.nameMembersOf(room);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        room.addMember({u"alice"_qs, u"127.0.0.1:41260"_qs, {}, u"ws"_qs});
        QCOMPARE(changed.size(), 1); // only alice's row
        QCOMPARE(changed.first().first().toModelIndex().row(), 0);
        QCOMPARE(model.label(0), u"alice · /chat · open"_qs);
        QCOMPARE(model.who(3), u"alice"_qs);
        QCOMPARE(cell(model, 0, ConnectionListModel::WhoColumn), u"alice"_qs);
        QVERIFY(model.data(model.index(0, 0), ConnectionListModel::OpenRole).toBool());
        room.addMember({u"bob"_qs, u"127.0.0.1:41262"_qs, {}, u"ws"_qs});
        room.renameMember(u"alice"_qs, u"ada"_qs);
        QCOMPARE(model.label(0), u"ada · /chat · open"_qs);
        room.kick(u"bob"_qs, {}); // his connection is still open a moment, nobody's now
        QCOMPARE(model.label(1), u"#4 127.0.0.1:41262 · /chat · opening"_qs);
        room.start({});
        room.stop();
        QCOMPARE(model.label(0), u"#3 127.0.0.1:41260 · /chat · open"_qs);
        room.addMember({u"alice"_qs, u"127.0.0.1:41260"_qs, {}, u"ws"_qs});

        model.observe({3, 3, ConnectionClosed {Closer::Client, 1000, "bye", true}});
        QCOMPARE(model.label(0), u"alice · /chat · closed 1000"_qs);
        QVERIFY(!model.data(model.index(0, 0), ConnectionListModel::OpenRole).toBool());
        model.observe({4, 4, ConnectionClosed {}});
        QCOMPARE(model.label(1), u"#4 127.0.0.1:41262 · /chat · lost"_qs);
    }

    // A member over HTTP may come on a connection a request: each is named, the first and the latest few, and all
    // are nobody's once the member goes.
    void namesEachConnectionOfAMemberOverHttp()
    {
        ConnectionListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Test::ScriptedRoom room;
        model.nameMembersOf(room);
        const auto peer = [](int connection) { return u"127.0.0.1:%1"_qs.arg(40000 + connection); };
        constexpr int connections = ConnectionListModel::maxAddressesOfMember + 4;
        for (int connection = 1; connection <= connections; ++connection)
            model.observe(opened(quint64(connection), peer(connection)));
        room.addMember({u"poller"_qs, peer(1), {}, u"long-poll"_qs});
        Q_EMIT room.memberReached(u"poller"_qs, peer(2));
        Q_EMIT room.memberReached(u"nobody"_qs, peer(3)); // gone before the news came
        QCOMPARE(model.who(1), u"poller"_qs);
        QCOMPARE(model.who(2), u"poller"_qs);
        QCOMPARE(model.who(3), peer(3));

        room.renameMember(u"poller"_qs, u"pat"_qs);
        QCOMPARE(model.who(1), u"pat"_qs);
        QCOMPARE(model.who(2), u"pat"_qs);
        for (int connection = 3; connection <= connections; ++connection)
            Q_EMIT room.memberReached(u"pat"_qs, peer(connection));
        QCOMPARE(model.who(1), u"pat"_qs); // where it joined
        for (int connection = 2; connection <= connections; ++connection)
            QCOMPARE(model.who(quint64(connection)),
                connection > connections - ConnectionListModel::maxAddressesOfMember + 1 ? u"pat"_qs
                                                                                         : peer(connection));

        room.kick(u"pat"_qs, {});
        for (int connection = 1; connection <= connections; ++connection)
            QCOMPARE(model.who(quint64(connection)), peer(connection));

        // A port used again by someone else stays theirs when the one before goes.
        room.addMember({u"ann"_qs, peer(1), {}, u"poll"_qs});
        Q_EMIT room.memberReached(u"ann"_qs, peer(2));
        room.addMember({u"bo"_qs, peer(2), {}, u"ws"_qs});
        room.kick(u"ann"_qs, {});
        QCOMPARE(model.who(2), u"bo"_qs);
    }

    void ourClientTalkingToOurRoomIsOneConversation()
    {
        ConnectionListModel model;
        QSignalSpy paired(&model, &ConnectionListModel::endsPaired);
        // Our client's end (session 1, our port 50000) opens before the room's end records it, or after: both pair.
        model.observe({1, 7, ConnectionOpened {u"127.0.0.1:8080"_qs, "/echo", u"127.0.0.1:50000"_qs}, 1});
        model.observe(opened(8, u"127.0.0.1:50000"_qs));
        model.observe(opened(9, u"127.0.0.1:50002"_qs));
        model.observe({2, 10, ConnectionOpened {u"127.0.0.1:8080"_qs, "/echo", u"127.0.0.1:50002"_qs}, 2});
        QCOMPARE(paired.size(), 2);
        QCOMPARE(paired.first(), (QVariantList {7u, 8u}));
        QCOMPARE(paired.last(), (QVariantList {10u, 9u}));
        QVERIFY(model.isRoomEndOfOwnClient(8));
        QVERIFY(model.isRoomEndOfOwnClient(9));
        QVERIFY(!model.isRoomEndOfOwnClient(7)); // the client's end is the one that shows
        QCOMPARE(model.label(*model.rowOf(7)), u"client 1 → /echo · opening"_qs);
        QCOMPARE(model.label(*model.rowOf(8)), u"#8 127.0.0.1:50000 · /chat · opening · the room's end of client 1"_qs);

        // A stranger from an address our client used before, once that conversation ended, is nobody's other end.
        model.observe({3, 8, ConnectionClosed {}});
        model.observe(opened(11, u"127.0.0.1:50000"_qs));
        QVERIFY(!model.isRoomEndOfOwnClient(11));
    }

    // A connection our relay carries is named by the client it is carried for, and pairs with our room's end when
    // the room is where it goes.
    void aRelayedConnectionIsNamedByItsClient()
    {
        ConnectionListModel model;
        model.observe(
            {1, 3, ConnectionOpened {u"127.0.0.1:8080"_qs, "/chat", u"127.0.0.1:50004"_qs, u"127.0.0.1:41000"_qs}, 2});
        model.observe(opened(4, u"127.0.0.1:50004"_qs));
        QCOMPARE(model.label(0), u"relay for 127.0.0.1:41000 → /chat · opening"_qs);
        QCOMPARE(model.who(3), u"relay for 127.0.0.1:41000"_qs);
        QVERIFY(model.isRoomEndOfOwnClient(4));
        QCOMPARE(model.who(4), u"relay for 127.0.0.1:41000, the room's end"_qs);

        // In intercept mode the client's own connection to the relay is a second one, named by the client.
        model.observe({2, 5,
            ConnectionOpened {u"127.0.0.1:41000"_qs, "/chat", u"127.0.0.1:8091"_qs, {}, u"127.0.0.1:8080"_qs}, 2});
        QCOMPARE(model.label(*model.rowOf(5)), u"relayed client 127.0.0.1:41000 → /chat · opening"_qs);
    }

    // Clear Monitor forgets the records, not the live connections still open: their rows, addresses and pairs stay,
    // and what they record next updates them.
    void aLiveClearKeepsTheConnectionsStillOpen()
    {
        TrafficLog log;
        ConnectionListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.follow(log);
        appendLiveConversation(log);
        QCOMPARE(model.rowCount(), 4);
        log.append(Test::frameRecord(5, 8, Direction::ClientToServer, Opcode::text, "before the clear"));
        QCOMPARE(model.at(*model.rowOf(8)).toServer.frames, 1);

        log.clear(TrafficLog::Clearing::ToLive);
        expectTheOpenConversation(model);
        QCOMPARE(model.at(*model.rowOf(8)).toServer.frames, 0); // as the frames table, counted afresh
        log.append({4, 7, ConnectionClosed {}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.label(0), u"client 1 → /echo · lost"_qs);

        log.clear(TrafficLog::Clearing::ToLive);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf(8), 0);
    }

    // A capture file's rows put the live connections still open aside, since the file's ids may be theirs; going
    // back to live traffic brings them back, however many files were shown meanwhile.
    void aCapturePutsTheLiveConnectionsAside()
    {
        TrafficLog log;
        ConnectionListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.follow(log);
        appendLiveConversation(log);

        log.clear(TrafficLog::Clearing::ToCapture);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.rowOf(7), std::nullopt);
        QCOMPARE(model.connectionFrom(u"127.0.0.1:50000"_qs), 0u);
        log.append(opened(7, u"192.0.2.1:40000"_qs)); // the file's connection 7, a stranger
        QVERIFY(!model.isRoomEndOfOwnClient(8));
        QCOMPARE(model.label(0), u"#7 192.0.2.1:40000 · /chat · opening"_qs);
        log.clear(TrafficLog::Clearing::ToCapture); // another file
        log.append(opened(8, u"192.0.2.2:40000"_qs));
        log.clear(TrafficLog::Clearing::ToCapture); // Clear Monitor while a file is shown
        QCOMPARE(model.rowCount(), 0);

        log.clear(TrafficLog::Clearing::ToLive);
        expectTheOpenConversation(model);
        log.append({5, 7, ConnectionClosed {}});
        log.clear(TrafficLog::Clearing::ToLive); // what was put aside came back once
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf(8), 0);
    }
    void dropsTheOldestRowsBeyondItsCapacity()
    {
        ConnectionListModel model(3);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (quint64 id = 1; id <= 5; ++id)
            model.observe(opened(id, u"127.0.0.1:%1"_qs.arg(id)));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOf(1), std::nullopt);
        QCOMPARE(model.rowOf(3), 0);
        QCOMPARE(model.rowOf(5), 2);
        // A record of a kept connection updates its row; one of a dropped connection starts a new row at the end.
        model.observe({900, 4, ConnectionClosed {}});
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.data(model.index(1, ConnectionListModel::ResultColumn)).toString().contains(u"closed"));
        model.observe({950, 1, ConnectionClosed {}});
        QCOMPARE(model.rowOf(1), 2);
        QCOMPARE(model.rowOf(3), std::nullopt);
        model.clear(TrafficLog::Clearing::ToCapture);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.rowOf(5), std::nullopt);
        QCOMPARE(model.connectionFrom(u"127.0.0.1:5"_qs), 0u);
    }
};

QTEST_GUILESS_MAIN(tst_ConnectionListModel)
#include "tst_connectionlistmodel.moc"
