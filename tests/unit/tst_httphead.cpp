// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "wire/httphead.h"

using Duplex::HttpHead;

class tst_HttpHead : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesRequestLineAndHeaders()
    {
        const auto head = HttpHead::parseRequest("GET /chat?room=1 HTTP/1.1\r\nHost: example.com\r\n"
                                                 "Upgrade: websocket\r\n\r\nTRAILING FRAME BYTES");
        QVERIFY(head);
        QCOMPARE(head->method(), "GET");
        QCOMPARE(head->target(), "/chat?room=1");
        QCOMPARE(head->path(), "/chat");
        QCOMPARE(head->version(), "HTTP/1.1");
        QCOMPARE(head->fields().size(), 2);
        QCOMPARE(head->value("host"), "example.com");
        QCOMPARE(head->longestLine(), qsizetype(strlen("GET /chat?room=1 HTTP/1.1")));
        QVERIFY(head->has("UPGRADE"));
        QVERIFY(!head->has("Origin"));
    }

    void readsATargetInAbsoluteForm_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QByteArray>("host");
        QTest::newRow("origin form") << QByteArray("/chat?next=http://a/b") << QByteArray("/chat")
                                     << QStringLiteral("next=http://a/b") << QByteArray("field.example");
        QTest::newRow("absolute form") << QByteArray("http://a.example:8080/chat?room=1") << QByteArray("/chat")
                                       << QStringLiteral("room=1") << QByteArray("a.example:8080");
        QTest::newRow("no path") << QByteArray("HTTP://a.example") << QByteArray("/") << QString()
                                 << QByteArray("a.example");
        QTest::newRow("query without a path")
            << QByteArray("ws://[::1]:80?x=1") << QByteArray("/") << QStringLiteral("x=1") << QByteArray("[::1]:80");
    }
    void readsATargetInAbsoluteForm()
    {
        QFETCH(QByteArray, target);
        const QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: field.example\r\n\r\n";
        const auto head = HttpHead::parseRequest(request);
        QVERIFY(head);
        QCOMPARE(head->target(), target); // as received, for the monitor
        QTEST(head->path(), "path");
        QTEST(head->query().query(), "query");
        QTEST(head->host(), "host");
    }

    void refusesAnAbsoluteTargetWithoutAValidHost_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("error");
        QTest::newRow("none") << QByteArray("http:///chat") << QByteArray("request target has no host");
        const QByteArray invalid = "request target's host is not a host name or address with an optional port";
        QTest::newRow("user info") << QByteArray("http://ann:secret@room.lan/chat") << invalid;
        QTest::newRow("markup") << QByteArray("http://<i>x</i>/chat") << invalid;
        QTest::newRow("port not a number") << QByteArray("http://room.lan:http/chat") << invalid;
    }
    void refusesAnAbsoluteTargetWithoutAValidHost()
    {
        QFETCH(QByteArray, target);
        QByteArray error;
        QVERIFY(!HttpHead::parseRequest(QByteArray("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"), &error));
        QTEST(error, "error");
    }

    void refusesATargetOfNoForm_data()
    {
        QTest::addColumn<QByteArray>("requestLine");
        QTest::newRow("a path without its slash") << QByteArray("GET chat HTTP/1.1");
        QTest::newRow("a query alone") << QByteArray("GET ?room=1 HTTP/1.1");
        QTest::newRow("a scheme without //") << QByteArray("GET http:/chat HTTP/1.1");
        QTest::newRow("an asterisk but not OPTIONS") << QByteArray("GET * HTTP/1.1");
        QTest::newRow("an authority but not CONNECT") << QByteArray("GET a.example:443 HTTP/1.1");
    }
    void refusesATargetOfNoForm()
    {
        QFETCH(QByteArray, requestLine);
        QByteArray error;
        QVERIFY(!HttpHead::parseRequest(QByteArray(requestLine + "\r\nHost: x\r\n\r\n"), &error));
        QCOMPARE(error, "request target is neither a path nor an absolute URL");
    }

    void readsTheFormsOfOptionsAndConnect()
    {
        const auto options = HttpHead::parseRequest("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(options);
        QCOMPARE(options->target(), "*");
        const auto connect = HttpHead::parseRequest("CONNECT a.example:443 HTTP/1.1\r\nHost: a.example\r\n\r\n");
        QVERIFY(connect);
        QCOMPARE(connect->target(), "a.example:443");
    }

    void joinsRepeatedHeadersAndFindsTokens()
    {
        const auto head = HttpHead::parseRequest("GET / HTTP/1.1\r\nConnection: keep-alive\r\n"
                                                 "connection:  Upgrade \r\n\r\n");
        QVERIFY(head);
        QCOMPARE(head->value("Connection"), "keep-alive, Upgrade");
        QVERIFY(head->hasToken("Connection", "upgrade"));
        QVERIFY(head->hasToken("Connection", "KEEP-ALIVE"));
        QVERIFY(!head->hasToken("Connection", "close"));
        QVERIFY(!head->hasToken("Upgrade", "websocket"));
    }

    void acceptsBareLineFeeds()
    {
        const auto head = HttpHead::parseRequest("GET / HTTP/1.0\nHost: x\n\n");
        QVERIFY(head);
        QCOMPARE(head->version(), "HTTP/1.0");
        QCOMPARE(head->value("Host"), "x");
    }

    void headLength_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qsizetype>("length");
        QTest::newRow("incomplete") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n") << qsizetype(-1);
        QTest::newRow("crlf") << QByteArray("GET / HTTP/1.1\r\n\r\nrest") << qsizetype(18);
        QTest::newRow("lf") << QByteArray("GET / HTTP/1.1\n\nrest") << qsizetype(16);
        QTest::newRow("empty") << QByteArray() << qsizetype(-1);
    }
    void headLength()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(qsizetype, length);
        QCOMPARE(HttpHead::headLength(bytes), length);
    }

    void refusesMalformedHeads_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("error");
        QTest::newRow("incomplete") << QByteArray("GET / HTTP/1.1\r\n") << QByteArray("incomplete request head");
        QTest::newRow("two words") << QByteArray("GET /\r\n\r\n") << QByteArray("malformed request line");
        QTest::newRow("four words") << QByteArray("GET / x HTTP/1.1\r\n\r\n") << QByteArray("malformed request line");
        QTest::newRow("bad method") << QByteArray("G(T / HTTP/1.1\r\n\r\n") << QByteArray("malformed request line");
        QTest::newRow("HTTP/2") << QByteArray("GET / HTTP/2.0\r\n\r\n") << QByteArray("unsupported HTTP version");
        QTest::newRow("not HTTP") << QByteArray("GET / FTP/1.1\r\n\r\n") << QByteArray("unsupported HTTP version");
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost x\r\n\r\n")
                                  << QByteArray("malformed header line");
        QTest::newRow("space before colon")
            << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << QByteArray("malformed header line");
        QTest::newRow("folded line") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n")
                                     << QByteArray("malformed header line");
        QTest::newRow("control character") << QByteArray("GET / HTTP/1.1\r\nA: b\x01"
                                                         "c\r\n\r\n")
                                           << QByteArray("control character in header value");
        QTest::newRow("NUL in target") << QByteArray("GET /?a=\0 HTTP/1.1\r\n\r\n", 22)
                                       << QByteArray("control character in request target");
        QTest::newRow("CR in target") << QByteArray("GET /a\rb HTTP/1.1\r\n\r\n")
                                      << QByteArray("control character in request target");
    }
    void refusesMalformedHeads()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, error);
        QByteArray why;
        QVERIFY(!HttpHead::parseRequest(bytes, &why));
        QCOMPARE(why, error);
    }

    void parsesResponses()
    {
        const auto head
            = HttpHead::parseResponse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05");
        QVERIFY(head);
        QCOMPARE(head->statusCode(), 101);
        QCOMPARE(head->reasonPhrase(), "Switching Protocols");
        QCOMPARE(head->value("upgrade"), "websocket");
        QCOMPARE(HttpHead::parseResponse("HTTP/1.0 404\r\n\r\n")->statusCode(), 404); // the reason may be empty
        QByteArray why;
        QVERIFY(!HttpHead::parseResponse("HTTP/1.1 1010 Odd\r\n\r\n", &why));
        QCOMPARE(why, "malformed status line");
        QVERIFY(!HttpHead::parseResponse("ICY 200 OK\r\n\r\n", &why));
        QCOMPARE(why, "unsupported HTTP version");
        QVERIFY(!HttpHead::parseResponse("GET / HTTP/1.1\r\n\r\n", &why)); // a request is not a response
    }

    // What the clients (WebSocket and SSE) put on their request line and in Host.
    void requestTargetAndHostOfAUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("host");
        QTest::newRow("plain") << QStringLiteral("ws://example.com/chat") << QByteArray("/chat")
                               << QByteArray("example.com");
        QTest::newRow("no path, a query, a port") << QStringLiteral("http://127.0.0.1:8080?a=b%20c#frag")
                                                  << QByteArray("/?a=b%20c") << QByteArray("127.0.0.1:8080");
        QTest::newRow("IPv6") << QStringLiteral("https://[::1]:9/x y") << QByteArray("/x%20y") << QByteArray("[::1]:9");
        QTest::newRow("user info stays out of Host")
            << QStringLiteral("http://ann:secret@room.lan/events") << QByteArray("/events") << QByteArray("room.lan");
    }
    void requestTargetAndHostOfAUrl()
    {
        QFETCH(QString, url);
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, host);
        QCOMPARE(HttpHead::requestTarget(QUrl(url)), target);
        QCOMPARE(HttpHead::hostField(QUrl(url)), host);
    }

    // What the relay sends on: Host names the server, whatever its case and line end; nothing else changes, and a
    // field whose name only begins with "Host" is another field.
    void withHostNamesTheServerAndChangesNothingElse_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QByteArray>("relayed");
        QTest::newRow("CRLF") << QByteArray("GET /x HTTP/1.1\r\nhOsT:  127.0.0.1:8091 \r\nX-Host: a\r\n\r\n")
                              << QByteArray("GET /x HTTP/1.1\r\nHost: [::1]:443\r\nX-Host: a\r\n\r\n");
        QTest::newRow("LF, Host last") << QByteArray("GET / HTTP/1.1\nHostname: b\nHost: c\n\n")
                                       << QByteArray("GET / HTTP/1.1\nHostname: b\nHost: [::1]:443\n\n");
        QTest::newRow("no Host") << QByteArray("GET / HTTP/1.0\r\n\r\n") << QByteArray("GET / HTTP/1.0\r\n\r\n");
    }
    void withHostNamesTheServerAndChangesNothingElse()
    {
        QFETCH(QByteArray, head);
        QFETCH(QByteArray, relayed);
        QCOMPARE(HttpHead::withHost(head, "[::1]:443"), relayed);
    }

    // A head is too long past 16 KiB, whether it has ended or not; fewer bytes without an end may still become one.
    void isTooLongPastItsBound()
    {
        const QByteArray head = "GET / HTTP/1.1\r\nX: " + QByteArray(HttpHead::defaultMaxBytes, 'x') + "\r\n\r\n";
        QVERIFY(HttpHead::isTooLong(head, HttpHead::headLength(head)));
        QVERIFY(!HttpHead::isTooLong("GET / HTTP/1.1\r\n\r\n", 18));
        const QByteArray unended(HttpHead::defaultMaxBytes, 'x');
        QVERIFY(!HttpHead::isTooLong(unended, -1));
        QVERIFY(HttpHead::isTooLong(QByteArray(unended + 'x'), -1));
    }

    // What the intercepting relay sends on: every line of the field goes, whatever its case, and nothing else.
    void withoutFieldTakesOutEveryLineOfIt()
    {
        QCOMPARE(HttpHead::withoutField("GET / HTTP/1.1\r\nsec-websocket-extensions: a\r\nHost: h\r\n"
                                        "Sec-WebSocket-Extensions: b\r\nSec-WebSocket-Extensions-X: c\r\n\r\n",
                     "Sec-WebSocket-Extensions"),
            QByteArray("GET / HTTP/1.1\r\nHost: h\r\nSec-WebSocket-Extensions-X: c\r\n\r\n"));
        QCOMPARE(HttpHead::withoutField("GET / HTTP/1.1\nHost: h\n\n", "Sec-WebSocket-Extensions"),
            QByteArray("GET / HTTP/1.1\nHost: h\n\n"));
    }
};

QTEST_GUILESS_MAIN(tst_HttpHead)
#include "tst_httphead.moc"
