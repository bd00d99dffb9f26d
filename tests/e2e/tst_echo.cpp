// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

#include "support/rawpeers.h"
#include "support/testserver.h"

using namespace Duplex;

class tst_Echo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_server = Test::startServer();
        QVERIFY(m_server);
    }

    void echoesEveryLength_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("binary");
        // Around each payload-length encoding boundary (RFC 6455 §5.2: 7, 16 and 64 bits), then 1 MiB.
        for (const int size : {0, 125, 126, 65535, 65536, 1 << 20}) {
            QTest::addRow("text %d", size) << size << false;
            QTest::addRow("binary %d", size) << size << true;
        }
    }
    void echoesEveryLength()
    {
        QFETCH(int, size);
        QFETCH(bool, binary);
        QWebSocket client;
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        QSignalSpy binaries(&client, &QWebSocket::binaryMessageReceived);
        client.open(Test::webSocketUrl(*m_server, u"/echo"));
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);

        QByteArray payload(size, Qt::Uninitialized);
        for (char &c : payload)
            c = char(binary ? QRandomGenerator::global()->bounded(256) : 'a' + QRandomGenerator::global()->bounded(26));
        if (binary)
            client.sendBinaryMessage(payload);
        else
            client.sendTextMessage(QString::fromLatin1(payload));
        QSignalSpy &answers = binary ? binaries : texts;
        QTRY_COMPARE(answers.size(), 1);
        QCOMPARE((binary ? texts : binaries).size(), 0); // same type back
        if (binary)
            QCOMPARE(answers.first().first().toByteArray(), payload);
        else
            QCOMPARE(answers.first().first().toString(), QString::fromLatin1(payload));
    }

    void reassemblesFragmentedMessages()
    {
        // A library client that fragments: 100-byte frames.
        QWebSocket client;
        client.setOutgoingFrameSize(100);
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        QSignalSpy binaries(&client, &QWebSocket::binaryMessageReceived);
        client.open(Test::webSocketUrl(*m_server, u"/echo"));
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
        const QString text = QString(1000, u'x');
        const QByteArray bytes(777, '\x7f');
        client.sendTextMessage(text);
        client.sendBinaryMessage(bytes);
        QTRY_COMPARE(texts.size(), 1);
        QTRY_COMPARE(binaries.size(), 1);
        QCOMPARE(texts.first().first().toString(), text);
        QCOMPARE(binaries.first().first().toByteArray(), bytes);
    }

    void reassemblesRfcFragmentsWithInterleavedPing()
    {
        // RFC 6455 §5.7: "Hel" + "lo" as two frames, with a ping between them; the echo is one unfragmented frame.
        const auto socket = Test::openSilentWebSocket(m_server->port(), "/echo", 0);
        QVERIFY(socket);
        socket->write(
            Test::maskedFrame(0x01, "Hel") + Test::maskedFrame(0x89, "ping!") + Test::maskedFrame(0x80, "lo"));
        const QByteArray expected = QByteArray("\x8a\x05ping!") + "\x81\x05Hello";
        QTRY_VERIFY(socket->bytesAvailable() >= expected.size());
        QCOMPARE(socket->readAll(), expected);
    }

    void answersPings()
    {
        QWebSocket client;
        QSignalSpy pongs(&client, &QWebSocket::pong);
        client.open(Test::webSocketUrl(*m_server, u"/echo"));
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
        client.ping("are you there");
        QTRY_COMPARE(pongs.size(), 1);
        QCOMPARE(pongs.first().at(1).toByteArray(), "are you there");
    }

    void closesOversizedMessagesWith1009()
    {
        ServerConfig config = Test::loopbackConfig();
        config.maxEchoMessage = 1000;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        QWebSocket client;
        QSignalSpy binaries(&client, &QWebSocket::binaryMessageReceived);
        client.open(Test::webSocketUrl(*server, u"/echo"));
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
        client.sendBinaryMessage(QByteArray(1000, 'a')); // at the limit: fine
        QTRY_COMPARE(binaries.size(), 1);
        client.sendBinaryMessage(QByteArray(1001, 'a'));
        QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    }

    void dropsPeerThatSendsButNeverReads()
    {
        ServerConfig config = Test::loopbackConfig();
        config.maxSendQueue = 256 << 10;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        const auto socket = Test::openSilentWebSocket(server->port(), "/echo");
        QVERIFY(socket);
        QCOMPARE(server->gateway()->openClients(), 1);
        // 64 MiB of echoes would pile up without the bound; loopback buffers hold a few MiB at most.
        const QByteArray frame = Test::maskedFrame(0x82, QByteArray(64 << 10, 'z'));
        for (int i = 0; i < 1024 && socket->state() == QAbstractSocket::ConnectedState; ++i) {
            socket->write(frame);
            if (i % 16 == 0)
                QTest::qWait(5);
        }
        QTRY_COMPARE_WITH_TIMEOUT(server->gateway()->openClients(), 0, 10000);
    }

private:
    std::unique_ptr<Server> m_server;
};

QTEST_GUILESS_MAIN(tst_Echo)
#include "tst_echo.moc"
