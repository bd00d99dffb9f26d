// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "wire/httprequest.h"

using Duplex::HttpRequest;
using State = HttpRequest::State;

class tst_HttpRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsHeadAndBodyAndLeavesTheRest()
    {
        const QByteArray bytes = "POST /chat/send HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1";
        const HttpRequest request = HttpRequest::read(bytes, {});
        QCOMPARE(request.state, State::Complete);
        QCOMPARE(request.head->method(), "POST");
        QCOMPARE(bytes.sliced(request.headLength, request.bodyLength), "hello");
        QCOMPARE(bytes.sliced(request.length()), "GET / HTTP/1.1");
        QVERIFY(request.keepAlive());
        QVERIFY(!request.expectsContinue());
    }

    void waitsForTheWholeBody()
    {
        const QByteArray full = "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\nabcd";
        for (qsizetype cut = 1; cut < full.size(); ++cut) {
            const HttpRequest request = HttpRequest::read(full.first(cut), {});
            QCOMPARE(request.state, State::Incomplete);
            QCOMPARE(request.head.has_value(), cut >= full.size() - 4); // the head is known before the body
        }
        const HttpRequest request = HttpRequest::read(full, {});
        QCOMPARE(request.state, State::Complete);
        QVERIFY(request.expectsContinue());
    }

    void knowsWhenTheConnectionMayStayOpen_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("1.1") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << true;
        QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n") << false;
        QTest::newRow("1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
        QTest::newRow("1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
    }

    void knowsWhenTheConnectionMayStayOpen()
    {
        QFETCH(QByteArray, head);
        QFETCH(bool, keepAlive);
        const HttpRequest request = HttpRequest::read(head, {});
        QCOMPARE(request.state, State::Complete);
        QCOMPARE(request.keepAlive(), keepAlive);
    }

    void refusesWithStatusAndSentence_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("reasonContains");
        const QByteArray longTarget = "GET /" + QByteArray(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n";
        QTest::newRow("target over 8 KiB") << longTarget << 414 << QByteArray("8192");
        QTest::newRow("target over 8 KiB, head unfinished") << longTarget.first(8300) << 414 << QByteArray("target");
        QTest::newRow("head over 16 KiB")
            << QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(17000, 'a')) << 431 << QByteArray("16384");
        QTest::newRow("malformed") << QByteArray("HELLO\r\n\r\n") << 400 << QByteArray("malformed request line");
        QTest::newRow("no Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400 << QByteArray("Host");
        QTest::newRow("two Hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n") << 400
                                   << QByteArray("more than one Host");
        QTest::newRow("two Hosts, HTTP/1.0")
            << QByteArray("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n") << 400 << QByteArray("more than one Host");
        for (const char *host : {"a b", "a/b", "a@b", "a:80x", "[::1", "[::1]x", "[::1/]:80"})
            QTest::addRow("Host: %s", host) << "GET / HTTP/1.1\r\nHost: " + QByteArray(host) + "\r\n\r\n"
                                            << 400 << QByteArray("host name or address");
        QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << 411 << QByteArray("Content-Length");
        QTest::newRow("both lengths") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                                                    "Transfer-Encoding: chunked\r\n\r\n")
                                      << 400 << QByteArray("both");
        QTest::newRow("conflicting lengths")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n") << 400
            << QByteArray("conflicting");
        QTest::newRow("length list") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\n") << 400
                                     << QByteArray("conflicting");
        QTest::newRow("signed length") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400
                                       << QByteArray("decimal");
        QTest::newRow("huge length") << QByteArray(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")
                                     << 400 << QByteArray("decimal");
        QTest::newRow("body over 64 KiB")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65537\r\n\r\n") << 413 << QByteArray("65536");
    }

    void refusesWithStatusAndSentence()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(QByteArray, reasonContains);
        const HttpRequest request = HttpRequest::read(bytes, {});
        QCOMPARE(request.state, State::Refused);
        QCOMPARE(request.status, status);
        QVERIFY2(request.reason.contains(reasonContains), request.reason.constData());
        QVERIFY(request.reason.endsWith('.'));
    }

    void acceptsEveryFormOfHost_data()
    {
        QTest::addColumn<QByteArray>("field");
        QTest::newRow("name") << QByteArray("Host: room.lan\r\n");
        QTest::newRow("name and port") << QByteArray("Host: localhost:8080\r\n");
        QTest::newRow("IPv4") << QByteArray("Host: 127.0.0.1:1\r\n");
        QTest::newRow("IPv6") << QByteArray("Host: [::1]:8080\r\n");
        QTest::newRow("IPv6 with zone") << QByteArray("Host: [fe80::1%25eth0]\r\n");
        QTest::newRow("empty port") << QByteArray("Host: a:\r\n");
        QTest::newRow("empty (no authority)") << QByteArray("Host:\r\n");
        QTest::newRow("none in HTTP/1.0") << QByteArray();
    }

    void acceptsEveryFormOfHost()
    {
        QFETCH(QByteArray, field);
        const QByteArray version = field.isEmpty() ? "1.0" : "1.1";
        const QByteArray bytes = "GET / HTTP/" + version + "\r\n" + field + "\r\n";
        const HttpRequest request = HttpRequest::read(bytes, {});
        QVERIFY2(request.state == State::Complete, request.reason.constData());
    }

    void repeatedEqualLengthsAreOne()
    {
        const HttpRequest request
            = HttpRequest::read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nok", {});
        QCOMPARE(request.state, State::Complete);
        QCOMPARE(request.bodyLength, 2);
    }
};

QTEST_GUILESS_MAIN(tst_HttpRequest)
#include "tst_httprequest.moc"
