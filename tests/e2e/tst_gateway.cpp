// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include "support/rawpeers.h"
#include "support/testserver.h"

using namespace Duplex;
using namespace std::chrono_literals;

class tst_Gateway : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_server = Test::startServer();
        QVERIFY(m_server);
    }

    // The room's own chat page, from the program's resources, kept to its own origin by its policy.
    void servesChatPage()
    {
        const QByteArray page = Test::httpExchange(m_server->port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(Test::statusOf(page), 200);
        QVERIFY(page.contains("Content-Type: text/html; charset=utf-8\r\n"));
        QVERIFY(page.contains("Content-Security-Policy: default-src 'self';"));
        QVERIFY(page.contains("X-Content-Type-Options: nosniff\r\n"));
        QVERIFY(page.contains("<script type=\"module\" src=\"/room.js\"></script>"));
        QVERIFY(!page.contains("http://") && !page.contains("https://")); // nothing from elsewhere

        const QByteArray script = Test::httpExchange(m_server->port(), "GET /room.js HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(Test::statusOf(script), 200);
        QVERIFY(script.contains("Content-Type: text/javascript; charset=utf-8\r\n"));
        QVERIFY(script.contains("import "));
    }

    void servesStatusPage()
    {
        const QByteArray response = Test::httpExchange(m_server->port(), "GET /status HTTP/1.1\r\nHost: x&y\r\n\r\n");
        QCOMPARE(Test::statusOf(response), 200);
        QVERIFY(response.contains("Content-Type: text/html; charset=utf-8\r\n"));
        QVERIFY(response.contains("ws://x&amp;y/chat")); // the peer's Host is escaped ('&' is valid in a host)
        QVERIFY(!response.contains("x&y"));
        QVERIFY(response.contains("The room offers ws, sse, long-poll, poll."));
        const qsizetype bodyStart = response.indexOf("\r\n\r\n") + 4;
        QVERIFY(response.contains(
            QByteArray("Content-Length: " + QByteArray::number(response.size() - bodyStart) + "\r\n")));

        const QByteArray head
            = Test::httpExchange(m_server->port(), "HEAD /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QCOMPARE(Test::statusOf(head), 200);
        QVERIFY(head.endsWith("\r\n\r\n"));              // no body
        QVERIFY(head.contains("Connection: close\r\n")); // as asked, and said before the socket closes
    }

    // Each refusal must come back as a readable HTTP response, before QtWebSockets ever sees the request.
    void refusesWithReadableStatus_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("mustContain");
        QTest::newRow("unknown path") << QByteArray("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n") << 404 << QByteArray();
        QTest::newRow("malformed") << QByteArray("HELLO\r\n\r\n") << 400 << QByteArray("malformed request line");
        QTest::newRow("binary junk") << QByteArray("\x01\x02\x00\r\n\r\n", 7) << 400 << QByteArray();
        QTest::newRow("a TLS client hello, answered at once")
            << QByteArray("\x16\x03\x01\x02\x00\x01", 6) << 400 << QByteArray("not TLS (https://, wss://)");
        QTest::newRow("POST /") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\n\r\n") << 405
                                << QByteArray("Allow: GET, HEAD");
        QTest::newRow("plain GET of an endpoint")
            << QByteArray("GET /chat HTTP/1.1\r\nHost: x\r\n\r\n") << 426 << QByteArray("Upgrade: websocket");
        QTest::newRow("HTTP/1.0 upgrade")
            << Test::upgradeRequest("/echo").replace("HTTP/1.1", "HTTP/1.0") << 400 << QByteArray("HTTP/1.1");
        QTest::newRow("invalid key (QtWebSockets would upgrade it)") << Test::upgradeRequest("/echo").replace(
            "dGhlIHNhbXBsZSBub25jZQ==", "abc") << 400 << QByteArray("Sec-WebSocket-Key");
        QTest::newRow("missing key") << Test::upgradeRequest("/echo").replace("Sec-WebSocket-Key", "X-Key") << 400
                                     << QByteArray("Sec-WebSocket-Key");
        QTest::newRow("version 8") << Test::upgradeRequest("/echo").replace("Version: 13", "Version: 8") << 426
                                   << QByteArray("Sec-WebSocket-Version: 13\r\n");
        QTest::newRow("unknown endpoint")
            << Test::upgradeRequest("/socket") << 404 << QByteArray("/echo, /chat or /replay");
        QTest::newRow("absolute form without a host")
            << QByteArray("GET http:///echo HTTP/1.1\r\nHost: x\r\n\r\n") << 400 << QByteArray("no host");
        QTest::newRow("markup for a Host") << QByteArray("GET /status HTTP/1.1\r\nHost: <i>x</i>\r\n\r\n") << 400
                                           << QByteArray("host name or address");
        QTest::newRow("two Hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400
                                   << QByteArray("more than one Host");
        QTest::newRow("a target without its slash")
            << QByteArray("GET chat HTTP/1.1\r\nHost: x\r\n\r\n") << 400 << QByteArray("neither a path");
        QTest::newRow("foreign origin") << Test::upgradeRequest("/chat", "Origin: http://evil.example\r\n") << 403
                                        << QByteArray("--allow-origin");
        QTest::newRow("Upgrade list (QtWebSockets would drop it)") << Test::upgradeRequest("/echo").replace(
            "Upgrade: websocket", "Upgrade: h2c, websocket") << 400 << QByteArray("websocket alone");
        QTest::newRow("101 fields (QtWebSockets would drop them)")
            << Test::upgradeRequest("/echo", QByteArray("X-Pad: 1\r\n").repeated(96)) << 431 << QByteArray("100");
        QTest::newRow("8193-byte line (QtWebSockets would drop it)")
            << Test::upgradeRequest("/echo", QByteArray("X-Pad: " + QByteArray(8186, 'a') + "\r\n")) << 431
            << QByteArray("8192");
        QTest::newRow("head too large") << QByteArray("GET / HTTP/1.1\r\nX-Big: " + QByteArray(20000, 'a') + "\r\n\r\n")
                                        << 431 << QByteArray();
    }
    void refusesWithReadableStatus()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QByteArray, mustContain);
        QSignalSpy refused(m_server->gateway(), &Gateway::requestRefused);
        const QByteArray response = Test::httpExchange(m_server->port(), request);
        QCOMPARE(Test::statusOf(response), status);
        QVERIFY2(response.contains(mustContain), response.constData());
        QVERIFY(response.count("\r\nConnection:") <= 1); // one answer, one mind about the connection
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused.first().at(1).toInt(), status);
        QCOMPARE(m_server->gateway()->openClients(), 0);
    }

    // The gateway's limits must not be stricter than QtWebSockets' own: one below each is still upgraded.
    void upgradesAtQtWebSocketsLimits_data()
    {
        QTest::addColumn<QByteArray>("extraHeaders");
        QTest::newRow("100 fields") << QByteArray("X-Pad: 1\r\n").repeated(95);
        QTest::newRow("8192-byte line") << QByteArray("X-Pad: " + QByteArray(8185, 'a') + "\r\n");
    }
    void upgradesAtQtWebSocketsLimits()
    {
        QFETCH(QByteArray, extraHeaders);
        QVERIFY(Test::openSilentWebSocket(m_server->port(), "/echo", 1024, extraHeaders)); // answered 101
    }

    void headArrivingByteByByteIsAdmitted()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(socket.waitForConnected());
        for (const char c : Test::upgradeRequest("/echo")) {
            socket.write(&c, 1);
            socket.flush();
            QTest::qWait(1);
        }
        QTRY_VERIFY(socket.bytesAvailable() > 0);
        QTRY_VERIFY(socket.peek(1000).contains("\r\n\r\n"));
        QVERIFY(socket.readAll().startsWith("HTTP/1.1 101"));
    }

    void slowHeadTimesOutWith408()
    {
        ServerConfig config = Test::loopbackConfig();
        config.headTimeout = 200ms;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        // Half a head, then nothing (a slowloris).
        const QByteArray response = Test::httpExchange(server->port(), "GET / HTTP/1.1\r\nHost: x\r\n", 3000);
        QCOMPARE(Test::statusOf(response), 408);
    }

    void allowsOwnPageAndListedOrigins()
    {
        ServerConfig config = Test::loopbackConfig();
        config.allowedOrigins = {QStringLiteral("http://app.example:3000")};
        const auto server = Test::startServer(config);
        QVERIFY(server);
        const QString ownOrigin = QStringLiteral("http://127.0.0.1:%1").arg(server->port());
        for (const QString &origin : {ownOrigin, QStringLiteral("http://app.example:3000")}) {
            QWebSocket client(origin);
            client.open(Test::webSocketUrl(*server, u"/echo"));
            QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
        }
    }

    // A server must accept a target in absolute form (RFC 9112 §3.2.2); its authority, not Host, names the host.
    void acceptsATargetInAbsoluteForm()
    {
        const QByteArray authority = "127.0.0.1:" + QByteArray::number(m_server->port());
        const QByteArray page
            = Test::httpExchange(m_server->port(), "GET http://" + authority + " HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(Test::statusOf(page), 200);
        // The Host field names no port, so only the authority makes this page's own origin match.
        const QByteArray origin = "http://" + authority;
        const QByteArray upgraded = Test::httpExchange(m_server->port(),
            Test::upgradeRequest(QByteArray(origin + "/echo?x=1"), QByteArray("Origin: " + origin + "\r\n")));
        QCOMPARE(Test::statusOf(upgraded), 101);
    }

    void refusesPastMaxClientsUntilOneLeaves()
    {
        ServerConfig config = Test::loopbackConfig();
        config.maxClients = 2;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        QWebSocket first;
        QWebSocket second;
        for (QWebSocket *client : {&first, &second}) {
            client->open(Test::webSocketUrl(*server, u"/chat"));
            QTRY_COMPARE(client->state(), QAbstractSocket::ConnectedState);
        }
        const QByteArray refused = Test::httpExchange(server->port(), Test::upgradeRequest("/echo"));
        QCOMPARE(Test::statusOf(refused), 503);
        QVERIFY(refused.contains("Retry-After: "));

        first.close();
        QTRY_COMPARE(server->gateway()->openClients(), 1); // the slot is given back
        QWebSocket third;
        third.open(Test::webSocketUrl(*server, u"/echo"));
        QTRY_COMPARE(third.state(), QAbstractSocket::ConnectedState);
    }

private:
    std::unique_ptr<Server> m_server;
};

QTEST_GUILESS_MAIN(tst_Gateway)
#include "tst_gateway.moc"
