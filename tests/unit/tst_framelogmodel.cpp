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

    void showsSseEventsAndHttpBodiesBesideFrames()
    {
        FrameLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append({10, 1, textFrame("over ws")});
        model.append({20, 2, SseEvent {"message", "42", "over sse"}});
        const QByteArray poll = "GET /chat/poll?since=4 HTTP/1.1\r\nHost: x\r\n\r\n";
        const QByteArray answer = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n[\"poll\"]";
        model.append({3'000'030, 3, HttpExchange {poll, 200, {}, answer, 3'000'000}});
        const QByteArray send = "POST /chat/send HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nsaid";
        model.append({40, 3, HttpExchange {send, 204, {}, "HTTP/1.1 204 No Content\r\n\r\n", 10}});
        model.append({50, 0, HttpExchange {"GET /nowhere HTTP/1.1\r\n\r\n", 404, "Not found.", {}, 0}});
        model.flush();
        QCOMPARE(model.rowCount(), 5); // the refusal is no conversation: it is not a row
        const auto cell = [&model](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(cell(0, FrameLogModel::CarrierColumn), u"WebSocket");
        QCOMPARE(cell(1, FrameLogModel::CarrierColumn), u"SSE");
        QCOMPARE(cell(1, FrameLogModel::OpcodeColumn), u"event: message · id 42");
        QCOMPARE(cell(1, FrameLogModel::FinColumn), QString()); // frame fields mean nothing here
        QCOMPARE(cell(1, FrameLogModel::PayloadColumn), u"over sse");
        QCOMPARE(model.wireAt(1), "event: message\nid: 42\ndata: over sse\n\n");
        QCOMPARE(cell(2, FrameLogModel::CarrierColumn), u"HTTP");
        QCOMPARE(cell(2, FrameLogModel::OpcodeColumn), u"200 /chat/poll · held 3.00 s");
        QCOMPARE(cell(2, FrameLogModel::PayloadColumn), u"[\"poll\"]");
        QCOMPARE(cell(2, FrameLogModel::LengthColumn), u"8");
        QCOMPARE(model.wireAt(2), answer);
        QCOMPARE(cell(3, FrameLogModel::OpcodeColumn), u"POST /chat/send");
        QCOMPARE(cell(3, FrameLogModel::DirectionColumn), u"client → server");
        QCOMPARE(cell(3, FrameLogModel::PayloadColumn), u"said");
        QCOMPARE(cell(4, FrameLogModel::OpcodeColumn), u"204 /chat/send");
        QVERIFY(!model.index(1, 0).data(FrameLogModel::OpcodeRole).isValid()); // an opcode filter skips them
    }

    void longEventsAndBodiesAreKeptWhole()
    {
        TrafficLog log;
        FrameLogModel model;
        model.follow(log);
        const QByteArray data(5000, 'e');
        log.append({-1, 1, SseEvent {"message", "7", data}});
        const QByteArray body(70'000, 'b');
        const QByteArray send = "POST /chat/send HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" + body;
        log.append({-1, 2, HttpExchange {send, 413, {}, "HTTP/1.1 413 Content Too Large\r\n\r\n", 0}});
        QCOMPARE(std::get<SseEvent>(log.records()[0].event).data, data);
        QCOMPARE(std::get<HttpExchange>(log.records()[1].event).request, send);
        model.flush();
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, FrameLogModel::LengthColumn).data().toString(), u"5000");
        QCOMPARE(model.frameAt(0).payload, data);
        QCOMPARE(model.index(1, FrameLogModel::LengthColumn).data().toString(), u"70000");
        QCOMPARE(model.frameAt(1).payload, body);
    }

    void aMemoryBudgetDropsTheOldestPayloadsFirst()
    {
        TrafficLog log;
        log.setPayloadBudget(10'000);
        FrameLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPayloadBudget(10'000);
        model.follow(log);
        Frame ping;
        ping.opcode = ping.messageOpcode = Opcode::ping;
        ping.payload = "still here";
        ping.payloadLength = 10;
        log.append({-1, 1, ping});
        for (char c = 'a'; c <= 'e'; ++c)
            log.append({-1, 1, textFrame(QByteArray(4000, c))});
        // The log: the three oldest messages lost their bytes, not their lengths; the newest two and the ping stay.
        QCOMPARE(log.droppedPayloads(), 3);
        QVERIFY(log.heldPayloadBytes() <= 10'000);
        for (size_t i = 1; i <= 5; ++i) {
            const TrafficRecord &record = log.records()[i];
            const auto &frame = std::get<Frame>(record.event);
            QCOMPARE(record.payloadDropped, i <= 3);
            QCOMPARE(frame.payload.size(), i <= 3 ? 0 : 4000);
            QCOMPARE(frame.payloadLength, quint64(4000));
        }
        QCOMPARE(std::get<Frame>(log.records()[0].event).payload, "still here"); // control frames are never dropped

        // The table applies the same budget to the bytes it shares with the log, and says where they are missing.
        model.flush();
        QCOMPARE(model.rowCount(), 6);
        QVERIFY(model.isPayloadDropped(1));
        QVERIFY(!model.isPayloadDropped(4));
        QCOMPARE(model.index(1, FrameLogModel::PayloadColumn).data().toString(), u"payload dropped: memory budget");
        QCOMPARE(model.index(1, FrameLogModel::LengthColumn).data().toString(), u"4000");
        QCOMPARE(model.index(5, FrameLogModel::PayloadColumn).data().toString(), QString(80, u'e'));
        QCOMPARE(model.frameAt(5).payload, QByteArray(4000, 'e'));

        // A smaller budget takes more at once, and the views hear which rows changed.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setPayloadBudget(4000);
        QVERIFY(model.isPayloadDropped(4));
        QVERIFY(!model.isPayloadDropped(5));
        QCOMPARE(changed.size(), 1);
        QVERIFY(changed.first().at(1).toModelIndex().row() >= 4);
        log.setPayloadBudget(4000);
        QCOMPARE(log.droppedPayloads(), 4);

        // Clearing forgets what was held: a new log's worth fits again.
        log.clear(TrafficLog::Clearing::ToCapture);
        QCOMPARE(log.heldPayloadBytes(), 0);
        log.append({-1, 1, textFrame(QByteArray(4000, 'f'))});
        QCOMPARE(log.heldPayloadBytes(), 4000);
    }

    void aPayloadDroppedUpstreamShowsAsDropped()
    {
        FrameLogModel model;
        TrafficRecord record {1, 1, textFrame({})};
        std::get<Frame>(record.event).payloadLength = 5000;
        record.payloadDropped = true; // by the network thread's queue, or in a saved capture
        model.append(record);
        model.flush();
        QVERIFY(model.isPayloadDropped(0));
        QCOMPARE(model.index(0, FrameLogModel::PayloadColumn).data().toString(), u"payload dropped: memory budget");
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
