// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "server/admission.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

namespace {

constexpr QByteArrayView validUpgrade = "GET /chat HTTP/1.1\r\nHost: room.lan:8080\r\nUpgrade: websocket\r\n"
                                        "Connection: keep-alive, Upgrade\r\n"
                                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

QByteArray upgrade()
{
    return validUpgrade.toByteArray() + "\r\n";
}

// The valid upgrade with one header line replaced (or removed when replacement is empty), or added when absent.
QByteArray upgradeWith(QByteArrayView name, const QByteArray &replacement)
{
    QList<QByteArray> lines = validUpgrade.toByteArray().split('\n');
    lines.removeLast(); // after the final \r\n
    const auto it = std::find_if(lines.begin(), lines.end(), [&](const QByteArray &l) { return l.startsWith(name); });
    if (it != lines.end() && replacement.isEmpty())
        lines.erase(it);
    else if (it != lines.end())
        *it = replacement + '\r';
    else
        lines.append(replacement + '\r');
    return lines.join('\n') + "\n\r\n";
}

Admission admitBytes(QByteArrayView bytes, const ServerConfig &config = {}, qsizetype open = 0, bool replaying = false)
{
    const auto head = HttpHead::parseRequest(bytes);
    Q_ASSERT(head);
    return admit(*head, config, open, replaying);
}

} // namespace

