// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The tap end to end: known frames from a raw socket, the capture file they produce, and the protocol guard.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "support/eventwait.h"
#include "support/jsonclient.h"
#include "support/rawpeers.h"
#include "support/testserver.h"
#include "support/trafficevents.h"
#include "traffic/captureformat.h"
#include "traffic/capturewriter.h"
#include "traffic/trafficlog.h"
#include "wire/frameencoder.h"
#include "wire/handshake.h"

using namespace Duplex;
using Duplex::Test::JsonClient;
using Duplex::Test::readFrames;
using Duplex::Test::waitUntil;

namespace {

QByteArray clientFrame(quint8 opcode, QByteArrayView payload, quint32 key, bool fin = true)
{
    return FrameEncoder::encode(payload, {.opcode = opcode, .fin = fin, .maskingKey = key});
}

QByteArray binaryPayload(qsizetype size)
{
    QByteArray payload(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        payload[i] = char(i % 251);
    return payload;
}

quint64 lastOpened(const TrafficLog &log)
{
    const auto opened = std::find_if(log.records().rbegin(), log.records().rend(),
        [](const TrafficRecord &record) { return std::holds_alternative<ConnectionOpened>(record.event); });
    return opened == log.records().rend() ? 0 : opened->connection;
}

} // namespace

class tst_WireTap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownFramesReachTheCaptureFileExactly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
        TrafficLog log;
        CaptureWriter writer(path);
        QVERIFY(writer.start(log));
        const auto server = Test::startServer(Test::loopbackConfig(), &log);
        QVERIFY(server);
        const auto socket = Test::openSilentWebSocket(server->port(), "/echo", 0);
        QVERIFY(socket);

