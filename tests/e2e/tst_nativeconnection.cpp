// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Duplex's own server side of a tapped connection, over raw sockets: its 101, frames that come with the request,
// the closing handshake started by either side, and a process with no descriptor to spare.
#include <QJsonDocument>
#include <QTest>

#include "support/eventwait.h"
#include "support/jsonclient.h"
#include "support/nodescriptorsleft.h"
#include "support/rawpeers.h"
#include "support/testserver.h"
#include "support/trafficevents.h"
#include "traffic/trafficlog.h"
#include "traffic/wiretap.h"
#include "wire/frameencoder.h"
#include "wire/handshake.h"

using namespace Duplex;
using Duplex::Test::JsonClient;
using Duplex::Test::readFrames;
using Duplex::Test::waitUntil;

namespace {

QByteArray clientFrame(quint8 opcode, QByteArrayView payload = {})
{
    return FrameEncoder::encode(payload, {.opcode = opcode, .maskingKey = 0x0badf00d});
}

ConnectionClosed closeOf(const TrafficLog &log)
{
    const auto closes = Test::eventsOf<ConnectionClosed>(log);
    return closes.isEmpty() ? ConnectionClosed {} : closes.constLast();
}

} // namespace

class tst_TappedConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_log = std::make_unique<TrafficLog>();
        m_server = Test::startServer(Test::loopbackConfig(), m_log.get());
        QVERIFY(m_server);
    }
    void cleanup() { m_server.reset(); } // before the log it records into

    void answersTheUpgradeAndFramesThatCameWithIt()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(socket.waitForConnected());
        socket.write(Test::upgradeRequest("/echo") + clientFrame(Opcode::text, "early")); // one write
        QByteArray received;
        QVERIFY(waitUntil([&] {
            received += socket.readAll();
            return received.contains("early");
        }));
        const qsizetype headLength = HttpHead::headLength(received);
        const auto response = HttpHead::parseResponse(received.first(headLength));
        QVERIFY(response);
        QCOMPARE(response->statusCode(), 101);
        QCOMPARE(response->value("Sec-WebSocket-Accept"), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="); // RFC 6455 §1.3
        QCOMPARE(received.sliced(headLength), FrameEncoder::encode("early"));
    }

    void answersTheClientsCloseAndHangsUp_data()
    {
        QTest::addColumn<QByteArray>("closePayload");
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("leaveReason");
        QTest::newRow("1000") << FrameEncoder::closePayload(1000, "bye") << FrameEncoder::closePayload(1000)
                              << u"left"_qs;
        QTest::newRow("no code") << QByteArray() << QByteArray() << u"left"_qs;
        QTest::newRow("4000") << FrameEncoder::closePayload(4000, "done") << FrameEncoder::closePayload(4000)
                              << u"connection lost (close code 4000)"_qs;
    }
    void answersTheClientsCloseAndHangsUp()
    {
        QFETCH(QByteArray, closePayload);
        QFETCH(QByteArray, answer);
        QFETCH(QString, leaveReason);
        JsonClient witness;
        QVERIFY(witness.open(Test::webSocketUrl(*m_server, u"/chat")));
        const auto socket = Test::openSilentWebSocket(m_server->port(), "/chat", 0);
        QVERIFY(socket);
        QCOMPARE(readFrames(*socket, 1).size(), 1); // hello

        socket->write(clientFrame(Opcode::close, closePayload));
        const QList<Frame> answers = readFrames(*socket, 2);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].opcode, Opcode::close);
        QCOMPARE(answers[0].payload, answer);
        // The server closes TCP first (RFC 6455 §7.1.1): readFrames returned because it did.
        QCOMPARE(socket->state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(witness.nextOfType(u"leave")->value(u"reason").toString(), leaveReason);
        QVERIFY(waitUntil([&] { return closeOf(*m_log).clean; }));
        QCOMPARE(closeOf(*m_log).closer, Closer::Client);
    }

    void dropsWhatFollowsTheClientsClose()
    {
        const auto socket = Test::openSilentWebSocket(m_server->port(), "/echo", 0);
        QVERIFY(socket);
        socket->write(clientFrame(Opcode::close, FrameEncoder::closePayload(1000)) + clientFrame(Opcode::text, "late"));
        const QList<Frame> answers = readFrames(*socket, 2);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].opcode, Opcode::close); // and no echo of "late"
        QCOMPARE(socket->state(), QAbstractSocket::UnconnectedState);
        // The log tells what the client did wrong.
        const auto violations = Test::eventsOf<ProtocolViolation>(*m_log);
        QCOMPARE(violations.size(), 1);
        QCOMPARE(violations[0].direction, Direction::ClientToServer);
        QVERIFY(waitUntil([&] { return closeOf(*m_log).closer == Closer::Client; }));
    }

    void serverCloseWaitsForThePeersAnswer()
    {
        const auto socket = Test::openSilentWebSocket(m_server->port(), "/chat", 0);
        QVERIFY(socket);
        const QList<Frame> hello = readFrames(*socket, 1);
        QCOMPARE(hello.size(), 1);
        const QString nick = QJsonDocument::fromJson(hello[0].payload).object().value(u"you").toString();
        QVERIFY(m_server->room()->kick(nick, u"enough"_qs));

        const QList<Frame> answers = readFrames(*socket, 1);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].closeCode, quint16(1008));
        QCOMPARE(answers[0].closeReason, "enough");
        QTest::qWait(100);
        QCOMPARE(socket->state(), QAbstractSocket::ConnectedState); // waiting for our answer
        socket->write(clientFrame(Opcode::close, FrameEncoder::closePayload(1008)));
        QVERIFY(waitUntil([&] { return socket->state() == QAbstractSocket::UnconnectedState; }));
        QVERIFY(waitUntil([&] { return closeOf(*m_log).clean; }));
        QCOMPARE(closeOf(*m_log).closer, Closer::Server);
        QCOMPARE(closeOf(*m_log).code, quint16(1008));
    }

    void servesAnUpgradeThroughItsSocketWhenNoDescriptorIsLeft()
    {
#ifdef DUPLEX_SANITIZE
        QSKIP("UndefinedBehaviorSanitizer probes memory through a pipe of its own when it checks a new object's type, "
              "and finds none here; the build without sanitizers checks this");
#endif
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(socket.waitForConnected());
        QTest::qWait(50); // the server accepts it
        {
            const Test::NoDescriptorsLeft none;
            QVERIFY(none.isInEffect());
            socket.write(Test::upgradeRequest("/echo"));
            QVERIFY(waitUntil([&] { return socket.peek(4096).contains("\r\n\r\n"); }));
        }
        const QByteArray head = socket.read(HttpHead::headLength(socket.peek(4096)));
        QCOMPARE(HttpHead::parseResponse(head)->statusCode(), 101);
        socket.write(clientFrame(Opcode::text, "carried on"));
        const QList<Frame> echo = readFrames(socket, 1);
        QCOMPARE(echo.size(), 1);
        QCOMPARE(echo[0].payload, "carried on");
        const QByteArray large(FrameEncoder::sharedPayloadBytes * 4, 'L'); // its frame's header, then itself
        socket.write(clientFrame(Opcode::binary, large));
        const QList<Frame> largeEcho = readFrames(socket, 1);
        QCOMPARE(largeEcho.size(), 1);
        QCOMPARE(largeEcho[0].payload, large);
    }

    void pingsFromAPeerThatNeverReadsLeaveABoundedBacklog()
    {
        const auto socket = Test::openSilentWebSocket(m_server->port(), "/chat");
        QVERIFY(socket);
        int pings = 0;
        connect(m_log.get(), &TrafficLog::recorded, this, [&pings](const TrafficRecord &record) {
            const auto *frame = std::get_if<Frame>(&record.event);
            pings += frame && frame->opcode == Opcode::ping && frame->direction == Direction::ClientToServer;
        });
        // 13 MB of pings, and as many bytes of pongs: more than loopback's kernel buffers hide.
        constexpr int count = 100'000;
        const QByteArray ping = clientFrame(Opcode::ping, QByteArray(125, 'p'));
        for (int i = 0; i < count; ++i)
            socket->write(ping);
        QVERIFY(waitUntil([&] { return pings == count; }, 30'000));
        const qint64 backlog = m_server->room()->queuedBytes();
        QVERIFY2(backlog < WireTap::carrierHighWaterBytes + ping.size(), qPrintable(QString::number(backlog)));
        QCOMPARE(m_server->room()->nicknames().size(), 1); // still a member
    }

private:
    std::unique_ptr<TrafficLog> m_log;
    std::unique_ptr<Server> m_server;
};

QTEST_GUILESS_MAIN(tst_TappedConnection)
#include "tst_nativeconnection.moc"
