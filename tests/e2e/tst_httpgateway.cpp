// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The gateway's HTTP/1.1: kept-alive connections, answers in order, limits with their statuses, CORS, the caps.
#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include "support/eventwait.h"
#include "support/rawpeers.h"
#include "support/testserver.h"

using namespace Duplex;
using namespace std::chrono_literals;

namespace {

// Every complete response in bytes, in order (each framed by its Content-Length; HEAD and 204 have no body).
QList<QByteArray> responsesIn(QByteArray bytes)
{
    QList<QByteArray> responses;
    for (;;) {
        const qsizetype headLength = HttpHead::headLength(bytes);
        const auto head = HttpHead::parseResponse(bytes);
        if (headLength < 0 || !head)
            return responses;
        const qsizetype length = headLength + head->value("Content-Length").toLongLong();
        if (bytes.size() < length)
            return responses;
        responses.append(bytes.first(length));
        bytes.remove(0, length);
    }
}

} // namespace

class tst_HttpGateway : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsTheConnectionAndAnswersPipelinedRequestsInOrder()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected());
        // Three requests in one write; the second is refused, which must not end the connection or reorder it.
        socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                     "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
                     "OPTIONS /chat/send HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray received;
        connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
        QVERIFY(Test::waitUntil([&] { return responsesIn(received).size() == 3 || received.contains("204"); }));
        QVERIFY(Test::waitUntil([&] { return received.contains("HTTP/1.1 204"); }));
        const QList<QByteArray> answers = responsesIn(received.first(received.indexOf("HTTP/1.1 204")));
        QCOMPARE(answers.size(), 2);
        QCOMPARE(Test::statusOf(answers[0]), 200);
        QCOMPARE(Test::statusOf(answers[1]), 404);
        QVERIFY(received.sliced(received.indexOf("HTTP/1.1 204")).contains("Allow: POST, OPTIONS\r\n"));
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    // RFC 9110 §6.6.1: an origin server with a clock dates its 2xx, 3xx and 4xx answers, in IMF-fixdate (§5.6.7).
    void datesEveryAnswer()
    {
        // The names are English whatever the desktop's language (set before the server's thread starts).
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        const auto restoreLocale = qScopeGuard([] { QLocale::setDefault(QLocale::system()); });
        const auto server = Test::startServer();
        QVERIFY(server);
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        const QList<QByteArray> answers = {
            Test::httpExchange(server->port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
            Test::httpExchange(server->port(), "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"),
            Test::httpExchange(server->port(), "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"), // one that closes
        };
        const QDateTime after = QDateTime::currentDateTimeUtc().addSecs(1);
        static const QRegularExpression imfFixdate(
            QStringLiteral("^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                           "\\d{4} \\d\\d:\\d\\d:\\d\\d GMT$"));
        for (const QByteArray &answer : answers) {
            const auto head = HttpHead::parseResponse(answer);
            QVERIFY2(head, answer.constData());
            const QString date = QString::fromLatin1(head->value("Date"));
            QVERIFY2(imfFixdate.match(date).hasMatch(), qPrintable(date));
            QDateTime sent = QLocale::c().toDateTime(date.chopped(4), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
            sent.setTimeSpec(Qt::UTC);
            QVERIFY2(sent >= before && sent <= after, qPrintable(date)); // a whole second, so one either side
        }
    }

    void closesAnIdleConnectionWithoutAWord()
    {
        ServerConfig config = Test::loopbackConfig();
        config.keepAliveTimeout = 300ms;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected());
        socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray received;
        connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
        QVERIFY(Test::waitUntil([&] { return responsesIn(received).size() == 1; }));
        QVERIFY(Test::waitUntil([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 3000));
        QCOMPARE(responsesIn(received).size(), 1); // nothing after the answer: no unasked-for 408
    }

    void answersHundredContinueBeforeTheBody()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected());
        socket.write("POST /chat/send HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        QVERIFY(Test::waitUntil([&] { return socket.peek(100).startsWith("HTTP/1.1 100 Continue\r\n\r\n"); }));
        socket.readAll();
        socket.write("hello");
        QVERIFY(Test::waitUntil([&] { return socket.peek(1000).contains("\r\n\r\n"); }));
        QCOMPARE(Test::statusOf(socket.readAll()), 401); // no session: but the body was read and answered
    }

    void readsABodyArrivingInPieces()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected());
        const QByteArray body(300, 'x');
        socket.write("POST /chat/send HTTP/1.1\r\nHost: x\r\nContent-Length: 300\r\n\r\n");
        for (qsizetype sent = 0; sent < body.size(); sent += 7) {
            socket.write(body.sliced(sent, std::min<qsizetype>(7, body.size() - sent)));
            socket.flush();
            QVERIFY(Test::waitUntil([&] { return socket.bytesToWrite() == 0; }));
            QCOMPARE(socket.bytesAvailable(), 0); // nothing is answered before the body is whole
        }
        QVERIFY(Test::waitUntil([&] { return socket.peek(1000).contains("\r\n\r\n"); }));
        QCOMPARE(Test::statusOf(socket.readAll()), 401); // read whole, then judged: no session
    }

    // Each limit has its status and a sentence, and the connection closes where its framing is lost.
    void refusesWithStatusAndSentence_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("mustContain");
        QTest::newRow("target over 8 KiB")
            << QByteArray("GET /" + QByteArray(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n") << 414
            << QByteArray("target");
        QTest::newRow("body over 64 KiB")
            << QByteArray("POST /chat/send HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n") << 413
            << QByteArray("65536");
        QTest::newRow("chunked body") << QByteArray(
            "POST /chat/send HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                                      << 411 << QByteArray("Content-Length");
        QTest::newRow("smuggling") << QByteArray("POST /chat/send HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                                                 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                                   << 400 << QByteArray("both");
        QTest::newRow("conflicting lengths")
            << QByteArray("POST /chat/send HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
            << 400 << QByteArray("conflicting");
        QTest::newRow("no Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400 << QByteArray("Host");
    }
    void refusesWithStatusAndSentence()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QByteArray, mustContain);
        const auto server = Test::startServer();
        QVERIFY(server);
        QSignalSpy refused(server->gateway(), &Gateway::requestRefused);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected());
        socket.write(request);
        QVERIFY(Test::waitUntil([&] { return socket.state() == QAbstractSocket::UnconnectedState; }));
        const QByteArray response = socket.readAll();
        QCOMPARE(Test::statusOf(response), status);
        QVERIFY2(response.contains(mustContain), response.constData());
        QVERIFY(response.contains("Connection: close\r\n"));
        QCOMPARE(refused.size(), 1);
    }

    void methodsAndTransportsAreRefusedWithWhatIsAllowed()
    {
        ServerConfig config = Test::loopbackConfig();
        config.transports = {ChatProtocol::Transport::WebSocket, ChatProtocol::Transport::Poll};
        const auto server = Test::startServer(config);
        QVERIFY(server);
        const QByteArray wrongMethod = Test::httpExchange(server->port(), "GET /chat/send HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(Test::statusOf(wrongMethod), 405);
        QVERIFY(wrongMethod.contains("Allow: POST, OPTIONS\r\n"));
        const QByteArray noSse = Test::httpExchange(server->port(), "GET /chat/events HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(Test::statusOf(noSse), 404);
        QVERIFY(noSse.contains("it offers: ws, poll."));
        const QByteArray join = Test::httpExchange(server->port(), "POST /chat/join HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(Test::statusOf(join), 200); // poll is offered: the join lands on it
        QVERIFY(join.contains("\"transport\":\"poll\""));
    }

    // The two targets that name no resource (RFC 9112 §3.2): the server as a whole, and a tunnel it does not make.
    void answersTheServerWideTargets()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const QByteArray options = Test::httpExchange(server->port(), "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(Test::statusOf(options), 204);
        QVERIFY(options.contains("Allow: GET, HEAD, POST, OPTIONS\r\n"));
        const QByteArray tunnel
            = Test::httpExchange(server->port(), "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n");
        QCOMPARE(Test::statusOf(tunnel), 501);
        QVERIFY(tunnel.startsWith("HTTP/1.1 501 Not Implemented\r\n"));
        QVERIFY(tunnel.endsWith("\r\n\r\nThis server implements only GET, HEAD, POST, OPTIONS.\n"));
    }

    void preflightsAllowedOriginsOnly()
    {
        ServerConfig config = Test::loopbackConfig();
        config.allowedOrigins = {QStringLiteral("http://app.example:3000")};
        const auto server = Test::startServer(config);
        QVERIFY(server);
        const QByteArray allowed = Test::httpExchange(server->port(),
            "OPTIONS /chat/events HTTP/1.1\r\nHost: x\r\nOrigin: http://app.example:3000\r\n"
            "Access-Control-Request-Headers: last-event-id\r\nConnection: close\r\n\r\n");
        QCOMPARE(Test::statusOf(allowed), 204);
        QVERIFY(allowed.contains("Access-Control-Allow-Origin: http://app.example:3000\r\n"));
        QVERIFY(allowed.contains("Access-Control-Allow-Credentials: true\r\n"));
        QVERIFY(allowed.contains("Last-Event-ID"));
        const QByteArray forbidden = Test::httpExchange(
            server->port(), "OPTIONS /chat/events HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\n\r\n");
        QCOMPARE(Test::statusOf(forbidden), 403);
        QVERIFY(!forbidden.contains("Access-Control-Allow-Origin"));
    }

    void capsHttpConnectionsPerAddress()
    {
        ServerConfig config = Test::loopbackConfig();
        config.maxHttpPerAddress = 2;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 2; ++i) { // two kept-alive connections, each having been served
            auto &socket = held.emplace_back(std::make_unique<QTcpSocket>());
            socket->connectToHost(QHostAddress::LocalHost, server->port());
            QVERIFY(socket->waitForConnected());
            socket->write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            QVERIFY(Test::waitUntil([&] { return socket->bytesAvailable() > 0; }));
        }
        const QByteArray third = Test::httpExchange(server->port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(Test::statusOf(third), 429);
        QVERIFY(third.contains("close one first"));
        // WebSocket connections are not HTTP connections: they count against --max-clients only.
        QVERIFY(Test::openSilentWebSocket(server->port(), "/echo"));
        held.front()->abort();
        QVERIFY(Test::waitUntil([&] {
            return Test::statusOf(Test::httpExchange(server->port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n")) == 200;
        }));
    }
};

QTEST_GUILESS_MAIN(tst_HttpGateway)
#include "tst_httpgateway.moc"