        const QByteArray big = binaryPayload(70'000);
        socket->write(clientFrame(Opcode::text, "Hello", 0x37fa213d));
        socket->write(clientFrame(Opcode::text, "Hel", 0x01020304, false));
        socket->write(clientFrame(Opcode::continuation, "lo", 0x05060708));
        socket->write(clientFrame(Opcode::ping, "probe", 0x0a0b0c0d));
        socket->write(clientFrame(Opcode::binary, big, 0x11223344));
        socket->write(clientFrame(Opcode::close, FrameEncoder::closePayload(1000, "bye"), 0x55667788));

        // The echo: the fragmented message comes back whole, the ping as a pong, the close answered.
        const QList<Frame> answers = readFrames(*socket, 5);
        QCOMPARE(answers.size(), 5);
        QCOMPARE(answers[0].payload, "Hello");
        QCOMPARE(answers[1].payload, "Hello");
        QCOMPARE(answers[2].opcode, Opcode::pong);
        QCOMPARE(answers[2].payload, "probe");
        QCOMPARE(answers[3].payload, big);
        QCOMPARE(answers[4].closeCode, quint16(1000));
        QVERIFY(waitUntil([&] { return socket->state() == QAbstractSocket::UnconnectedState; }));
        QVERIFY(waitUntil([&] { return server->gateway()->openClients() == 0; })); // the connection is gone

        // Read the file back: it is the whole story of the connection.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        TrafficLog loaded;
        const CaptureFormat::Reading reading = CaptureFormat::read(file, loaded);
        QVERIFY2(reading, qPrintable(reading.error));
        QCOMPARE(loaded.records().size(), log.records().size());
        const quint64 id = loaded.records().front().connection;
        QCOMPARE(Test::eventsOf<ConnectionOpened>(loaded, id).constFirst().path, "/echo");

        const auto handshakes = Test::eventsOf<HandshakeExchanged>(loaded, id);
        QCOMPARE(handshakes.size(), 1);
        const Handshake::Verdict verdict = Handshake::check(
            *HttpHead::parseRequest(handshakes[0].request), *HttpHead::parseResponse(handshakes[0].response));
        QVERIFY(verdict.acceptValid());
        QVERIFY2(verdict.upgraded(), verdict.problems.join("; ").constData());

        QList<Frame> fromClient, fromServer;
        for (const Frame &frame : Test::eventsOf<Frame>(loaded, id))
            (frame.direction == Direction::ClientToServer ? fromClient : fromServer).append(frame);
        struct Expected
        {
            quint8 opcode;
            bool fin;
            quint32 key;
            quint64 length;
            quint8 lengthBits;
            quint8 headerSize;
        };
        const QList<Expected> sent {{Opcode::text, true, 0x37fa213d, 5, 7, 6},
            {Opcode::text, false, 0x01020304, 3, 7, 6}, {Opcode::continuation, true, 0x05060708, 2, 7, 6},
            {Opcode::ping, true, 0x0a0b0c0d, 5, 7, 6}, {Opcode::binary, true, 0x11223344, 70'000, 64, 14},
            {Opcode::close, true, 0x55667788, 5, 7, 6}};
        QCOMPARE(fromClient.size(), sent.size());
        for (qsizetype i = 0; i < sent.size(); ++i) {
            const Frame &f = fromClient[i];
            QCOMPARE(f.opcode, sent[i].opcode);
            QCOMPARE(f.fin, sent[i].fin);
            QVERIFY(f.masked);
            QCOMPARE(f.maskingKey, sent[i].key);
            QCOMPARE(f.payloadLength, sent[i].length);
            QCOMPARE(f.lengthBits, sent[i].lengthBits);
            QCOMPARE(f.headerSize, sent[i].headerSize);
        }
        QCOMPARE(fromClient[0].payload, "Hello");
        QCOMPARE(fromClient[2].messageOpcode, Opcode::text);
        QCOMPARE(fromClient[4].payload, big); // whole
        QCOMPARE(fromClient[5].closeCode, quint16(1000));
        QCOMPARE(fromClient[5].closeReason, "bye");

        QCOMPARE(fromServer.size(), 5);
        QVERIFY(std::none_of(fromServer.cbegin(), fromServer.cend(), [](const Frame &f) { return f.masked; }));
        QCOMPARE(fromServer[2].opcode, Opcode::pong);
        QCOMPARE(fromServer[3].payloadLength, quint64(70'000));
        QCOMPARE(fromServer[4].closeCode, quint16(1000));

        const auto closes = Test::eventsOf<ConnectionClosed>(loaded, id);
        QCOMPARE(closes.size(), 1);
        QCOMPARE(closes[0].closer, Closer::Client);
        QCOMPARE(closes[0].code, quint16(1000));
        QCOMPARE(closes[0].reason, "bye");
        QVERIFY(closes[0].clean);
    }

    void guardFailsBadClients_data()
    {
        QTest::addColumn<QByteArray>("frames");
        QTest::addColumn<int>("closeCode");
        QTest::newRow("unmasked") << FrameEncoder::encode("hi") << 1002;
        QTest::newRow("invalid UTF-8") << clientFrame(Opcode::text, "ok\xff", 1) << 1007;
        // Fails fast: the rest of the message never has to arrive.
        QTest::newRow("invalid UTF-8 in a first fragment") << clientFrame(Opcode::text, "\xc0\xaf", 1, false) << 1007;
        QTest::newRow("reserved opcode") << clientFrame(0x5, "x", 1) << 1002;
        QTest::newRow("close code 1005") << clientFrame(Opcode::close, FrameEncoder::closePayload(1005), 1) << 1002;
        QTest::newRow("too big for /chat") << clientFrame(Opcode::text, QByteArray(2000, 'x'), 1) << 1009;
    }
    void guardFailsBadClients()
    {
        QFETCH(QByteArray, frames);
        QFETCH(int, closeCode);
        TrafficLog log;
        ServerConfig config = Test::loopbackConfig();
        config.maxChatMessage = 1000;
        const auto server = Test::startServer(config, &log);
        QVERIFY(server);
        JsonClient witness; // another member, who must not notice anything but a leave
        QVERIFY(witness.open(Test::webSocketUrl(*server, u"/chat")));
        const auto socket = Test::openSilentWebSocket(server->port(), "/chat", 0);
        QVERIFY(socket);
        socket->write(frames);

        const QList<Frame> answers = readFrames(*socket, 100);
        QVERIFY(!answers.isEmpty());
        QCOMPARE(answers.constLast().closeCode, quint16(closeCode));
        QVERIFY(waitUntil([&] { return socket->state() == QAbstractSocket::UnconnectedState; }));
        QVERIFY(witness.nextOfType(u"leave"));

        const quint64 id = lastOpened(log);
        const auto violations = Test::eventsOf<ProtocolViolation>(log, id);
        QCOMPARE(violations.size(), 1);
        QCOMPARE(violations[0].violation.closeCode, closeCode);
        QVERIFY(waitUntil([&] { return !Test::eventsOf<ConnectionClosed>(log, id).isEmpty(); }));
        const ConnectionClosed closed = Test::eventsOf<ConnectionClosed>(log, id).constFirst();
        QCOMPARE(closed.closer, Closer::Guard);
        QCOMPARE(closed.code, quint16(closeCode));

        witness.sendJson({{"type", "message"}, {"text", "still here"}});
        QCOMPARE(witness.nextOfType(u"message")->value(u"text").toString(), u"still here");
    }

    void utf8SplitInsideACharacterIsEchoedWhole()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const auto socket = Test::openSilentWebSocket(server->port(), "/echo", 0);
        QVERIFY(socket);
        // "café!" with é (C3 A9) cut between its two bytes, and each byte of "€" (E2 82 AC) in its own fragment.
        socket->write(clientFrame(Opcode::text, "caf\xc3", 7, false) + clientFrame(Opcode::continuation, "\xa9!", 8));
        socket->write(clientFrame(Opcode::text, "\xe2", 1, false) + clientFrame(Opcode::continuation, "\x82", 2, false)
            + clientFrame(Opcode::continuation, "\xac", 3));
        const QList<Frame> answers = readFrames(*socket, 2);
        QCOMPARE(answers.size(), 2);
        QCOMPARE(QString::fromUtf8(answers[0].payload), QStringLiteral("café!"));
        QCOMPARE(QString::fromUtf8(answers[1].payload), QStringLiteral("€"));
    }

    void untappedServerLogsTheRequestOnly()
    {
        TrafficLog log;
        ServerConfig config = Test::loopbackConfig();
        config.tap = false;
        const auto server = Test::startServer(config, &log);
        QVERIFY(server);
        const auto socket = Test::openSilentWebSocket(server->port(), "/echo", 0);
        QVERIFY(socket);
        const QByteArray text = "unmasked, and QtWebSockets lets it through: caf\xc3\xa9 \xe2\x82\xac";
        socket->write(FrameEncoder::encode(text));
        QCOMPARE(readFrames(*socket, 1).constFirst().payload, text);

        const quint64 id = lastOpened(log);
        const auto handshakes = Test::eventsOf<HandshakeExchanged>(log, id);
        QCOMPARE(handshakes.size(), 1);
        QVERIFY(handshakes[0].request.startsWith("GET /echo HTTP/1.1"));
        QVERIFY(handshakes[0].response.isEmpty());
        QVERIFY(Test::eventsOf<Frame>(log, id).isEmpty());
    }

    void refusalsAreLoggedAsHttpExchanges()
    {
        TrafficLog log;
        const auto server = Test::startServer(Test::loopbackConfig(), &log);
        QVERIFY(server);
        QCOMPARE(Test::statusOf(Test::httpExchange(server->port(), Test::upgradeRequest("/nowhere"))), 404);
        const auto exchanges = Test::eventsOf<HttpExchange>(log, 0);
        QCOMPARE(exchanges.size(), 1);
        QCOMPARE(exchanges[0].status, 404);
        QVERIFY(exchanges[0].request.startsWith("GET /nowhere HTTP/1.1"));
    }
};

QTEST_GUILESS_MAIN(tst_WireTap)
#include "tst_wiretap.moc"
