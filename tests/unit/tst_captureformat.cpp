// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QBuffer>
#include <QTest>

#include "traffic/captureformat.h"
#include "traffic/trafficlog.h"

using namespace Duplex;

class tst_CaptureFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyKindOfRecordSurvivesTheRoundTrip()
    {
        Frame frame;
        frame.direction = Direction::ServerToClient;
        frame.fin = false;
        frame.rsv1 = frame.compressed = true;
        frame.opcode = frame.messageOpcode = Opcode::text;
        frame.payloadLength = 70'000;
        frame.lengthBits = 64;
        frame.headerSize = 10;
        frame.payload = QByteArray("\x00\xff\x80 bytes", 9);
        frame.inflated = "text";
        frame.inflatedLength = 140'000;
        Frame close;
        close.opcode = close.messageOpcode = Opcode::close;
        close.masked = true;
        close.maskingKey = 0x0000abcd;
        close.closeCode = 4000;
        close.closeReason = "état";
        const QList<TrafficRecord> records {{1, 1, ConnectionOpened {u"[::1]:5000"_qs, "/chat"}},
            {2, 1, HandshakeExchanged {"GET /chat HTTP/1.1\r\nX: \xe9\r\n\r\n", "HTTP/1.1 101 OK\r\n\r\n"}},
            {3, 1, frame}, {4, 1, close},
            {5, 1, ProtocolViolation {Direction::ClientToServer, {1007, "invalid UTF-8"}}},
            {6, 1, ConnectionClosed {Closer::Guard, 1007, "invalid UTF-8", false}},
            {7, 0, HttpExchange {"GET /x HTTP/1.1\r\n\r\n", 404, "Not found.", "HTTP/1.1 404 Not Found\r\n\r\n", 1500}},
            {8, 2, ConnectionOpened {u"127.0.0.1:80"_qs, "/"}, 3}, // of a client session
            {9, 4, SseEvent {"message", "42", "{\"text\":\"é\"}\nline two"}},
            {10, 4, SseEvent {"message", "43", QByteArray(1024, 'x'), 5000}}, // kept in part, as version 2 did
            {11, 4, SseEvent {"message", "44", {}, 3000}, 0, true},           // the memory budget took its data
            {12, 5, ConnectionOpened {u"[::1]:443"_qs, "/ws", u"[::1]:40000"_qs, u"127.0.0.1:50000"_qs}, 6}, // relayed
            {13, 6, ConnectionOpened {u"127.0.0.1:50000"_qs, "/ws", u"127.0.0.1:8091"_qs, {}, u"[::1]:443"_qs},
                6}}; // the client's connection to an intercepting relay

        QByteArray file = CaptureFormat::headerLine(QDateTime::currentDateTimeUtc());
        for (const TrafficRecord &record : records)
            file += CaptureFormat::recordLine(record);
        QBuffer buffer(&file);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        TrafficLog log;
        const CaptureFormat::Reading reading = CaptureFormat::read(buffer, log);
        QVERIFY2(reading, qPrintable(reading.error));
        QCOMPARE(reading.skipped, 0);
        QCOMPARE(qsizetype(log.records().size()), records.size());
        // Written again, every record gives the same line: nothing was lost on the way.
        for (qsizetype i = 0; i < records.size(); ++i)
            QCOMPARE(CaptureFormat::recordLine(log.records()[size_t(i)]), CaptureFormat::recordLine(records[i]));
        const auto &loaded = std::get<Frame>(log.records()[2].event);
        QCOMPARE(loaded.payload, frame.payload);
        QCOMPARE(loaded.payloadLength, quint64(70'000));
        QCOMPARE(std::get<HandshakeExchanged>(log.records()[1].event).request,
            std::get<HandshakeExchanged>(records[1].event).request); // a Latin-1 byte in a head, unchanged
        QCOMPARE(std::get<ConnectionClosed>(log.records()[5].event).closer, Closer::Guard);
        QCOMPARE(log.records()[0].session, 0);
        QCOMPARE(log.records()[7].session, 3);
        QCOMPARE(std::get<SseEvent>(log.records()[9].event).length(), 5000);
        QVERIFY(log.records()[10].payloadDropped);
        QCOMPARE(std::get<SseEvent>(log.records()[10].event).length(), 3000);
        QCOMPARE(std::get<ConnectionOpened>(log.records()[11].event).relayedFor, u"127.0.0.1:50000"_qs);
        QCOMPARE(std::get<ConnectionOpened>(log.records()[12].event).relayedTo, u"[::1]:443"_qs);
    }

    void readsVersionOneFiles()
    {
        QByteArray file
            = R"({"format":"duplex-capture","version":1,"started":"2026-11-24T02:00:57.499Z"})"
              "\n"
              R"({"t":7,"conn":0,"type":"http","request":"GET /x HTTP/1.1\r\n\r\n","status":404,"reason":"no"})"
              "\n";
        QBuffer buffer(&file);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        TrafficLog log;
        const CaptureFormat::Reading reading = CaptureFormat::read(buffer, log);
        QVERIFY2(reading, qPrintable(reading.error));
        const auto &exchange = std::get<HttpExchange>(log.records().front().event);
        QCOMPARE(exchange.status, 404);
        QVERIFY(exchange.response.isEmpty()); // a field version 2 added
    }

    void readsVersionTwoFilesWithTheirPayloadsCut()
    {
        const QByteArray start(1024, 'x'); // all a version 2 file kept of a 5000-byte message
        const QJsonObject frame {{u"t"_qs, 7}, {u"conn"_qs, 1}, {u"type"_qs, u"frame"_qs}, {u"from"_qs, u"server"_qs},
            {u"fin"_qs, true}, {u"opcode"_qs, 1}, {u"messageOpcode"_qs, 1}, {u"length"_qs, 5000},
            {u"payload"_qs, QString::fromLatin1(start.toBase64())}};
        QByteArray file = R"({"format":"duplex-capture","version":2,"started":"2026-11-24T02:00:57.499Z"})"
                          "\n"
            + QJsonDocument(frame).toJson(QJsonDocument::Compact) + '\n';
        QBuffer buffer(&file);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        TrafficLog log;
        const CaptureFormat::Reading reading = CaptureFormat::read(buffer, log);
        QVERIFY2(reading, qPrintable(reading.error));
        const TrafficRecord &record = log.records().front();
        QCOMPARE(std::get<Frame>(record.event).payload, start);
        QCOMPARE(std::get<Frame>(record.event).payloadLength, 5000u);
        QVERIFY(!record.payloadDropped); // cut by the old format, not dropped by a budget
    }

    // The records of a file count from the file's zero: saved again, they keep it; cleared, the log's clock is back.
    void aFileKeepsItsZero()
    {
        const QDateTime zero(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
        const QByteArray header = CaptureFormat::headerLine(zero);
        QByteArray file = header + R"({"t":7,"conn":1,"type":"open","peer":"127.0.0.1:1","path":"/echo"})" + '\n';
        QBuffer buffer(&file);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        TrafficLog log;
        const QDateTime clockZero = log.startedAt();
        QVERIFY2(CaptureFormat::read(buffer, log), "a capture");
        QCOMPARE(log.startedAt(), zero);

        QByteArray saved;
        QBuffer savedBuffer(&saved);
        QVERIFY(savedBuffer.open(QIODevice::WriteOnly));
        QVERIFY(CaptureFormat::write(savedBuffer, log));
        QVERIFY2(saved.startsWith(header), saved.constData());

        log.clear(TrafficLog::Clearing::ToLive);
        QCOMPARE(log.startedAt(), clockZero);
    }

    void refusesWhatItCannotRead_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("error");
        QTest::newRow("not a capture") << QByteArray("hello\n") << u"line 1: not a Duplex capture file"_qs;
        QTest::newRow("future version") << QByteArray(R"({"format":"duplex-capture","version":6})"
                                                      "\n")
                                        << u"line 1: capture format version 6 is not supported"_qs;
    }
    void refusesWhatItCannotRead()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, error);
        QBuffer buffer(&file);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        TrafficLog log;
        const CaptureFormat::Reading reading = CaptureFormat::read(buffer, log);
        QVERIFY(!reading);
        QCOMPARE(reading.error, error);
    }

    // A damaged line is skipped and counted, and the records around it still read.
    void skipsDamagedLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("why");
        QTest::newRow("broken JSON") << QByteArray("{\"t\":1,") << u"line 3: unterminated object"_qs;
        QTest::newRow("unknown type") << QByteArray(R"({"t":1,"conn":1,"type":"telepathy"})")
                                      << u"line 3: unknown record type \"telepathy\""_qs;
        QTest::newRow("no time") << QByteArray(R"({"conn":1,"type":"open"})")
                                 << u"line 3: a record needs numbers \"t\" and \"conn\""_qs;
        QTest::newRow("bad direction") << QByteArray(R"({"t":1,"conn":1,"type":"frame","from":"up"})")
                                       << u"line 3: \"from\" must be \"client\" or \"server\""_qs;
        QTest::newRow("binary garbage") << QByteArray("\x00\xff\xfe{{", 5) << u"line 3: illegal value"_qs;
    }
    void skipsDamagedLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, why);
        const QByteArray good = R"({"t":5,"conn":1,"type":"open","peer":"127.0.0.1:1","path":"/echo"})";
        QByteArray file = CaptureFormat::headerLine(QDateTime::currentDateTimeUtc()) + good + '\n' + line + '\n' + line
            + '\n' + good + '\n' + line; // the last one cut short, without its line break
        QBuffer buffer(&file);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        TrafficLog log;
        const CaptureFormat::Reading reading = CaptureFormat::read(buffer, log);
        QVERIFY(reading);
        QCOMPARE(reading.skipped, 3);
        QCOMPARE(reading.firstSkipped, why);
        QCOMPARE(log.records().size(), 2);
    }
};

QTEST_GUILESS_MAIN(tst_CaptureFormat)
#include "tst_captureformat.moc"