class tst_Admission : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void admitsValidUpgrades()
    {
        const Admission chat = admitBytes(upgrade());
        QVERIFY(chat.isUpgrade());
        QCOMPARE(chat.route, Route::Chat);
        const Admission echo = admitBytes(upgradeWith("GET", "GET /echo?x=1 HTTP/1.1"));
        QVERIFY(echo.isUpgrade());
        QCOMPARE(echo.route, Route::Echo);
    }

    // /replay upgrades once the host chose a recorded connection to play there, and says how to choose one before.
    void admitsReplayOnlyWithARecordedConnection()
    {
        const QByteArray request = upgradeWith("GET", "GET /replay HTTP/1.1");
        const Admission idle = admitBytes(request);
        QCOMPARE(idle.status, 404);
        QVERIFY(idle.reason.contains("Replay Connection from the Room"));
        const Admission playing = admitBytes(request, {}, 0, true);
        QVERIFY(playing.isUpgrade());
        QCOMPARE(playing.route, Route::Replay);
        QCOMPARE(admitBytes("GET /replay HTTP/1.1\r\nHost: x\r\n\r\n", {}, 0, true).status, 426);
    }

    void admitsUpToQtWebSocketsLimits()
    {
        // QtWebSockets takes 100 fields; the tap takes the same.
        const QByteArray fields100 = QByteArray("X-Pad: 1\r\n").repeated(95).chopped(2);
        ServerConfig untapped;
        untapped.tap = false;
        for (const ServerConfig &config : {ServerConfig(), untapped}) {
            QVERIFY(admitBytes(upgradeWith("X-Pad", fields100), config).isUpgrade());
            QCOMPARE(admitBytes(upgradeWith("X-Pad", fields100 + "\r\nX-Pad: 1"), config).status, 431);
        }
        QVERIFY(admitBytes(upgradeWith("X-Pad", "X-Pad: " + QByteArray(8185, 'a'))).isUpgrade());
    }

    void refusesBadUpgrades_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("header"); // an extra response header the refusal must carry
        QTest::newRow("Upgrade list") << upgradeWith("Upgrade", "Upgrade: h2c, websocket") << 400 << QByteArray();
        QTest::newRow("101 fields") << upgradeWith("X-Pad", QByteArray("X-Pad: 1\r\n").repeated(96).chopped(2)) << 431
                                    << QByteArray();
        QTest::newRow("8193-byte line") << upgradeWith("X-Pad", "X-Pad: " + QByteArray(8186, 'a')) << 431
                                        << QByteArray();
        QTest::newRow("HTTP/1.0") << upgradeWith("GET", "GET /chat HTTP/1.0") << 400 << QByteArray();
        QTest::newRow("POST") << upgradeWith("GET", "POST /chat HTTP/1.1") << 400 << QByteArray();
        QTest::newRow("no Host") << upgradeWith("Host", "") << 400 << QByteArray();
        QTest::newRow("no Connection: Upgrade")
            << upgradeWith("Connection", "Connection: keep-alive") << 400 << QByteArray();
        QTest::newRow("unknown path") << upgradeWith("GET", "GET /chatroom HTTP/1.1") << 404 << QByteArray();
        QTest::newRow("version 8") << upgradeWith("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8") << 426
                                   << QByteArray("Sec-WebSocket-Version: 13");
        QTest::newRow("no version") << upgradeWith("Sec-WebSocket-Version", "") << 426
                                    << QByteArray("Sec-WebSocket-Version: 13");
        QTest::newRow("no key") << upgradeWith("Sec-WebSocket-Key", "") << 400 << QByteArray();
        QTest::newRow("short key") << upgradeWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: abc") << 400 << QByteArray();
        QTest::newRow("foreign origin") << upgradeWith("Origin", "Origin: http://evil.example") << 403 << QByteArray();
        QTest::newRow("null origin") << upgradeWith("Origin", "Origin: null") << 403 << QByteArray();
    }
    void refusesBadUpgrades()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QByteArray, header);
        const Admission admission = admitBytes(request);
        QCOMPARE(admission.status, status);
        QVERIFY(!admission.reason.isEmpty());
        if (!header.isEmpty()) {
            QCOMPARE(admission.headers.size(), 1);
            QCOMPARE(admission.headers.first().name + ": " + admission.headers.first().value, header);
        }
    }

    void originPolicy_data()
    {
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<QStringList>("allowed");
        QTest::addColumn<bool>("admitted");
        QTest::newRow("own page") << QByteArray("http://room.lan:8080") << QStringList() << true;
        QTest::newRow("own page, other case") << QByteArray("HTTP://Room.LAN:8080") << QStringList() << true;
        QTest::newRow("own host, other port") << QByteArray("http://room.lan:9090") << QStringList() << false;
        QTest::newRow("allow-listed") << QByteArray("http://app.example:3000")
                                      << QStringList {"http://app.example:3000"} << true;
        QTest::newRow("not on list") << QByteArray("http://app.example") << QStringList {"http://app.example:3000"}
                                     << false;
        QTest::newRow("star") << QByteArray("https://anything.example") << QStringList {"*"} << true;
    }
    void originPolicy()
    {
        QFETCH(QByteArray, origin);
        QFETCH(QStringList, allowed);
        QFETCH(bool, admitted);
        ServerConfig config;
        config.allowedOrigins = allowed;
        const Admission admission = admitBytes(upgradeWith("Origin", "Origin: " + origin), config);
        QCOMPARE(admission.isUpgrade(), admitted);
        if (!admitted)
            QCOMPARE(admission.status, 403);
    }

    void refusesPastCapacity()
    {
        ServerConfig config;
        config.maxClients = 2;
        QVERIFY(admitBytes(upgrade(), config, 1).isUpgrade());
        QCOMPARE(admitBytes(upgrade(), config, 2).status, 503);
    }

    void plainHttp_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("chat page") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n") << 200;
        QTest::newRow("its script") << QByteArray("GET /room.js?v=2 HTTP/1.1\r\nHost: x\r\n") << 200;
        QTest::newRow("status page") << QByteArray("GET /status HTTP/1.1\r\nHost: x\r\n") << 200;
        QTest::newRow("HEAD status page") << QByteArray("HEAD /status HTTP/1.0\r\n") << 200;
        QTest::newRow("POST /") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\n") << 405;
        QTest::newRow("PUT, taken nowhere") << QByteArray("PUT /chat/send HTTP/1.1\r\nHost: x\r\n") << 501;
        QTest::newRow("CONNECT") << QByteArray("CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n") << 501;
        QTest::newRow("OPTIONS *") << QByteArray("OPTIONS * HTTP/1.1\r\nHost: x\r\n") << 204;
        QTest::newRow("unknown") << QByteArray("GET /favicon.ico HTTP/1.1\r\nHost: x\r\n") << 404;
        QTest::newRow("endpoint without upgrade") << QByteArray("GET /echo HTTP/1.1\r\nHost: x\r\n") << 426;
    }
    void plainHttp()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QCOMPARE(admitBytes(QByteArray(request + "\r\n")).status, status);
    }

    // A room with a password lets in what gives it and answers 401 to what would join without it, or would ask /chat
    // whether it could (the answer would tell a guess); the page, the status page, files, /echo and an HTTP member's
    // later requests (proven by its session) need none.
    void guardsARoomWithAPassword_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<Admission::Password>("given");
        const auto line
            = [](const QByteArray &target) -> QByteArray { return upgradeWith("GET", "GET " + target + " HTTP/1.1"); };
        const auto plain = [](const QByteArray &method, const QByteArray &target) -> QByteArray {
            return method + ' ' + target + " HTTP/1.1\r\nHost: room.lan:8080\r\n\r\n";
        };
        using P = Admission::Password;
        // "a b+c ü" as URLSearchParams writes it (a space is '+'), and as percent-encoding alone writes it.
        QTest::newRow("upgrade, form-encoded") << line("/chat?password=a+b%2Bc+%C3%BC") << 101 << P::Right;
        QTest::newRow("upgrade, percent-encoded")
            << line("/chat?lastEventId=5&password=a%20b%2Bc%20%C3%BC") << 101 << P::Right;
        QTest::newRow("upgrade without") << upgrade() << 401 << P::Missing;
        QTest::newRow("upgrade, wrong") << line("/chat?password=a+b+c+%C3%BC") << 401 << P::Wrong;
        QTest::newRow("upgrade, empty") << line("/chat?password=") << 401 << P::Wrong;
        QTest::newRow("echo without") << line("/echo") << 101 << P::NotAsked;
        QTest::newRow("events without") << plain("GET", "/chat/events") << 401 << P::Missing;
        QTest::newRow("events") << plain("GET", "/chat/events?password=a+b%2Bc+%C3%BC") << 200 << P::Right;
        QTest::newRow("join, wrong") << plain("POST", "/chat/join?transport=poll&password=x") << 401 << P::Wrong;
        QTest::newRow("probe without") << plain("OPTIONS", "/chat") << 401 << P::Missing;
        QTest::newRow("events' probe, wrong") << plain("OPTIONS", "/chat/events?password=x") << 401 << P::Wrong;
        QTest::newRow("probe") << plain("OPTIONS", "/chat?password=a+b%2Bc+%C3%BC") << 426 << P::Right;
        QTest::newRow("send") << plain("POST", "/chat/send") << 200 << P::NotAsked;
        QTest::newRow("poll") << plain("GET", "/chat/poll?since=3") << 200 << P::NotAsked;
        QTest::newRow("page") << plain("GET", "/") << 200 << P::NotAsked;
        QTest::newRow("status page") << plain("GET", "/status") << 200 << P::NotAsked;
        QTest::newRow("file") << plain("GET", "/files/0123456789abcdef0123456789abcdef") << 200 << P::NotAsked;
    }
    void guardsARoomWithAPassword()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(Admission::Password, given);
        ServerConfig config;
        config.password = u"a b+c \u00fc"_s;
        const Admission admission = admitBytes(request, config);
        QCOMPARE(admission.status, status);
        QCOMPARE(admission.password, given);
        if (status == 401) {
            QCOMPARE(admission.headers.size(), 1);
            QCOMPARE(admission.headers.first().name, "WWW-Authenticate");
            QCOMPARE(admission.reason,
                given == Admission::Password::Missing
                    ? "This room asks for a password: give it as ?password= in the address."
                    : "That is not this room's password.");
        }
        // A room without one asks nobody.
        const Admission open = admitBytes(request);
        QCOMPARE(open.password, Admission::Password::NotAsked);
        QVERIFY(open.status != 401);
    }

    // The page's WebSocket failed; it asks the same path over plain HTTP to tell the person why.
    void saysWhyWebSocketIsRefused()
    {
        ServerConfig config;
        config.transports = {ChatProtocol::Transport::Sse};
        const Admission refusal = admitBytes("GET /chat HTTP/1.1\r\nHost: x\r\n\r\n", config);
        QCOMPARE(refusal.status, 404);
        QCOMPARE(refusal.reason, "This room does not offer WebSocket; it offers: sse.");
    }
};

QTEST_GUILESS_MAIN(tst_Admission)
#include "tst_admission.moc"
