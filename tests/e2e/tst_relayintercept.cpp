// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The relay's intercept mode: messages held, edited, dropped and sent between Duplex's client, Qt's QWebSocket and
// raw sockets on one side and Debian's python3-websockets or Duplex's room on the other. Everything on 127.0.0.1.
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

#include "client/clientsession.h"
#include "relay/websocketrelay.h"
#include "support/eventwait.h"
#include "support/pythonserver.h"
#include "support/quietclient.h"
#include "support/rawpeers.h"
#include "support/scriptedserver.h"
#include "support/testserver.h"
#include "support/trafficevents.h"
#include "wire/frameencoder.h"

using namespace Duplex;

namespace {

// ws://127.0.0.1:port/path: the relay's address, or an upstream's.
QUrl onLoopback(quint16 port, QStringView path)
{
    return QUrl(u"ws://127.0.0.1:%1%2"_qs.arg(port).arg(path));
}

WebSocketRelay::Options intercepting(const QUrl &upstream)
{
    return {.upstream = upstream, .intercept = true};
}

// The data of the text and binary frames that went one way on one connection of the log.
QList<QByteArray> dataOf(const TrafficLog &log, quint64 connection, Direction direction)
{
    QList<QByteArray> data;
    for (const Frame &frame : Test::eventsOf<Frame>(log, connection)) {
        if (frame.direction == direction && !Opcode::isControl(frame.opcode))
            data.append(frame.data());
    }
    return data;
}

// A relay in intercept mode towards Duplex's room, with what it held and the connections it opened.
struct ToTheRoom
{
    std::unique_ptr<Server> room = Test::startServer();
    TrafficLog log;
    CertificateTrust trust;
    WebSocketRelay relay {log, trust};
    QSignalSpy held {&relay, &WebSocketRelay::held};
    QSignalSpy opened {&relay, &WebSocketRelay::messagesOpened};
    QWebSocket client; // through the relay to the room's echo, once open() has opened it
    QSignalSpy texts {&client, &QWebSocket::textMessageReceived};
    QSignalSpy binaries {&client, &QWebSocket::binaryMessageReceived};

    bool start() { return room && relay.start(intercepting(Test::webSocketUrl(*room, u"/"))); }
    bool open()
    {
        client.open(onLoopback(relay.port(), u"/echo"));
        return Test::waitUntil([&] { return client.state() == QAbstractSocket::ConnectedState && opened.size() == 1; });
    }
    // A raw client through the relay to the room's echo, which reads and writes frames itself.
    std::unique_ptr<QTcpSocket> openRaw() const { return Test::openSilentWebSocket(relay.port(), "/echo", 0); }
    quint64 connection() const { return opened.first().first().toULongLong(); }
    HeldMessage heldAt(qsizetype i) const { return held.at(i).first().value<HeldMessage>(); }
};

} // namespace

