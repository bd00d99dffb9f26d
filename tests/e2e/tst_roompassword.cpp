// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// A room with a password: real clients (QWebSocket, curl, python3-websockets) join with it and are refused without
// it, on every transport; an address that keeps guessing is held off.
#include <QProcess>
#include <QTest>
#include <QUrlQuery>

#include "support/eventwait.h"
#include "support/jsonclient.h"
#include "support/rawpeers.h"
#include "support/testserver.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

namespace {

const QString password = u"a b+c \u00fc"_s;
const QByteArray formEncoded = "a+b%2Bc+%C3%BC"; // as a page's URLSearchParams writes it
const QString formEncodedText = QString::fromLatin1(formEncoded);
const QByteArray rightTarget = "/chat?password=" + formEncoded;

ServerConfig withPassword()
{
    ServerConfig config = Test::loopbackConfig();
    config.password = password;
    return config;
}

// What a program printed once it ended, bounded in time.
QByteArray outputOf(const QString &program, const QStringList &arguments)
{
    QProcess process;
    if (!Test::runToEnd(process, program, arguments))
        qFatal("%s did not end", qPrintable(program));
    return process.readAllStandardOutput() + process.readAllStandardError();
}

} // namespace

class tst_RoomPassword : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void joinsWithThePasswordOnEveryTransport()
    {
        const auto server = Test::startServer(withPassword());
        QVERIFY(server);
        const QString base = u"127.0.0.1:%1"_s.arg(server->port());

        QUrl room(u"ws://%1/chat"_s.arg(base));
        QUrlQuery query;
        query.addQueryItem(u"password"_s, QString::fromLatin1(QUrl::toPercentEncoding(password)));
        room.setQuery(query);
        Test::JsonClient qt;
        QVERIFY(qt.join(room));

        // python3-websockets, with the password quoted as a form would.
        const QByteArray python = outputOf(u"/usr/bin/python3"_s,
            {u"-c"_s,
                u"import asyncio, json, sys, urllib.parse, websockets\n"
                "async def main():\n"
                "    url = sys.argv[1] + '?password=' + urllib.parse.quote_plus(sys.argv[2])\n"
                "    async with websockets.connect(url) as ws:\n"
                "        print(json.loads(await asyncio.wait_for(ws.recv(), 5))['type'])\n"
                "    try:\n"
                "        await websockets.connect(sys.argv[1])\n"
                "    except websockets.exceptions.InvalidStatusCode as refusal:\n"
                "        print('refused', refusal.status_code)\n"
                "asyncio.run(main())\n"_s,
                u"ws://%1/chat"_s.arg(base), password});
        QCOMPARE(python, "hello\nrefused 401\n");

        // SSE and polls, with curl.
        const QByteArray stream = outputOf(u"curl"_s,
            {u"-sS"_s, u"-N"_s, u"--max-time"_s, u"2"_s,
                u"http://%1/chat/events?password=%2"_s.arg(base, formEncodedText)});
        QVERIFY2(stream.contains("event: hello"), stream.constData());
        const QByteArray joined = outputOf(u"curl"_s,
            {u"-sS"_s, u"-X"_s, u"POST"_s,
                u"http://%1/chat/join?transport=poll&password=%2"_s.arg(base, formEncodedText)});
        QVERIFY2(joined.contains("\"type\":\"hello\""), joined.constData());
        const QByteArray refused
            = outputOf(u"curl"_s, {u"-sS"_s, u"-i"_s, u"-X"_s, u"POST"_s, u"http://%1/chat/join"_s.arg(base)});
        QCOMPARE(Test::statusOf(refused), 401);
        QVERIFY(refused.contains("WWW-Authenticate: Password realm=\"Duplex room\"\r\n"));
        QVERIFY(refused.contains("This room asks for a password: give it as ?password= in the address."));

        // The page, its status page and /echo need none.
        QCOMPARE(Test::statusOf(Test::httpExchange(server->port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n")), 200);
        QCOMPARE(Test::statusOf(Test::httpExchange(server->port(), "GET /status HTTP/1.1\r\nHost: x\r\n\r\n")), 200);
        QCOMPARE(Test::statusOf(Test::httpExchange(server->port(), Test::upgradeRequest("/echo"))), 101);
    }

    // Ten wrong passwords from one address, and every password from it is refused (the right one too) until its
    // minute ends; another address is not held off.
    void holdsOffAnAddressThatKeepsGuessing()
    {
        const auto server = Test::startServer(withPassword());
        QVERIFY(server);
        for (int i = 0; i < 10; ++i) {
            const QByteArray answer = Test::httpExchange(
                server->port(), Test::upgradeRequest(QByteArray("/chat?password=guess" + QByteArray::number(i))));
            QCOMPARE(Test::statusOf(answer), 401);
            QVERIFY(answer.contains("That is not this room's password."));
        }
        for (const QByteArray &target : {QByteArray("/chat?password=guess"), rightTarget}) {
            const QByteArray answer = Test::httpExchange(server->port(), Test::upgradeRequest(target));
            QCOMPARE(Test::statusOf(answer), 429);
            QVERIFY(answer.contains("This address gave 10 wrong passwords; try again in "));
            const qsizetype retry = answer.indexOf("Retry-After: ");
            QVERIFY(retry > 0);
            const int seconds = answer.mid(retry + 13, answer.indexOf('\r', retry) - retry - 13).toInt();
            QVERIFY2(seconds > 0 && seconds <= 60, answer.constData());
        }
        const QByteArray probe
            = Test::httpExchange(server->port(), "OPTIONS " + rightTarget + " HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(Test::statusOf(probe), 429); // the probe would tell a guess as well as an upgrade
        QCOMPARE(Test::statusOf(Test::httpExchange(server->port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n")), 200);

        const QHostAddress elsewhere(u"127.0.0.2"_s);
        QCOMPARE(Test::statusOf(Test::httpExchange(server->port(), Test::upgradeRequest(rightTarget), 5000, elsewhere)),
            101);
    }
};

QTEST_GUILESS_MAIN(tst_RoomPassword)
#include "tst_roompassword.moc"
