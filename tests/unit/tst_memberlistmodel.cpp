// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/connectionlistmodel.h"
#include "models/heartbeattracker.h"
#include "models/memberlistmodel.h"
#include "support/scriptedroom.h"

using namespace Duplex;

namespace {

TrafficRecord control(qint64 timeUs, quint64 connection, Direction direction, quint8 opcode)
{
    Frame frame;
    frame.direction = direction;
    frame.opcode = opcode;
    frame.payload = "beat";
    return {timeUs, connection, frame};
}

// A member list and what it reads, checked by Qt's model tester throughout.
struct Members
{
    Test::ScriptedRoom room;
    ConnectionListModel connections;
    HeartbeatTracker heartbeats;
    MemberListModel model {room, connections, heartbeats};
    QAbstractItemModelTester tester {&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
};

} // namespace

class tst_MemberListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsMembersWithTheirLatestRoundTrip()
    {
        Members list;
        auto &[room, connections, heartbeats, model, tester] = list;
        QCOMPARE(model.rowCount(), 0);

        room.addMember({u"ada"_qs, u"127.0.0.1:5001"_qs, QDateTime::currentDateTime(), u"ws"_qs});
        room.addMember({u"bob"_qs, u"127.0.0.1:5002"_qs, QDateTime::currentDateTime(), u"sse"_qs});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0, MemberListModel::NickColumn)).toString(), u"ada"_qs);
        QCOMPARE(model.data(model.index(1, MemberListModel::PeerColumn)).toString(), u"127.0.0.1:5002"_qs);
        QCOMPARE(model.data(model.index(1, MemberListModel::TransportColumn)).toString(), u"sse"_qs);
        QCOMPARE(model.data(model.index(0, MemberListModel::RoundTripColumn)).toString(), u"no ping yet"_qs);
        QVERIFY(!model.data(model.index(0, 0), MemberListModel::RoundTripUsRole).isValid());

        // ada's connection (named by her address) answers a ping in 1.5 ms.
        connections.observe({0, 7, ConnectionOpened {u"127.0.0.1:5001"_qs, "/chat"}});
        heartbeats.observe(control(1000, 7, Direction::ServerToClient, Opcode::ping));
        heartbeats.observe(control(2500, 7, Direction::ClientToServer, Opcode::pong));
        QCOMPARE(model.data(model.index(0, 0), MemberListModel::RoundTripUsRole).toLongLong(), 1500);
        QCOMPARE(model.data(model.index(0, MemberListModel::RoundTripColumn)).toString(), u"1.50 ms"_qs);
        QCOMPARE(model.data(model.index(1, MemberListModel::RoundTripColumn)).toString(), u"no pings over sse"_qs);

        room.renameMember(u"bob"_qs, u"robert"_qs);
        QCOMPARE(model.data(model.index(1, 0), MemberListModel::NickRole).toString(), u"robert"_qs);
        room.kick(u"ada"_qs, {});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, MemberListModel::NickColumn)).toString(), u"robert"_qs);
    }

    // Members come and go one row at a time, so that a view keeps its place (and the member chosen to kick) and
    // a room of a thousand is not gone over at each arrival; stopping the room empties the list at once.
    void followsMembersOneAtATime()
    {
        Members list;
        auto &[room, connections, heartbeats, model, tester] = list;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        room.start({});
        for (const QString &nick : {u"ada"_qs, u"bob"_qs, u"cy"_qs})
            room.addMember({nick, u"127.0.0.1:500%1"_qs.arg(inserted.size()), {}, u"ws"_qs});
        QCOMPARE(inserted.size(), 3);
        QCOMPARE(inserted.last().at(1).toInt(), 2);
        room.kick(u"bob"_qs, {});
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 1);
        room.renameMember(u"cy"_qs, u"cyd"_qs);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toModelIndex(), model.index(1, MemberListModel::NickColumn));
        QCOMPARE(model.data(model.index(1, MemberListModel::NickColumn)).toString(), u"cyd"_qs);
        QCOMPARE(reset.size(), 0);
        room.stop();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 0);
    }

    // Round trips are redrawn for many answers at once: a room of a thousand answers a ping every few
    // milliseconds, and each redraw measures the column.
    void roundTripsAreRedrawnAFewTimesASecond()
    {
        Members list;
        auto &[room, connections, heartbeats, model, tester] = list;
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        constexpr int members = 20;
        for (int i = 0; i < members; ++i) {
            const QString peer = u"127.0.0.1:%1"_qs.arg(5000 + i);
            room.addMember({u"m%1"_qs.arg(i), peer, {}, u"ws"_qs});
            connections.observe({0, quint64(i + 1), ConnectionOpened {peer, "/chat"}});
        }
        for (int i = 0; i < members; ++i) {
            heartbeats.observe(control(1000, quint64(i + 1), Direction::ServerToClient, Opcode::ping));
            heartbeats.observe(control(2000 + i, quint64(i + 1), Direction::ClientToServer, Opcode::pong));
        }
        QCOMPARE(changed.size(), 0);
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex(), model.index(0, MemberListModel::RoundTripColumn));
        QCOMPARE(changed.first().at(1).toModelIndex(), model.index(members - 1, MemberListModel::RoundTripColumn));
        QCOMPARE(
            model.data(model.index(members - 1, 0), MemberListModel::RoundTripUsRole).toLongLong(), 1000 + members - 1);
        QTest::qWait(int(2 * MemberListModel::roundTripRefresh.count()));
        QCOMPARE(changed.size(), 1); // nothing new, nothing redrawn
    }
};

QTEST_GUILESS_MAIN(tst_MemberListModel)
#include "tst_memberlistmodel.moc"
