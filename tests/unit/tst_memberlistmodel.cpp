// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractItemModelTester>
#include <QTest>

#include "models/connectionlistmodel.h"
#include "models/heartbeattracker.h"
#include "models/memberlistmodel.h"

using namespace Duplex;

namespace {

// A room whose members the test sets: the model sees only the RoomHost interface.
class ScriptedRoom final : public RoomHost
{
public:
    bool start(const ServerConfig &) override { return true; }
    void stop() override { }
    void kick(const QString &nick, const QString &) override { removeMember(nick); }
    void setPingInterval(std::chrono::milliseconds) override { }
    using RoomHost::addMember;
    using RoomHost::renameMember;
};

TrafficRecord control(qint64 timeUs, quint64 connection, Direction direction, quint8 opcode)
{
    Frame frame;
    frame.direction = direction;
    frame.opcode = opcode;
    frame.payload = "beat";
    return {timeUs, connection, frame};
}

} // namespace

class tst_MemberListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsMembersWithTheirLatestRoundTrip()
    {
        ScriptedRoom room;
        ConnectionListModel connections;
        HeartbeatTracker heartbeats;
        MemberListModel model(room, connections, heartbeats);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
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
};

QTEST_GUILESS_MAIN(tst_MemberListModel)
#include "tst_memberlistmodel.moc"
