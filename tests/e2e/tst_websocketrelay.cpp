// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The relay between clients and servers that are not Duplex's own: Qt's QWebSocket, raw sockets and Duplex's client
// on one side; Debian's python3-websockets (also over TLS, with a certificate made by Debian's openssl) and Duplex's
// room on the other. Everything on 127.0.0.1.
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QTest>
#include <QWebSocket>

#include "client/clientsession.h"
#include "relay/websocketrelay.h"
#include "support/eventwait.h"
#include "support/pythonserver.h"
#include "support/quietclient.h"
#include "support/rawpeers.h"
#include "support/testserver.h"
#include "support/trafficevents.h"
#include "wire/frameencoder.h"
#include "wire/handshake.h"
#include "wire/httphead.h"

using namespace Duplex;
using namespace std::chrono_literals;

namespace {

QUrl relayUrl(const WebSocketRelay &relay, QStringView path)
{
    return QUrl(u"ws://127.0.0.1:%1%2"_qs.arg(relay.port()).arg(path));
}

WebSocketRelay::Options to(const QString &upstream)
{
    return {.upstream = QUrl(upstream)};
}

} // namespace

class tst_WebSocketRelay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Duplex's client, which offers permessage-deflate, through the relay to a server that shares no code with Qt:
    // the server's compression goes through untouched, and the relay's log has every frame both ways, inflated.
    void carriesAConversationAndRecordsBothWays_data()
    {
        QTest::addColumn<bool>("deflate");
        QTest::newRow("permessage-deflate") << true;
        QTest::newRow("uncompressed") << false;
    }
    void carriesAConversationAndRecordsBothWays()
    {
        QFETCH(bool, deflate);
        Test::PythonServer server;
        QVERIFY(server.start(deflate ? QStringList {u"--deflate"_qs} : QStringList {}));
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        QVERIFY(relay.start(to(u"ws://127.0.0.1:%1/"_qs.arg(server.port()))));
        QVERIFY(relay.isListening());

        TrafficLog clientLog;
        ClientSession client(clientLog, trust, Test::quietClient());
        QSignalSpy texts(&client, &ClientSession::textReceived);
        QVERIFY(client.open({relayUrl(relay, u"/feed?x=1"), {}, {}, {}}));
        QTRY_COMPARE(client.state(), ClientSession::State::Open);
        QCOMPARE(relay.carried(), 1);
        const QString text = u"Compressible text ✓ "_qs.repeated(200);
        QVERIFY(client.sendText(text));
        QTRY_COMPARE(texts.size(), 1);
        QCOMPARE(texts.first().first().toString(), text);

        const auto opened = Test::eventsOf<ConnectionOpened>(log);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.first().peer, u"127.0.0.1:%1"_qs.arg(server.port()));
        QCOMPARE(opened.first().path, "/feed");
        QCOMPARE(opened.first().relayedFor,
            Test::eventsOf<ConnectionOpened>(clientLog).first().local); // the client, by its address
        QVERIFY(!opened.first().local.isEmpty());
        QCOMPARE(log.records().front().session, relay.session());

        // The upstream saw its own name as Host; the rest of the request is the client's.
        const HandshakeExchanged relayed = Test::eventsOf<HandshakeExchanged>(log).first();
        const HandshakeExchanged sent = Test::eventsOf<HandshakeExchanged>(clientLog).first();
        const auto hostLine
            = [](quint16 port) { return QByteArray("\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n"); };
        QVERIFY(relayed.request.contains(hostLine(server.port())));
        QVERIFY(sent.request.contains(hostLine(relay.port())));
        QCOMPARE(QByteArray(relayed.request).replace(QByteArray::number(server.port()), "P"),
            QByteArray(sent.request).replace(QByteArray::number(relay.port()), "P"));
        QCOMPARE(relayed.response, sent.response); // byte for byte
        QCOMPARE(relayed.response.contains("permessage-deflate"), deflate);

        const QList<Frame> up = Test::framesOf(log, Direction::ClientToServer);
        const QList<Frame> down = Test::framesOf(log, Direction::ServerToClient);
        QCOMPARE(up.size(), 1);
        QVERIFY(up.first().masked);
        QCOMPARE(up.first().data(), text.toUtf8());
        QCOMPARE(down.size(), 1);
        QCOMPARE(down.first().compressed, deflate);
        QCOMPARE(down.first().data(), text.toUtf8());
        QCOMPARE(down.first().payload, Test::framesOf(clientLog, Direction::ServerToClient).first().payload);

        // The client's close goes through, the server's answer comes back, and both ends close.
        QVERIFY(client.close(4000, u"done"_qs));
        QTRY_COMPARE(client.state(), ClientSession::State::Closed);
        QTRY_COMPARE(relay.carried(), 0);
        const ConnectionClosed closed = Test::eventsOf<ConnectionClosed>(log).value(0);
        QCOMPARE(closed.closer, Closer::Client);
        QCOMPARE(closed.code, 4000);
        QVERIFY(closed.clean);
    }

    // Qt's own client through the relay to Duplex's room: a message of 8 MiB each way, whole, though the relay holds
    // at most a few hundred KiB of it at a time.
    void aLargeMessageCrossesWhole()
    {
        const auto room = Test::startServer();
        QVERIFY(room);
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        QVERIFY(relay.start(to(Test::webSocketUrl(*room, u"/").toString())));

        QWebSocket client;
        QSignalSpy binaries(&client, &QWebSocket::binaryMessageReceived);
        client.open(relayUrl(relay, u"/echo"));
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
        QByteArray payload(8 << 20, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(payload.data()), payload.size() / 4);
        client.sendBinaryMessage(payload);
        QVERIFY(Test::waitUntil([&] { return binaries.size() == 1; }, 20'000));
        QCOMPARE(binaries.first().first().toByteArray(), payload);

        QByteArray up;
        for (const Frame &frame : Test::framesOf(log, Direction::ClientToServer))
            up += frame.payload;
        QCOMPARE(up, payload);
        QCOMPARE(Test::framesOf(log, Direction::ServerToClient).first().data(), payload);
        client.close();
        QTRY_COMPARE(relay.carried(), 0);
    }

    // A client that stops reading slows the server that sends to it: the relay takes no more than it can pass on.
    void aSlowClientSlowsItsServer()
    {
        Test::SilentWebSocketServer upstream;
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        QVERIFY(relay.start(to(u"ws://127.0.0.1:%1/"_qs.arg(upstream.serverPort()))));
        const auto client = Test::openSilentWebSocket(relay.port(), "/");
        QVERIFY(client);
        auto *server = upstream.findChild<QTcpSocket *>();
        QVERIFY(server);
        const QByteArray frame = FrameEncoder::encode(
            QByteArray(64 << 10, 'x'), {.opcode = Opcode::binary, .fin = true, .rsv1 = false, .maskingKey = {}});
        const qint64 unsent = Test::unsentAfterFlooding(*server, frame);
        QVERIFY2(unsent > Test::floodBytes / 2, qPrintable(QString::number(unsent)));
        QCOMPARE(relay.carried(), 1);
    }

    // The same through TLS, the other way: a server that stops reading slows the client, though TLS encrypts at once
    // whatever it is given (the bytes waiting encrypted count as waiting).
    void aSlowTlsServerSlowsItsClient()
    {
        const Test::SelfSignedCertificate files(u"duplex-test-upstream"_qs);
        QVERIFY(files.isValid());
        QFile keyFile(files.keyPath());
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        const QSslKey key(&keyFile, QSsl::Ec);
        const QSslCertificate certificate = QSslCertificate::fromPath(files.certPath()).value(0);
        // Over TLS, answers the upgrade and then reads nothing more.
        QSslServer upstream;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setPrivateKey(key);
        tls.setLocalCertificate(certificate);
        upstream.setSslConfiguration(tls);
        connect(&upstream, &QTcpServer::pendingConnectionAvailable, this, [&] {
            QTcpSocket *server = upstream.nextPendingConnection();
            connect(server, &QTcpSocket::readyRead, server, [server] {
                const QByteArray request = server->peek(server->bytesAvailable());
                const auto head = HttpHead::parseRequest(request);
                if (!head)
                    return;
                server->read(HttpHead::headLength(request));
                server->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Accept: "
                    + Handshake::acceptFor(head->value("Sec-WebSocket-Key")) + "\r\n\r\n");
                server->setReadBufferSize(1024);
                server->disconnect(server, &QTcpSocket::readyRead, nullptr, nullptr);
            });
        });
        QVERIFY(upstream.listen(QHostAddress::LocalHost));
        TrafficLog log;
        CertificateTrust trust;
        trust.trust(
            u"127.0.0.1:%1"_qs.arg(upstream.serverPort()), certificate.digest(QCryptographicHash::Sha256), false);
        WebSocketRelay relay(log, trust);
        QVERIFY(relay.start(to(u"wss://127.0.0.1:%1/"_qs.arg(upstream.serverPort()))));
        const auto client = Test::openSilentWebSocket(relay.port(), "/", 0);
        QVERIFY(client);

        const qint64 unsent = Test::unsentAfterFlooding(*client, Test::maskedFrame(0x82, QByteArray(64 << 10, 'x')));
        QVERIFY2(unsent > Test::floodBytes / 2, qPrintable(QString::number(unsent)));
        QCOMPARE(relay.carried(), 1);
    }

    // What the upstream answers, a refusal too, reaches the client as the upstream sent it.
    void anUpstreamRefusalPassesThrough()
    {
        const auto room = Test::startServer();
        QVERIFY(room);
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        QVERIFY(relay.start(to(Test::webSocketUrl(*room, u"/").toString())));

        const QByteArray response = Test::httpExchange(relay.port(), Test::upgradeRequest("/nowhere"));
        QCOMPARE(Test::statusOf(response), 404);
        const qsizetype headLength = HttpHead::headLength(response);
        QVERIFY(headLength > 0 && response.size() > headLength); // a head, and a body that says why
        QCOMPARE(Test::eventsOf<HandshakeExchanged>(log).value(0).response, response.first(headLength));
        QTRY_COMPARE(relay.carried(), 0);
    }

    // The relay answers for itself, with a status and a sentence, when it cannot carry a connection on; the log
    // shows each answer and why, and so does refused().
    void refusesWithAReason_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QString>("upstream");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("why");
        const QString anywhere = u"ws://127.0.0.1:9/"_qs;
        QTest::newRow("no upgrade") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << anywhere << 426
                                    << u"the relay carries WebSocket connections only"_qs;
        QTest::newRow("not HTTP") << QByteArray("HELLO\r\n\r\n") << anywhere << 400 << u"the request is not HTTP"_qs;
        QTest::newRow("head too long") << "GET / HTTP/1.1\r\nX: " + QByteArray(17 << 10, 'x') << anywhere << 431
                                       << u"the request head is longer than 16 KiB"_qs;
        QTest::newRow("nothing upstream")
            << Test::upgradeRequest("/") << u"ws://127.0.0.1:%1/"_qs.arg(m_refusing.port()) << 502
            << u"connection refused by 127.0.0.1:"_qs;
    }
    void refusesWithAReason()
    {
        QFETCH(QByteArray, request);
        QFETCH(QString, upstream);
        QFETCH(int, status);
        QFETCH(QString, why);
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        QSignalSpy refused(&relay, &WebSocketRelay::refused);
        QVERIFY(relay.start(to(upstream)));

        const QByteArray response = Test::httpExchange(relay.port(), request);
        QCOMPARE(Test::statusOf(response), status);
        QVERIFY2(response.contains(why.toUtf8()), response.constData());
        QCOMPARE(refused.size(), 1);
        QVERIFY(refused.first().first().toString().startsWith(why));
        const ConnectionClosed closed = Test::eventsOf<ConnectionClosed>(log).value(0);
        QCOMPARE(closed.closer, Closer::Guard);
        QVERIFY(closed.reason.startsWith(why.toUtf8()));
        QCOMPARE(Test::eventsOf<ConnectionOpened>(log).value(0).relayedFor.isEmpty(), false);
        QTRY_COMPARE(relay.carried(), 0);
    }

    // A client that sends no head, and an upstream that takes TCP but never answers TLS, are given up on in time.
    void givesUpOnWhatDoesNotCome()
    {
        QTcpServer mute; // accepts, and never says a word of TLS
        QVERIFY(mute.listen(QHostAddress::LocalHost));
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        WebSocketRelay::Options options = to(u"wss://127.0.0.1:%1/"_qs.arg(mute.serverPort()));
        options.openingTimeout = 300ms;
        QVERIFY(relay.start(options));

        QTcpSocket silent;
        silent.connectToHost(QHostAddress::LocalHost, relay.port());
        QVERIFY(Test::waitUntil([&] { return silent.state() == QAbstractSocket::UnconnectedState; }));
        QCOMPARE(Test::statusOf(silent.readAll()), 408);

        const QByteArray response = Test::httpExchange(relay.port(), Test::upgradeRequest("/"));
        QCOMPARE(Test::statusOf(response), 504);
        const QByteArray why
            = "127.0.0.1:" + QByteArray::number(mute.serverPort()) + " did not take the connection within 0.3 s";
        QVERIFY2(response.contains(why), response.constData());
        QTRY_COMPARE(relay.carried(), 0);
    }

    // wss:// upstream: a certificate that does not verify is refused (502) and shown, until it is trusted; then the
    // relay makes the TLS connection and the log reads the plaintext.
    void asksBeforeTrustingTheUpstreamsCertificate()
    {
        const Test::SelfSignedCertificate files(u"duplex-test-upstream"_qs);
        QVERIFY(files.isValid());
        Test::PythonServer server;
        QVERIFY(server.start(files.serverArguments()));
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        QSignalSpy rejected(&relay, &WebSocketRelay::certificateRejected);
        QVERIFY(relay.start(to(u"wss://127.0.0.1:%1/"_qs.arg(server.port()))));

        const QByteArray refusal = Test::httpExchange(relay.port(), Test::upgradeRequest("/"));
        QCOMPARE(Test::statusOf(refusal), 502);
        QVERIFY2(refusal.contains("is not trusted"), refusal.constData());
        QCOMPARE(rejected.size(), 1);
        const auto certificate = rejected.first().first().value<CertificateInfo>();
        QCOMPARE(certificate.subject, u"duplex-test-upstream"_qs);

        trust.trust(certificate.host, certificate.sha256, false);
        QWebSocket client;
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        client.open(relayUrl(relay, u"/"));
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
        client.sendTextMessage(u"through TLS"_qs);
        QTRY_COMPARE(texts.size(), 1);
        QCOMPARE(texts.first().first().toString(), u"through TLS"_qs);
        QCOMPARE(Test::framesOf(log, Direction::ServerToClient).value(0).data(), QByteArray("through TLS"));
        // Messages larger than what the relay lets wait, many at once, both ways through TLS.
        QSignalSpy binaries(&client, &QWebSocket::binaryMessageReceived);
        const QByteArray large(1'000'000, 'x');
        for (int i = 0; i < 16; ++i)
            client.sendBinaryMessage(large);
        QVERIFY(Test::waitUntil([&] { return binaries.size() == 16; }, 20'000));
        QCOMPARE(binaries.last().first().toByteArray(), large);
        client.close();
        QTRY_COMPARE(relay.carried(), 0);
    }

    // An upstream that asks for a client certificate gets the relay's, and trusts it; the relay trusts the upstream
    // through the authority it was given, asking nobody.
    void presentsItsCertificateUpstream()
    {
        const Test::SelfSignedCertificate serverFiles(u"duplex-test-upstream"_qs);
        const Test::SelfSignedCertificate relayFiles(u"duplex-test-relay"_qs);
        QVERIFY(serverFiles.isValid() && relayFiles.isValid());
        Test::PythonServer server;
        QVERIFY(server.start(serverFiles.serverArguments(relayFiles)));
        QString error;
        const auto tls
            = ClientTls::fromFiles(relayFiles.certPath(), relayFiles.keyPath(), serverFiles.certPath(), &error);
        QVERIFY2(tls, qPrintable(error));
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        QSignalSpy rejected(&relay, &WebSocketRelay::certificateRejected);
        WebSocketRelay::Options options = to(u"wss://127.0.0.1:%1/"_qs.arg(server.port()));
        options.tls = *tls;
        QVERIFY(relay.start(options));
        QWebSocket client;
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        client.open(relayUrl(relay, u"/"));
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
        client.sendTextMessage(u"mutual"_qs);
        QTRY_COMPARE(texts.size(), 1);
        QVERIFY(rejected.isEmpty());
    }

    // The upstream through an HTTP proxy (tests/e2e/python_proxy.py): the proxy opens the tunnel, the relay carries
    // the conversation as without one.
    void reachesItsUpstreamThroughAProxy()
    {
        Test::PythonServer server;
        QVERIFY(server.start({}));
        Test::PythonServer proxy(Test::PythonServer::Program::Proxy);
        QVERIFY(proxy.start({u"http"_qs}));
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        WebSocketRelay::Options options = to(u"ws://127.0.0.1:%1/"_qs.arg(server.port()));
        options.proxy = QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_qs, proxy.port());
        QVERIFY(relay.start(options));
        QWebSocket client;
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        client.open(relayUrl(relay, u"/"));
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
        client.sendTextMessage(u"tunnelled"_qs);
        QTRY_COMPARE(texts.size(), 1);
        QCOMPARE(texts.first().first().toString(), u"tunnelled"_qs);
        QVERIFY(proxy.said().contains(u"tunnel 127.0.0.1:%1"_qs.arg(server.port())));
    }

    // Stop ends every connection the relay carries, and says so in the log.
    void stopEndsWhatItCarries()
    {
        Test::PythonServer server;
        QVERIFY(server.start({}));
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        QVERIFY(relay.start(to(u"ws://127.0.0.1:%1/"_qs.arg(server.port()))));
        QWebSocket client;
        client.open(relayUrl(relay, u"/"));
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);

        relay.stop();
        QVERIFY(!relay.isListening());
        QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(relay.carried(), 0);
        const ConnectionClosed closed = Test::eventsOf<ConnectionClosed>(log).value(0);
        QCOMPARE(closed.closer, Closer::Guard);
        QCOMPARE(closed.reason, "the relay stopped");
    }

    void refusesAnUpstreamItCannotReach_data()
    {
        QTest::addColumn<QString>("upstream");
        QTest::newRow("http") << u"http://127.0.0.1:1/"_qs;
        QTest::newRow("no host") << u"ws:///path"_qs;
        QTest::newRow("not a URL") << u"example.com"_qs;
    }
    void refusesAnUpstreamItCannotReach()
    {
        QFETCH(QString, upstream);
        TrafficLog log;
        CertificateTrust trust;
        WebSocketRelay relay(log, trust);
        QString error;
        QVERIFY(!relay.start(to(upstream), &error));
        QVERIFY2(error.contains(u"ws:// or wss://"), qPrintable(error));
        QVERIFY(!relay.isListening());
    }

private:
    const Test::RefusingPort m_refusing; // "nothing upstream"
};

QTEST_GUILESS_MAIN(tst_WebSocketRelay)
#include "tst_websocketrelay.moc"
