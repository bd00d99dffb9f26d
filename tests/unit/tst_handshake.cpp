// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "wire/handshake.h"

class tst_Handshake : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptMatchesRfc6455Example()
    {
        // RFC 6455 §1.3.
        QCOMPARE(Duplex::Handshake::acceptFor("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    void validatesKeys_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<bool>("valid");
        QTest::newRow("rfc example") << QByteArray("dGhlIHNhbXBsZSBub25jZQ==") << true;
        QTest::newRow("random 16 bytes") << QByteArray::fromHex("00112233445566778899aabbccddeeff").toBase64() << true;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("not base64") << QByteArray("!!!!!!!!!!!!!!!!!!!!!!==") << false;
        QTest::newRow("15 bytes") << QByteArray(15, 'x').toBase64() << false;
        QTest::newRow("17 bytes") << QByteArray(17, 'x').toBase64() << false;
        QTest::newRow("no padding") << QByteArray("dGhlIHNhbXBsZSBub25jZQ") << false;
        QTest::newRow("non-canonical padding bits") << QByteArray("dGhlIHNhbXBsZSBub25jZR==") << false;
        QTest::newRow("short word") << QByteArray("abc") << false;
    }
    void validatesKeys()
    {
        QFETCH(QByteArray, key);
        QFETCH(bool, valid);
        QCOMPARE(Duplex::Handshake::isValidKey(key), valid);
    }

    void verdictOfAValidHandshake()
    {
        // RFC 6455 §1.3's example, with a subprotocol and permessage-deflate negotiated.
        const auto request = Duplex::HttpHead::parseRequest(
            "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: chat, superchat\r\n"
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; "
            "client_max_window_bits\r\n\r\n");
        const auto response = Duplex::HttpHead::parseResponse(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n"
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10\r\n\r\n");
        QVERIFY(request && response);
        const Duplex::Handshake::Verdict verdict = Duplex::Handshake::check(*request, *response);
        QVERIFY2(verdict.upgraded(), verdict.problems.join("; ").constData());
        QVERIFY(verdict.acceptValid());
        QCOMPARE(verdict.expectedAccept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        QCOMPARE(verdict.subprotocol, "chat");
        QVERIFY(verdict.deflate);
        QCOMPARE(verdict.deflate->clientMaxWindowBits, 10);
    }

    void verdictNamesEveryProblem_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<QByteArray>("problem");
        const QByteArray ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";
        QTest::newRow("refused") << QByteArray("HTTP/1.1 403 Forbidden\r\n\r\n")
                                 << QByteArray("the server answered 403, not 101");
        QTest::newRow("wrong accept") << QByteArray(ok).replace("s3pP", "AAAA")
                + "\r\n" << QByteArray("Sec-WebSocket-Accept is wrong: expected s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        QTest::newRow("no accept") << QByteArray(ok).replace("Sec-WebSocket-Accept", "X-Other")
                + "\r\n" << QByteArray("Sec-WebSocket-Accept is missing: expected s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        QTest::newRow("no upgrade token") << QByteArray(ok).replace("Upgrade: websocket", "Upgrade: h2c") + "\r\n"
                                          << QByteArray("the response's Upgrade does not name websocket");
        QTest::newRow("subprotocol not offered")
            << ok + "Sec-WebSocket-Protocol: mqtt\r\n\r\n"
            << QByteArray("the server chose subprotocol mqtt, which the client did not offer");
        QTest::newRow("extension not offered")
            << ok + "Sec-WebSocket-Extensions: x-custom\r\n\r\n"
            << QByteArray("the server accepted extension x-custom, which the client did not offer");
    }
    void verdictNamesEveryProblem()
    {
        QFETCH(QByteArray, response);
        QFETCH(QByteArray, problem);
        const auto request
            = Duplex::HttpHead::parseRequest("GET /chat HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: "
                                             "chat\r\nSec-WebSocket-Version: 13\r\n\r\n");
        const auto parsed = Duplex::HttpHead::parseResponse(response);
        QVERIFY(request && parsed);
        const Duplex::Handshake::Verdict verdict = Duplex::Handshake::check(*request, *parsed);
        QVERIFY(!verdict.upgraded());
        QCOMPARE(verdict.problems, QList<QByteArray> {problem});
    }
};

QTEST_GUILESS_MAIN(tst_Handshake)
#include "tst_handshake.moc"