class tst_RelayIntercept : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Duplex's client offers permessage-deflate to a server that would take it: the relay declines it, holds the
    // client's message, sends it on as edited, and the log has both connections, each with what crossed it.
    void aHeldMessageGoesOnEditedAndBothConnectionsAreRecorded()
    {
        Test::PythonServer server;
        QVERIFY(server.start({u"--deflate"_qs}));
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        QVERIFY(relay.start(intercepting(onLoopback(server.port(), u"/"))));
        relay.hold(Direction::ClientToServer, true);
        QSignalSpy held(&relay, &WebSocketRelay::held);
        QSignalSpy released(&relay, &WebSocketRelay::released);

        TrafficLog clientLog;
        ClientSession client(clientLog, trust, Test::quietClient());
        QSignalSpy texts(&client, &ClientSession::textReceived);
        QVERIFY(client.open({onLoopback(relay.port(), u"/feed"), {}, {}, {}}));
        QTRY_COMPARE(client.state(), ClientSession::State::Open);
        QVERIFY(client.sendText(u"hello ✓"_qs));
        QTRY_COMPARE(held.size(), 1);
        const auto message = held.first().first().value<HeldMessage>();
        QCOMPARE(message.direction, Direction::ClientToServer);
        QCOMPARE(message.opcode, Opcode::text);
        QCOMPARE(message.payload, u"hello ✓"_qs.toUtf8());
        QCOMPARE(message.client, Test::eventsOf<ConnectionOpened>(clientLog).first().local);
        QVERIFY(!Test::waitUntil([&] { return !texts.isEmpty(); }, 300)); // the server has not had it

        QVERIFY(!relay.forward(message.id, QByteArray("\xff"))); // a text message stays UTF-8
        QVERIFY(relay.forward(message.id, "edited"));
        QTRY_COMPARE(texts.size(), 1);
        QCOMPARE(texts.first().first().toString(), u"edited"_qs);
        QCOMPARE(released.size(), 1);
        QVERIFY(!relay.forward(message.id)); // once

        // Two connections: the client's to the relay, and the relay's to the server, named after each other.
        const auto opened = Test::eventsOf<ConnectionOpened>(log);
        QCOMPARE(opened.size(), 2);
        const ConnectionOpened &toServer = opened[0].relayedFor.isEmpty() ? opened[1] : opened[0];
        const ConnectionOpened &toRelay = opened[0].relayedFor.isEmpty() ? opened[0] : opened[1];
        QCOMPARE(toServer.relayedFor, message.client);
        QCOMPARE(toServer.path, "/feed");
        QCOMPARE(toRelay.peer, message.client);
        QCOMPARE(toRelay.relayedTo, u"127.0.0.1:%1"_qs.arg(server.port()));
        QCOMPARE(toRelay.local, u"127.0.0.1:%1"_qs.arg(relay.port()));

        // Compression was offered by the client and never reached the server; each head is as it crossed its wire.
        const auto handshakes = Test::eventsOf<HandshakeExchanged>(log);
        QCOMPARE(handshakes.size(), 2);
        const HandshakeExchanged sent = Test::eventsOf<HandshakeExchanged>(clientLog).first();
        QVERIFY(sent.request.contains("permessage-deflate"));
        for (const HandshakeExchanged &handshake : handshakes) {
            QVERIFY(!handshake.response.contains("permessage-deflate"));
            QCOMPARE(handshake.response, sent.response);
        }
        QCOMPARE(qsizetype(std::count_if(handshakes.begin(), handshakes.end(),
                     [&](const HandshakeExchanged &h) { return h.request == sent.request; })),
            1);

        const quint64 upstream = message.connection;
        QCOMPARE(dataOf(log, upstream, Direction::ClientToServer), QList<QByteArray> {"edited"});
        QCOMPARE(dataOf(log, upstream, Direction::ServerToClient), QList<QByteArray> {"edited"});
        const quint64 downstream = upstream == log.records().front().connection ? upstream + 1 : upstream - 1;
        QCOMPARE(dataOf(log, downstream, Direction::ClientToServer), QList<QByteArray> {u"hello ✓"_qs.toUtf8()});
        QCOMPARE(dataOf(log, downstream, Direction::ServerToClient), QList<QByteArray> {"edited"});
        for (const Frame &frame : Test::framesOf(log, Direction::ClientToServer))
            QVERIFY(frame.masked);

        QVERIFY(client.close(4000, u"done"_qs));
        QTRY_COMPARE(client.state(), ClientSession::State::Closed);
        QTRY_COMPARE(relay.carried(), 0);
        for (const ConnectionClosed &closed : Test::eventsOf<ConnectionClosed>(log)) {
            QCOMPARE(closed.closer, Closer::Client);
            QCOMPARE(closed.code, 4000);
            QVERIFY(closed.clean);
        }
    }

    // Each way, what follows a held message waits for it, even when it was not held itself; a dropped one never
    // arrives; turning the hold off holds nothing more.
    void messagesKeepTheirOrderAndADroppedOneNeverArrives()
    {
        ToTheRoom through;
        QVERIFY(through.start());
        QVERIFY(through.open());
        through.relay.hold(Direction::ServerToClient, true);
        for (const QString &text : {u"one"_qs, u"two"_qs, u"three"_qs})
            through.client.sendTextMessage(text);
        QTRY_COMPARE(through.held.size(), 3);
        through.relay.hold(Direction::ServerToClient, false);
        through.client.sendTextMessage(u"four"_qs);
        QVERIFY(!Test::waitUntil([&] { return !through.texts.isEmpty(); }, 300));
        QCOMPARE(through.held.size(), 3);

        QVERIFY(through.relay.forward(through.heldAt(1).id)); // the second goes when the first does
        QVERIFY(!Test::waitUntil([&] { return !through.texts.isEmpty(); }, 300));
        QVERIFY(through.relay.drop(through.heldAt(0).id));
        QVERIFY(through.relay.forward(through.heldAt(2).id, "THREE"));
        QTRY_COMPARE(through.texts.size(), 3);
        QStringList received;
        for (const QList<QVariant> &text : through.texts)
            received << text.first().toString();
        QCOMPARE(received, (QStringList {u"two"_qs, u"THREE"_qs, u"four"_qs}));
    }

    // With a pattern, only the messages it finds something in are held; the others pass, but not a held one.
    void holdsOnlyWhatThePatternFinds()
    {
        ToTheRoom through;
        QVERIFY(through.start());
        QVERIFY(through.open());
        through.relay.hold(Direction::ClientToServer, true);
        through.relay.holdOnly(QRegularExpression(u"\"type\":\\s*\"order\"|^ff"_qs));
        through.client.sendTextMessage(u"hello"_qs);
        QTRY_COMPARE(through.texts.size(), 1);
        through.client.sendBinaryMessage(QByteArray("\xff\x01")); // as hex: ff01
        through.client.sendTextMessage(u"{\"type\": \"order\"}"_qs);
        through.client.sendTextMessage(u"bye"_qs);
        QTRY_COMPARE(through.held.size(), 2);
        QCOMPARE(through.heldAt(0).opcode, Opcode::binary);
        QVERIFY(!Test::waitUntil([&] { return through.texts.size() > 1 || !through.binaries.isEmpty(); }, 300));
        QVERIFY(through.relay.forward(through.heldAt(0).id));
        QVERIFY(through.relay.forward(through.heldAt(1).id));
        QTRY_COMPARE(through.texts.size(), 3);
        QCOMPARE(through.binaries.size(), 1);
        QCOMPARE(through.texts.last().first().toString(), u"bye"_qs);
    }

    // A message of the relay's own goes either way at once, held messages or not: one to the client directly, one
    // to the server, whose echo then comes back.
    void sendsMessagesOfItsOwnEitherWay()
    {
        ToTheRoom through;
        QVERIFY(through.start());
        QVERIFY(through.open());
        through.relay.hold(Direction::ClientToServer, true);
        through.client.sendTextMessage(u"held"_qs);
        QTRY_COMPARE(through.held.size(), 1);

        QVERIFY(through.relay.send(through.connection(), Direction::ServerToClient, Opcode::text, "to the client"));
        QVERIFY(through.relay.send(through.connection(), Direction::ClientToServer, Opcode::binary, "\x01\x02"));
        QTRY_COMPARE(through.texts.size(), 1);
        QCOMPARE(through.texts.first().first().toString(), u"to the client"_qs);
        QTRY_COMPARE(through.binaries.size(), 1);
        QCOMPARE(through.binaries.first().first().toByteArray(), QByteArray("\x01\x02"));

        QVERIFY(!through.relay.send(through.connection(), Direction::ServerToClient, Opcode::text, "\xc3"));
        QVERIFY(!through.relay.send(through.connection(), Direction::ServerToClient, Opcode::ping, "x"));
        QVERIFY(!through.relay.send(through.connection() + 1000, Direction::ServerToClient, Opcode::text, "x"));
    }

    // Pings do not wait behind a held message, so a heartbeat survives a person reading it; a close does, so the
    // held message still reaches the server before it, and its echo the client before the server's close.
    void pingsPassHeldMessagesAndACloseWaitsForThem()
    {
        ToTheRoom through;
        QVERIFY(through.start());
        through.relay.hold(Direction::ClientToServer, true);
        const auto client = through.openRaw();
        QVERIFY(client);
        client->write(Test::maskedFrame(0x81, "last words"));
        QTRY_COMPARE(through.held.size(), 1);
        client->write(Test::maskedFrame(0x89, "are you there"));
        const QList<Frame> pong = Test::readFrames(*client, 1);
        QCOMPARE(pong.size(), 1);
        QCOMPARE(pong.first().opcode, Opcode::pong);
        QCOMPARE(pong.first().payload, "are you there");

        client->write(Test::maskedFrame(0x88, FrameEncoder::closePayload(CloseCode::normal, "bye")));
        QVERIFY(!Test::waitUntil([&] { return client->bytesAvailable() > 0; }, 300));
        const HeldMessage message = through.heldAt(0);
        QVERIFY(through.relay.forward(message.id));
        const QList<Frame> last = Test::readFrames(*client, 2);
        QCOMPARE(last.size(), 2);
        QCOMPARE(last[0].payload, "last words");
        QCOMPARE(last[1].closeCode, CloseCode::normal);
        QList<quint8> up;
        for (const Frame &frame : Test::eventsOf<Frame>(through.log, message.connection)) {
            if (frame.direction == Direction::ClientToServer)
                up << frame.opcode;
        }
        QCOMPARE(up, (QList<quint8> {Opcode::ping, Opcode::text, Opcode::close}));
    }

    // A held message whose connection ends is let go of, and said to be.
    void aHeldMessageGoesWithItsConnection()
    {
        ToTheRoom through;
        QVERIFY(through.start());
        QSignalSpy released(&through.relay, &WebSocketRelay::released);
        QSignalSpy closed(&through.relay, &WebSocketRelay::messagesClosed);
        QVERIFY(through.open());
        through.relay.hold(Direction::ClientToServer, true);
        through.client.sendTextMessage(u"never sent"_qs);
        QTRY_COMPARE(through.held.size(), 1);
        through.client.abort();
        QTRY_COMPARE(released.size(), 1);
        QCOMPARE(released.first().first().toULongLong(), through.heldAt(0).id);
        QCOMPARE(closed.size(), 1);
        QCOMPARE(closed.first().first().toULongLong(), through.connection());
        QCOMPARE(closed.first().last().toInt(), 1); // undelivered
        QVERIFY(!through.relay.forward(through.heldAt(0).id));
        QVERIFY(!through.relay.send(through.connection(), Direction::ClientToServer, Opcode::text, "late"));
    }

    // A client that breaks the protocol hears its close code with the reason, the server that the client went away,
    // and the log says which and why.
    void aViolationEndsBothWithItsCode()
    {
        ToTheRoom through;
        QVERIFY(through.start());
        const auto client = through.openRaw();
        QVERIFY(client);
        client->write(Test::maskedFrame(0x81, "\xc3\x28")); // not UTF-8
        const QList<Frame> frames = Test::readFrames(*client, 1);
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames.first().closeCode, CloseCode::invalidPayload);
        QVERIFY(!frames.first().closeReason.isEmpty());
        QTRY_COMPARE(through.relay.carried(), 0);
        QList<std::optional<quint16>> codes;
        for (const ConnectionClosed &closed : Test::eventsOf<ConnectionClosed>(through.log)) {
            QCOMPARE(closed.closer, Closer::Guard);
            codes << closed.code;
        }
        std::sort(codes.begin(), codes.end());
        QCOMPARE(codes, (QList<std::optional<quint16>> {CloseCode::goingAway, CloseCode::invalidPayload}));
        QCOMPARE(Test::eventsOf<ProtocolViolation>(through.log).size(), 1);
        QList<std::optional<quint16>> toServer;
        for (const Frame &frame : Test::framesOf(through.log, Direction::ClientToServer))
            toServer << frame.closeCode;
        QCOMPARE(toServer, QList<std::optional<quint16>> {CloseCode::goingAway});
    }

    // A server that answers with an extension it was not offered cannot be carried message by message: the client
    // is refused with why. A refusal of the server's own goes to the client as it came.
    void refusesAServerThatAcceptsWhatWasNotOffered()
    {
        Test::ScriptedServer server({"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                     "Sec-WebSocket-Accept: x\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n",
            "HTTP/1.1 404 Not Found\r\nContent-Length: 7\r\n\r\nmissingCLOSE"});
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        QSignalSpy refused(&relay, &WebSocketRelay::refused);
        QUrl upstream = server.url();
        upstream.setScheme(u"ws"_qs);
        QVERIFY(relay.start(intercepting(upstream)));
        const QByteArray answer = Test::httpExchange(relay.port(), Test::upgradeRequest("/"));
        QCOMPARE(Test::statusOf(answer), 502);
        QVERIFY2(answer.contains("accepted an extension the relay did not offer: permessage-deflate"), answer);
        QCOMPARE(refused.size(), 1);
        QVERIFY(!server.requests.first().contains("Sec-WebSocket-Extensions"));

        const QByteArray notFound = Test::httpExchange(relay.port(), Test::upgradeRequest("/"));
        QCOMPARE(notFound, QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 7\r\n\r\nmissing"));
        QTRY_COMPARE(relay.carried(), 0);
    }

    // A held message slows its sender through TCP: behind it the relay takes no more than a few hundred KiB.
    void aHeldMessageSlowsItsSender()
    {
        ToTheRoom through;
        QVERIFY(through.start());
        through.relay.hold(Direction::ClientToServer, true);
        const auto client = through.openRaw();
        QVERIFY(client);
        const qint64 unsent = Test::unsentAfterFlooding(*client, Test::maskedFrame(0x82, QByteArray(64 << 10, 'x')));
        QVERIFY2(unsent > Test::floodBytes / 2, qPrintable(QString::number(unsent)));
        QVERIFY2(through.held.size() < 16, qPrintable(QString::number(through.held.size())));
    }
};

QTEST_GUILESS_MAIN(tst_RelayIntercept)
#include "tst_relayintercept.moc"
