// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractItemModelTester>
#include <QElapsedTimer>
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
        QTRY_COMPARE(model.rowCount(), 2);
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
        QTRY_COMPARE(model.data(model.index(1, 0), MemberListModel::NickRole).toString(), u"robert"_qs);
        room.kick(u"ada"_qs, {});
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, MemberListModel::NickColumn)).toString(), u"robert"_qs);
    }

    // Members come and go one row at a time, so that a view keeps its place (and the member chosen to kick);
    // stopping the room empties the list at once.
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
            room.addMember({nick, u"127.0.0.1:500%1"_qs.arg(room.members().size()), {}, u"ws"_qs});
        QTRY_COMPARE(inserted.size(), 3);
        QCOMPARE(inserted.last().at(1).toInt(), 2);
        room.kick(u"bob"_qs, {});
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 1);
        room.renameMember(u"cy"_qs, u"cyd"_qs);
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toModelIndex(), model.index(1, MemberListModel::NickColumn));
        QCOMPARE(model.data(model.index(1, MemberListModel::NickColumn)).toString(), u"cyd"_qs);
        QCOMPARE(reset.size(), 0);
        room.kick(u"ada"_qs, {}); // not applied yet when the room stops
        room.stop();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 0);
        QTest::qWait(int(2 * MemberListModel::rowsRefresh.count()));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(removed.size(), 1);
    }

    // Each change repaints the table: a member alone shows at once, a crowd coming or going a few times a second,
    // in the order the room saw it.
    void aCrowdIsFollowedAFewTimesASecond()
    {
        Members list;
        auto &[room, connections, heartbeats, model, tester] = list;
        room.start({});
        QList<qint64> changedAt; // ms since the first change, once per batch: changes made without the event loop
        QElapsedTimer clock;     // coming round in between
        bool inBatch = false;
        const auto noteChange = [&, &model = model] {
            if (std::exchange(inBatch, true))
                return;
            if (changedAt.isEmpty())
                clock.start();
            changedAt.append(clock.elapsed());
            QTimer::singleShot(0, &model, [&inBatch] { inBatch = false; });
        };
        connect(&model, &QAbstractItemModel::rowsInserted, noteChange);
        connect(&model, &QAbstractItemModel::rowsRemoved, noteChange);
        connect(&model, &QAbstractItemModel::dataChanged, noteChange);
        const auto nickAt
            = [&model = model](int row) { return model.data(model.index(row, MemberListModel::NickColumn)); };

        room.addMember({u"m0"_qs, u"127.0.0.1:5000"_qs, {}, u"ws"_qs});
        QCOMPARE(model.rowCount(), 1); // alone: at once
        // 300 come and half of them go, some renamed, over about half a second.
        constexpr int crowd = 300;
        for (int i = 1; i <= crowd; ++i) {
            room.addMember({u"m%1"_qs.arg(i), u"127.0.0.1:%1"_qs.arg(5000 + i), {}, u"ws"_qs});
            if (i % 2 == 0)
                room.kick(u"m%1"_qs.arg(i - 1), {});
            if (i % 10 == 0)
                room.renameMember(u"m%1"_qs.arg(i), u"renamed%1"_qs.arg(i));
            if (i % 30 == 0 && i < crowd)
                QTest::qWait(50);
        }
        QVERIFY(nickAt(model.rowCount() - 1) != u"renamed300"_qs); // the latest wait for the interval's end
        QTRY_COMPARE(model.rowCount(), room.members().size());
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(nickAt(row).toString(), room.members().at(row).nick);
        QCOMPARE(nickAt(150).toString(), u"renamed300"_qs);
        // Changes at most once an interval (a coarse timer may come 5 % early), not after each pause of the crowd.
        QCOMPARE_GE(changedAt.size(), 3);
        for (qsizetype i = 1; i < changedAt.size(); ++i)
            QCOMPARE_GE(changedAt.at(i) - changedAt.at(i - 1), MemberListModel::rowsRefresh.count() * 9 / 10);
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
