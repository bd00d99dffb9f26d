// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/framelogmodel.h"
#include "traffic/trafficlog.h"

using namespace Duplex;

namespace {

Frame textFrame(const QByteArray &text)
{
    Frame frame;
    frame.messageOpcode = Opcode::text;
    frame.payload = text;
    frame.payloadLength = quint64(text.size());
    return frame;
}

} // namespace

class tst_FrameLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void insertsInBatchesAtEachFlush()
    {
        TrafficLog log;
        FrameLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.follow(log);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < 500; ++i)
            log.append({-1, 1, textFrame(QByteArray::number(i))});
        log.append({-1, 1, ConnectionClosed {}}); // not a frame: not a row
        QCOMPARE(model.rowCount(), 0);            // nothing until the flush
        QVERIFY(inserted.wait(1000));
        QCOMPARE(inserted.size(), 1); // one insertion for the whole burst
        QCOMPARE(model.rowCount(), 500);
        QCOMPARE(model.index(499, FrameLogModel::PayloadColumn).data().toString(), u"499");
    }

    void keepsTheLatestUpToItsCapacityAndCountsTheRest()
    {
        FrameLogModel model(100);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy dropped(&model, &FrameLogModel::droppedChanged);
        const auto appendFrames = [&](int first, int count) {
            for (int i = first; i < first + count; ++i)
                model.append({i, 1, textFrame(QByteArray::number(i))});
            model.flush();
        };
        appendFrames(0, 60);
        appendFrames(60, 60); // overflows the table by 20
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.dropped(), 20);
        QCOMPARE(model.index(0, FrameLogModel::PayloadColumn).data().toString(), u"20");
        appendFrames(120, 250); // overflows the queue itself before the flush
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.dropped(), 270);
        QCOMPARE(model.index(0, FrameLogModel::PayloadColumn).data().toString(), u"270");
        QCOMPARE(model.index(99, FrameLogModel::PayloadColumn).data().toString(), u"369");
        QCOMPARE(dropped.constLast().constFirst().value<qsizetype>(), 270);
    }

    void formatsEveryColumnAndGivesSemanticRoles()
    {
        FrameLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Frame close;
        close.direction = Direction::ClientToServer;
        close.opcode = close.messageOpcode = Opcode::close;
        close.masked = true;
        close.maskingKey = 0x37fa213d;
        close.payloadLength = 5;
        close.closeCode = 1000;
        close.closeReason = "bye";
        Frame binary;
        binary.direction = Direction::ServerToClient;
        binary.opcode = binary.messageOpcode = Opcode::binary;
        binary.rsv1 = true;
        binary.payload = QByteArray::fromHex("00ff10");
        binary.payloadLength = 70'000;
        binary.lengthBits = 64;
        model.append({1'500'042, 7, close});
        model.append({2'000'000, 7, binary});
        model.flush();

        const auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(cell(0, FrameLogModel::TimeColumn), u"1.500042");
        QCOMPARE(cell(0, FrameLogModel::ConnectionColumn), u"7");
        QCOMPARE(cell(0, FrameLogModel::OpcodeColumn), u"close");
        QCOMPARE(cell(0, FrameLogModel::MaskColumn), u"37fa213d");
        QCOMPARE(cell(0, FrameLogModel::PayloadColumn), u"1000 bye");
        QCOMPARE(cell(1, FrameLogModel::RsvColumn), u"100");
        QCOMPARE(cell(1, FrameLogModel::LengthColumn), u"70000");
        QCOMPARE(cell(1, FrameLogModel::PayloadColumn), u"00 ff 10 …");
        QCOMPARE(model.index(0, 0).data(FrameLogModel::ControlRole).toBool(), true);
        QCOMPARE(model.index(1, 0).data(FrameLogModel::ControlRole).toBool(), false);
        QCOMPARE(model.index(1, 0).data(FrameLogModel::DirectionRole).value<Direction>(), Direction::ServerToClient);
        QCOMPARE(model.index(1, 0).data(FrameLogModel::TimeUsRole).toLongLong(), 2'000'000);
        QCOMPARE(model.frameAt(1).payloadLength, quint64(70'000));
    }
};

QTEST_GUILESS_MAIN(tst_FrameLogModel)
#include "tst_framelogmodel.moc"
