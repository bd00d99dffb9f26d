// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QBuffer>
#include <QImage>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "support/eventwait.h"
#include "support/files.h"
#include "support/headlessbrowser.h"
#include "support/jsonclient.h"
#include "support/rawpeers.h"
#include "support/testserver.h"

using namespace Duplex;
using Test::JsonClient;
using namespace Qt::StringLiterals;

namespace {

// The page's own words and state, read as a person would see them.
const QString connected = u"document.getElementById('connection').dataset.state === 'open'"_s;
const QString activeTransport = u"document.body.dataset.transport"_s;
const QString explanation = u"document.getElementById('why').textContent"_s;
const QString focusComposer = u"document.getElementById('text').focus(), true"_s;
const QString messageTexts = u"[...document.querySelectorAll('#log li.message .text')].map((e) => e.textContent)"_s;

QJsonObject message(const QString &text)
{
    return {{u"type"_s, u"message"_s}, {u"text"_s, text}};
}

QUrl pageOf(const Server &server, const QString &query = {})
{
    return QUrl(u"http://127.0.0.1:%1/%2"_s.arg(server.port()).arg(query));
}

const QList<ChatProtocol::Transport> everyTransport {
    std::begin(ChatProtocol::allTransports), std::end(ChatProtocol::allTransports)};

ServerConfig offering(const QList<ChatProtocol::Transport> &transports = everyTransport)
{
    ServerConfig config = Test::loopbackConfig();
    config.transports = transports;
    config.messagesPerSecond = 0;
    return config;
}

QStringList strings(const QJsonValue &array)
{
    QStringList list;
    for (const QJsonValue &v : array.toArray())
        list.append(v.toString());
    return list;
}

} // namespace

// The room's chat page in Debian's Chromium, headless, against the real server on loopback.
class tst_BrowserPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_browser.start()); }

    void cleanup()
    {
        const QStringList errors = m_browser.pageErrors();
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    }

    // A message typed in the page (Enter sends) reaches a QWebSocket member, and its answer reaches the page; the
    // name chosen in the page is remembered by the browser and claimed again after a reload.
    void pageJoinsAndTalksWithAWebSocketMember()
    {
        const auto server = Test::startServer(offering());
        QVERIFY(server);
        JsonClient bob;
        QVERIFY(bob.join(Test::webSocketUrl(*server, u"/chat")));

        QVERIFY(m_browser.open(pageOf(*server)));
        QVERIFY(m_browser.waitFor(connected));
        QCOMPARE(m_browser.evaluate(activeTransport).toString(), u"ws");
        QCOMPARE(m_browser.evaluate(explanation).toString(), QString()); // nothing fell back
        QCOMPARE(bob.nextOfType(u"join")->value(u"transport").toString(), u"ws");

        QVERIFY(m_browser.evaluate(focusComposer).toBool());
        QVERIFY(m_browser.type(u"hello from the page"_s));
        const auto heard = bob.nextOfType(u"message");
        QVERIFY(heard);
        QCOMPARE(heard->value(u"text").toString(), u"hello from the page");
        QVERIFY(m_browser.waitFor(u"document.getElementById('text').value === ''"_s)); // the composer emptied

        bob.sendJson(message(u"hello, page"_s));
        QVERIFY(m_browser.waitFor(messageTexts + u".includes('hello, page')"_s));
        QCOMPARE(m_browser.evaluate(messageTexts).toArray().size(), 2);

        QVERIFY(m_browser.evaluate(u"document.getElementById('nick').focus(), true"_s).toBool());
        QVERIFY(m_browser.evaluate(u"document.getElementById('nick').select(), true"_s).toBool());
        QVERIFY(m_browser.type(u"carol"_s));
        QCOMPARE(bob.nextOfType(u"nick")->value(u"nick").toString(), u"carol");
        QVERIFY(m_browser.waitFor(u"[...document.querySelectorAll('#members .nick')].some((e) => e.textContent "
                                  u"=== 'carol')"_s));

        QVERIFY(m_browser.call(u"Page.reload"_s));
        QCOMPARE(bob.nextOfType(u"leave")->value(u"nick").toString(), u"carol");
        QCOMPARE(bob.nextOfType(u"nick")->value(u"nick").toString(), u"carol"); // claimed again as it rejoined
        QVERIFY(m_browser.waitFor(connected));
        // The room's answer reaches bob and the page in either order: the field shows carol once the page has it.
        QVERIFY(m_browser.waitFor(u"document.getElementById('nick').value === 'carol'"_s));
    }

    // Choosing a member in the list writes to them alone until "write to everyone"; a private line says whom it was
    // for, both ways.
    void aMemberChosenInTheListIsWrittenToPrivately()
    {
        const auto server = Test::startServer(offering());
        QVERIFY(server);
        JsonClient bob, cy; // guest-1, guest-2
        QVERIFY(bob.join(Test::webSocketUrl(*server, u"/chat")));
        QVERIFY(cy.join(Test::webSocketUrl(*server, u"/chat")));
        QVERIFY(m_browser.open(pageOf(*server)));
        QVERIFY(m_browser.waitFor(connected));
        const QString bobsButton = u"document.querySelector('#members button.nick[title$=\"guest-1\"]')"_s;
        QVERIFY(m_browser.waitFor(bobsButton));
        QVERIFY(m_browser.evaluate(bobsButton + u".click(), true"_s).toBool());
        QVERIFY(m_browser.waitFor(u"!document.getElementById('private').hidden"_s));
        QCOMPARE(m_browser.evaluate(u"document.getElementById('private-to').textContent"_s).toString(), u"guest-1");
        QCOMPARE(m_browser.evaluate(u"document.activeElement.id"_s).toString(), u"text"); // ready to type

        QVERIFY(m_browser.type(u"just for bob"_s));
        const auto told = bob.nextOfType(u"message");
        QCOMPARE(told->value(u"text").toString(), u"just for bob");
        QCOMPARE(told->value(u"to").toString(), u"guest-1");
        const QString privateLines
            = u"[...document.querySelectorAll('#log li.message.private')].map((e) => e.textContent)"_s;
        QVERIFY(
            m_browser.waitFor(privateLines + u".some((t) => t.endsWith('guest-3→ guest-1(private)just for bob'))"_s));

        QVERIFY(m_browser.evaluate(u"document.getElementById('to-everyone').click(), true"_s).toBool());
        QVERIFY(m_browser.waitFor(u"document.getElementById('private').hidden"_s));
        QVERIFY(m_browser.evaluate(focusComposer).toBool());
        QVERIFY(m_browser.type(u"for everyone"_s));
        QCOMPARE(cy.nextOfType(u"message")->value(u"text").toString(), u"for everyone"); // never "just for bob"
        QVERIFY(!bob.nextOfType(u"message")->contains(u"to"));

        QJsonObject answer = message(u"got it"_s);
        answer.insert(u"to"_s, u"guest-3"_s);
        bob.sendJson(answer);
        QVERIFY(m_browser.waitFor(privateLines + u".some((t) => t.endsWith('guest-1→ guest-3(private)got it'))"_s));
    }

    // A page out of sight counts in its title what others say, not what was said before it came.
    void aHiddenPageCountsNewsNotHistory()
    {
        const auto server = Test::startServer(offering());
        QVERIFY(server);
        JsonClient bob;
        QVERIFY(bob.join(Test::webSocketUrl(*server, u"/chat")));
        bob.sendJson(message(u"said before"_s));
        QVERIFY(bob.nextOfType(u"message"));
        // The page as a tab in the background: hidden from its first line on.
        const auto hidden = m_browser.call(u"Page.addScriptToEvaluateOnNewDocument"_s,
            {{u"source"_s, u"Object.defineProperty(document, 'hidden', {get: () => true})"_s}});
        QVERIFY(hidden);
        QVERIFY(m_browser.open(pageOf(*server)));
        QVERIFY(m_browser.waitFor(connected));
        QVERIFY(m_browser.waitFor(messageTexts + u".includes('said before')"_s));
        QCOMPARE(m_browser.evaluate(u"document.title"_s).toString(), u"Duplex room");
        bob.sendJson(message(u"news"_s));
        QVERIFY(m_browser.waitFor(u"document.title === '(1) Duplex room'"_s));
        QVERIFY(m_browser.call(
            u"Page.removeScriptToEvaluateOnNewDocument"_s, {{u"identifier"_s, hidden->value(u"identifier"_s)}}));
    }

    // A room without WebSocket: the page lands on the first transport offered within 6 s and says why.
    void fallsBackAndSaysWhy_data()
    {
        QTest::addColumn<QList<ChatProtocol::Transport>>("offered");
        QTest::addColumn<QString>("lands");
        QTest::addColumn<QStringList>("reasons");
        using enum ChatProtocol::Transport;
        QTest::newRow("SSE") << QList {Sse, LongPoll, Poll} << u"sse"_s
                             << QStringList {u"Fell back to SSE"_s, u"WebSocket refused: 404"_s};
        QTest::newRow("long polls") << QList {LongPoll, Poll} << u"long-poll"_s
                                    << QStringList {u"WebSocket refused: 404"_s, u"SSE + POST refused: 404"_s};
    }
    void fallsBackAndSaysWhy()
    {
        QFETCH(QList<ChatProtocol::Transport>, offered);
        QFETCH(QString, lands);
        QFETCH(QStringList, reasons);
        const auto server = Test::startServer(offering(offered));
        QVERIFY(server);
        QVERIFY(m_browser.open(pageOf(*server)));
        QVERIFY(m_browser.waitFor(connected, 6000));
        QCOMPARE(m_browser.evaluate(activeTransport).toString(), lands);
        const QString why = m_browser.evaluate(explanation).toString();
        for (const QString &reason : reasons)
            QVERIFY2(why.contains(reason), qPrintable(why));
        QCOMPARE(server->room()->nicknames().size(), 1);
    }

    // A room with a password: the page asks for it, says when it was wrong, and joins with the right one; the room's
    // link with the password after '#' joins at once, over any transport, and leaves the address bar without it.
    void asksForTheRoomsPassword()
    {
        ServerConfig config = offering();
        config.password = u"open sesame+1"_s;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        const QString asking = u"!document.getElementById('password-form').hidden"_s;
        const QString question = u"document.getElementById('password-why').textContent"_s;
        QVERIFY(m_browser.open(pageOf(*server)));
        QVERIFY(m_browser.waitFor(asking));
        QCOMPARE(m_browser.evaluate(question).toString(), u"This room asks for a password:");
        QCOMPARE(m_browser.evaluate(u"document.activeElement.id"_s).toString(), u"password");
        QVERIFY(m_browser.type(u"open sesame"_s));
        QVERIFY(m_browser.waitFor(question + u" === \"That is not this room's password. Try again:\""_s));
        QVERIFY(m_browser.evaluate(asking).toBool());
        QVERIFY(server->room()->nicknames().isEmpty());
        QVERIFY(m_browser.type(u"open sesame+1"_s)); // the wrong one was selected: typing replaces it
        QVERIFY(m_browser.waitFor(connected));
        QCOMPARE(m_browser.evaluate(activeTransport).toString(), u"ws");
        QVERIFY(!m_browser.evaluate(asking).toBool());

        for (const QString &transport : {u"sse"_s, u"long-poll"_s}) {
            const auto linked = Test::startServer(config); // another origin: the page knows no password there
            QVERIFY(linked);
            const QString page = pageOf(*linked, u"?transport="_s + transport).toString();
            QVERIFY(m_browser.open(QUrl(page)));
            QVERIFY(m_browser.waitFor(asking));              // this transport, too, learns why it was refused
            QVERIFY(m_browser.open(QUrl(u"about:blank"_s))); // not a move within the page: it loads again
            QVERIFY(m_browser.open(QUrl(page + u"#password=open%20sesame%2B1"_s)));
            QVERIFY(m_browser.waitFor(connected));
            QCOMPARE(m_browser.evaluate(activeTransport).toString(), transport);
            QCOMPARE(m_browser.evaluate(u"location.href"_s).toString(), page);
            QCOMPARE(linked->room()->nicknames().size(), 1);
        }
    }

    // A file given up before the room answered its offer: the room's refusal of it is no news (the line says it was
    // cancelled), and the next file goes.
    void aRefusalOfAFileGivenUpIsNoNews()
    {
        ServerConfig config = offering();
        config.maxFileBytes = 1024; // the room refuses the first file: too large
        const auto server = Test::startServer(config);
        QVERIFY(server);
        JsonClient bob;
        QVERIFY(bob.join(Test::webSocketUrl(*server, u"/chat")));
        QVERIFY(m_browser.open(pageOf(*server)));
        QVERIFY(m_browser.waitFor(connected));
        // Pasted, and cancelled in the same turn of the page's loop: before any answer can arrive.
        QVERIFY(m_browser
                    .evaluate(u"(() => { const pasted = new DataTransfer();"
                              u"pasted.items.add(new File([new Uint8Array(2048)], 'large.bin'));"
                              u"pasted.items.add(new File(['fits'], 'small.txt'));"
                              u"document.getElementById('text').dispatchEvent(new ClipboardEvent('paste',"
                              u"  { clipboardData: pasted, bubbles: true, cancelable: true }));"
                              u"[...document.querySelectorAll('#log li.notice')].find((li) =>"
                              u"  li.querySelector('.text').textContent.startsWith('Offering "
                              u"large.bin')).querySelector('button').click();"
                              u"return true; })()"_s)
                    .toBool());
        const auto shared = bob.nextOfType(u"message");
        QVERIFY(shared);
        QCOMPARE(shared->value(u"file").toObject().value(u"name").toString(), u"small.txt");
        const QString notices = u"[...document.querySelectorAll('#log li.notice .text')].map((e) => e.textContent)"_s;
        QVERIFY(m_browser.waitFor(notices + u".includes('large.bin was not shared: you cancelled it.')"_s));
        const QStringList shown = strings(m_browser.evaluate(notices));
        QVERIFY2(
            std::none_of(shown.cbegin(), shown.cend(), [](const QString &n) { return n.startsWith(u"Not accepted"); }),
            qPrintable(shown.join(u'\n')));
    }

    // An upgrade that is never answered (a proxy that does not know WebSocket) costs one step's timeout, not more.
    void aSilentWebSocketTimesOutAndFallsBack()
    {
        const auto server = Test::startServer(offering());
        QVERIFY(server);
        QProcess proxy;
        proxy.start(u"/usr/bin/python3"_s, {QStringLiteral(SILENT_UPGRADE_PROXY), QString::number(server->port())});
        QVERIFY(Test::waitUntil([&proxy] { return proxy.canReadLine(); }, 20000));
        const quint16 proxyPort = proxy.readLine().trimmed().toUShort();
        QVERIFY(proxyPort);

        QVERIFY(m_browser.open(QUrl(u"http://127.0.0.1:%1/"_s.arg(proxyPort))));
        QVERIFY(m_browser.waitFor(connected, 12000));
        QCOMPARE(m_browser.evaluate(activeTransport).toString(), u"sse");
        const QString why = m_browser.evaluate(explanation).toString();
        QVERIFY2(why.contains(u"WebSocket got no answer in 5 s"_s), qPrintable(why));
        proxy.closeWriteChannel();
        QVERIFY(Test::waitUntil([&proxy] { return proxy.state() == QProcess::NotRunning; }));
    }

    // For teaching, ?transport= (or the picker) forces one transport even where WebSocket would work.
    void thePickerForcesATransport()
    {
        const auto server = Test::startServer(offering());
        QVERIFY(server);
        JsonClient bob;
        QVERIFY(bob.open(Test::webSocketUrl(*server, u"/chat")));
        QVERIFY(m_browser.open(pageOf(*server, u"?transport=poll"_s)));
        QVERIFY(m_browser.waitFor(connected));
        QCOMPARE(m_browser.evaluate(activeTransport).toString(), u"poll");
        QCOMPARE(m_browser.evaluate(u"document.getElementById('transport').value"_s).toString(), u"poll");
        bob.sendJson(message(u"polled"_s));
        QVERIFY(m_browser.waitFor(messageTexts + u".includes('polled')"_s)); // within a poll interval

        QVERIFY(m_browser
                    .evaluate(u"const picker = document.getElementById('transport'); picker.value = 'sse'; "
                              u"picker.dispatchEvent(new Event('change')), true"_s)
                    .toBool());
        QVERIFY(m_browser.waitFor(activeTransport + u" === 'sse'"_s));
        QCOMPARE(m_browser.evaluate(u"location.search"_s).toString(), u"?transport=sse");
        bob.sendJson(message(u"streamed"_s));
        QVERIFY(m_browser.waitFor(messageTexts + u".includes('streamed')"_s));
        QCOMPARE(m_browser.evaluate(messageTexts).toArray().size(), 2); // each once, across the switch
    }

    // A member the host kicked stays out, whatever it came over: the page says so and does not rejoin by itself.
    void aKickedPageStaysOut_data()
    {
        QTest::addColumn<QString>("transport");
        for (const QString &transport : {u"ws"_s, u"sse"_s, u"long-poll"_s, u"poll"_s})
            QTest::newRow(qPrintable(transport)) << transport;
    }
    void aKickedPageStaysOut()
    {
        QFETCH(QString, transport);
        const auto server = Test::startServer(offering());
        QVERIFY(server);
        QVERIFY(m_browser.open(pageOf(*server, u"?transport="_s + transport)));
        QVERIFY(m_browser.waitFor(connected));
        QCOMPARE(server->room()->nicknames().size(), 1);

        QVERIFY(server->room()->kick(server->room()->nicknames().constFirst(), u"behave"_s));
        QVERIFY(m_browser.waitFor(u"document.getElementById('connection').dataset.state === 'closed'"_s));
        QTest::qWait(1500); // longer than the first reconnection would wait
        QVERIFY(server->room()->nicknames().isEmpty());
    }

    // New messages scroll the log only for a reader at its end; one reading further up keeps their place.
    void followsTheConversationOnlyAtTheBottom()
    {
        const auto server = Test::startServer(offering());
        QVERIFY(server);
        QVERIFY(m_browser.open(pageOf(*server)));
        QVERIFY(m_browser.waitFor(connected));
        JsonClient bob;
        QVERIFY(bob.open(Test::webSocketUrl(*server, u"/chat")));
        for (int i = 0; i < 80; ++i)
            bob.sendJson(message(u"line %1"_s.arg(i)));
        QVERIFY(m_browser.waitFor(messageTexts + u".length === 80"_s));
        const QString log = u"document.getElementById('log')"_s;
        const QString atBottom = log + u".scrollHeight - " + log + u".scrollTop - " + log + u".clientHeight < 8";
        QVERIFY(m_browser.waitFor(atBottom));

        QVERIFY(m_browser.evaluate(log + u".scrollTop = 100, true"_s).toBool());
        bob.sendJson(message(u"while reading"_s));
        QVERIFY(m_browser.waitFor(messageTexts + u".includes('while reading')"_s));
        QCOMPARE(m_browser.evaluate(log + u".scrollTop"_s).toInt(), 100);

        QVERIFY(m_browser.evaluate(log + u".scrollTop = " + log + u".scrollHeight, true").toBool());
        bob.sendJson(message(u"back at the end"_s));
        QVERIFY(m_browser.waitFor(messageTexts + u".includes('back at the end')"_s));
        QVERIFY(m_browser.waitFor(atBottom));
    }

    // What members say is only ever text: markup stays literal and runs nothing.
    void membersTextIsNeverMarkup()
    {
        const auto server = Test::startServer(offering({ChatProtocol::Transport::WebSocket}));
        QVERIFY(server);
        QVERIFY(m_browser.open(pageOf(*server)));
        QVERIFY(m_browser.waitFor(connected));
        JsonClient mallory;
        QVERIFY(mallory.open(Test::webSocketUrl(*server, u"/chat")));
        const QStringList attacks {u"<img src=x onerror=\"window.pwned = 1\">"_s, u"<b>hi</b>"_s,
            u"<a href=\"javascript:window.pwned = 2\">click</a>"_s, u"javascript:window.pwned = 3"_s};
        for (const QString &attack : attacks)
            mallory.sendJson(message(attack));
        QVERIFY(m_browser.waitFor(messageTexts + u".length === 4"_s));
        QCOMPARE(strings(m_browser.evaluate(messageTexts)), attacks);
        QCOMPARE(m_browser.evaluate(u"document.querySelectorAll('#log img, #log b, #log a').length"_s).toInt(-1), 0);
        QCOMPARE(m_browser.evaluate(u"typeof window.pwned"_s).toString(), u"undefined");
    }

    // The server goes away and comes back on the same port: the page reconnects by itself and shows every message
    // sent meanwhile exactly once.
    void reconnectsAfterARestartWithEveryMessageOnce()
    {
        ServerConfig config = offering();
        auto server = Test::startServer(config);
        QVERIFY(server);
        QVERIFY(m_browser.open(pageOf(*server)));
        QVERIFY(m_browser.waitFor(connected));
        {
            JsonClient before;
            QVERIFY(before.open(Test::webSocketUrl(*server, u"/chat")));
            before.sendJson(message(u"before"_s));
            QVERIFY(m_browser.waitFor(messageTexts + u".includes('before')"_s));
        }

        config.port = server->port();
        server.reset(); // every connection dies at once, as when the process is killed
        QVERIFY(m_browser.waitFor(u"!(" + connected + u')'));
        server = Test::startServer(config);
        QVERIFY(server);
        JsonClient meanwhile;
        QVERIFY(meanwhile.open(Test::webSocketUrl(*server, u"/chat")));
        for (const QString &text : {u"one"_s, u"two"_s, u"three"_s})
            meanwhile.sendJson(message(text));

        QVERIFY(m_browser.waitFor(connected, 15000)); // the first retries wait at most 0.5 s, 1 s, 2 s, ...
        meanwhile.sendJson(message(u"after"_s));
        QVERIFY(m_browser.waitFor(messageTexts + u".includes('after')"_s));
        QCOMPARE(strings(m_browser.evaluate(messageTexts)),
            QStringList({u"before"_s, u"one"_s, u"two"_s, u"three"_s, u"after"_s}));
    }

    // Thirty members arriving at once reach the page's list each once, the batch as one line, and so does their
    // leaving, over a WebSocket as over SSE (where each kind of object is an event the page must listen for).
    void aStormOfJoinsAndLeavesReachesThePageOnce_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("transport");
        QTest::newRow("WebSocket") << QString() << u"ws"_s;
        QTest::newRow("SSE") << u"?transport=sse"_s << u"sse"_s;
    }
    void aStormOfJoinsAndLeavesReachesThePageOnce()
    {
        QFETCH(QString, query);
        QFETCH(QString, transport);
        const auto server = Test::startServer(offering());
        QVERIFY(server);
        QVERIFY(m_browser.open(pageOf(*server, query)));
        QVERIFY(m_browser.waitFor(connected));
        QCOMPARE(m_browser.evaluate(activeTransport).toString(), transport);
        std::vector<std::unique_ptr<JsonClient>> crowd;
        for (int i = 0; i < 30; ++i) {
            crowd.push_back(std::make_unique<JsonClient>());
            crowd.back()->socket.open(Test::webSocketUrl(*server, u"/chat"));
        }
        QVERIFY(m_browser.waitFor(u"document.getElementById('count').textContent === '31'"_s));
        QCOMPARE(m_browser.evaluate(u"document.querySelectorAll('#members li').length"_s).toInt(), 31);
        const QString notices = u"[...document.querySelectorAll('#log .notice .text')].map((e) => e.textContent)"_s;
        QVERIFY(m_browser.waitFor(notices + u".some((text) => /^\\d+ joined: guest-/.test(text))"_s));

        for (const auto &member : crowd)
            member->socket.close();
        QVERIFY(m_browser.waitFor(u"document.getElementById('count').textContent === '1'"_s));
        QCOMPARE(m_browser.evaluate(u"document.querySelectorAll('#members li').length"_s).toInt(), 1);
        QVERIFY(m_browser.waitFor(notices + u".some((text) => /^\\d+ left: guest-.* \\(left\\)$/.test(text))"_s));
    }

    // 400 members are there when the page arrives, and it still talks at once.
    void aCrowdedRoomStaysResponsive()
    {
        const auto server = Test::startServer(offering({ChatProtocol::Transport::WebSocket}));
        QVERIFY(server);
        std::vector<std::unique_ptr<JsonClient>> crowd;
        for (int i = 0; i < 400; ++i) {
            crowd.push_back(std::make_unique<JsonClient>());
            crowd.back()->socket.open(Test::webSocketUrl(*server, u"/chat"));
        }
        QVERIFY(Test::waitUntil([&server] { return server->room()->nicknames().size() == 400; }, 30000));

        QVERIFY(m_browser.open(pageOf(*server)));
        QVERIFY(m_browser.waitFor(connected));
        QVERIFY(m_browser.waitFor(u"document.getElementById('count').textContent === '401'"_s));
        QCOMPARE(m_browser.evaluate(u"document.querySelectorAll('#members li').length"_s).toInt(), 401);

        crowd.front()->sendJson(message(u"ping from the crowd"_s));
        QVERIFY(m_browser.waitFor(messageTexts + u".includes('ping from the crowd')"_s, 5000));
        QVERIFY(m_browser.evaluate(focusComposer).toBool());
        QSignalSpy posted(server->room(), &ChatRoom::messagePosted);
        QVERIFY(m_browser.type(u"pong from the page"_s));
        QVERIFY(Test::waitUntil([&posted] { return !posted.isEmpty(); }));
        // To the last of the crowd, through 400 deliveries: generous, for ASan on a busy machine.
        QVERIFY(Test::waitUntil(
            [&] {
                while (const auto object = crowd.back()->next(0)) {
                    if (object->value(u"text").toString() == u"pong from the page")
                        return true;
                }
                return false;
            },
            20000));
    }

    // A file chosen in the page goes to the room in pieces and reaches a WebSocket member whole; a picture shared by
    // that member shows in the page once asked for. Over SSE the page offers no file (its bytes need WebSocket).
    void sharesFilesBothWays()
    {
        const auto server = Test::startServer(offering());
        QVERIFY(server);
        JsonClient bob;
        QVERIFY(bob.join(Test::webSocketUrl(*server, u"/chat")));
        QVERIFY(m_browser.open(pageOf(*server)));
        QVERIFY(m_browser.waitFor(connected));
        QVERIFY(m_browser.evaluate(u"!document.getElementById('attach').disabled"_s).toBool());

        QTemporaryDir directory;
        QByteArray bytes(300'000, Qt::Uninitialized);
        for (qsizetype i = 0; i < bytes.size(); ++i)
            bytes[i] = char(i * 7919 % 251);
        const QString chosen = Test::writtenFile(directory, u"notes from the page.bin"_s, bytes);
        QVERIFY(!chosen.isEmpty());
        const auto document = m_browser.call(u"DOM.getDocument"_s);
        QVERIFY(document);
        const auto input = m_browser.call(u"DOM.querySelector"_s,
            {{u"nodeId"_s, document->value(u"root"_s).toObject().value(u"nodeId"_s)}, {u"selector"_s, u"#file"_s}});
        QVERIFY(input);
        QVERIFY(m_browser.call(
            u"DOM.setFileInputFiles"_s, {{u"files"_s, QJsonArray {chosen}}, {u"nodeId"_s, input->value(u"nodeId"_s)}}));
        const auto shared = bob.nextOfType(u"message", 20000);
        QVERIFY(shared);
        const QJsonObject file = shared->value(u"file").toObject();
        QCOMPARE(file.value(u"name").toString(), u"notes from the page.bin");
        QCOMPARE(file.value(u"size").toInteger(), bytes.size());
        const QByteArray fetched = Test::httpExchange(
            server->port(), "GET " + file.value(u"url").toString().toLatin1() + " HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(fetched.endsWith(bytes));
        // The progress line goes once the room has it all.
        QVERIFY(m_browser.waitFor(u"document.querySelector('#log a.file')?.textContent === 'notes from the page.bin'"
                                  u" && ![...document.querySelectorAll('#log li.notice .text')]"
                                  u".some((e) => /^(Sending|Offering)/.test(e.textContent))"_s));

        QImage picture(8, 6, QImage::Format_RGB32);
        picture.fill(Qt::darkGreen);
        QBuffer png;
        QVERIFY(png.open(QIODevice::WriteOnly) && picture.save(&png, "PNG"));
        bob.sendJson({{u"type"_s, u"file"_s}, {u"name"_s, u"green.png"_s}, {u"size"_s, png.data().size()},
            {u"mime"_s, u"image/png"_s}});
        QVERIFY(bob.nextOfType(u"upload"));
        bob.socket.sendBinaryMessage(png.data());
        QVERIFY(m_browser.waitFor(u"[...document.querySelectorAll('#log a.file')].some((a) => a.textContent === "
                                  u"'green.png')"_s));
        QVERIFY(m_browser.evaluate(u"document.querySelector('#log img')"_s).isNull()); // not before it is asked for
        QVERIFY(m_browser.evaluate(u"document.querySelector('#log button.link').click(), true"_s).toBool());
        QVERIFY(m_browser.waitFor(u"document.querySelector('#log img.picture')?.naturalWidth === 8"_s));

        // Files chosen together go in turn; one given up while it is sent is never announced, and the room takes
        // the next at once. The page reads no more of a file while 1 MiB waits in its socket: its Cancel is
        // clicked then.
        const QString large = Test::writtenFile(directory, u"large.bin"_s, QByteArray(32 << 20, '\0'));
        const QString after = Test::writtenFile(directory, u"after.txt"_s, "after");
        QVERIFY(!large.isEmpty() && !after.isEmpty());
        QVERIFY(m_browser.call(u"DOM.setFileInputFiles"_s,
            {{u"files"_s, QJsonArray {large, after}}, {u"nodeId"_s, input->value(u"nodeId"_s)}}));
        QVERIFY(
            m_browser
                .evaluate(u"new Promise((resolve) => { const check = () => {"
                          u"  const line = [...document.querySelectorAll('#log li.notice')]"
                          u"    .find((li) => li.querySelector('.text').textContent.startsWith('Sending large.bin'));"
                          u"  if (line) { line.querySelector('button').click(); resolve(true); }"
                          u"  else setTimeout(check, 0);"
                          u"}; check(); })"_s)
                .toBool());
        QStringList announced;
        while (const auto message = bob.nextOfType(u"message", 20000)) {
            announced.append(message->value(u"file").toObject().value(u"name").toString());
            if (announced.last() == u"after.txt")
                break;
        }
        QCOMPARE(announced, (QStringList {u"green.png"_s, u"after.txt"_s}));
        QVERIFY(m_browser.waitFor(u"[...document.querySelectorAll('#log li.notice .text')]"
                                  u".some((e) => e.textContent === 'large.bin was not shared: you cancelled it.')"_s));

        // A file dropped on the page is shared as a chosen one is (and the page is not left for the file).
        const QString dropped = Test::writtenFile(directory, u"dropped.txt"_s, "dropped");
        QVERIFY(!dropped.isEmpty());
        const QJsonObject dragged {
            {u"items"_s, QJsonArray {}}, {u"files"_s, QJsonArray {dropped}}, {u"dragOperationsMask"_s, 1}};
        for (const QString &type : {u"dragEnter"_s, u"dragOver"_s, u"drop"_s}) {
            QVERIFY(m_browser.call(
                u"Input.dispatchDragEvent"_s, {{u"type"_s, type}, {u"x"_s, 100}, {u"y"_s, 200}, {u"data"_s, dragged}}));
        }
        const auto droppedShared = bob.nextOfType(u"message", 20000);
        QVERIFY(droppedShared);
        QCOMPARE(droppedShared->value(u"file").toObject().value(u"name").toString(), u"dropped.txt");
        QVERIFY(m_browser.evaluate(u"location.pathname"_s).toString() == u"/");

        // A picture pasted into the message box is shared (the DataTransfer a paste of a screenshot carries).
        QVERIFY(m_browser
                    .evaluate(u"(() => { const pasted = new DataTransfer();"
                              u"pasted.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'image.png',"
                              u"  { type: 'image/png' }));"
                              u"document.getElementById('text').dispatchEvent(new ClipboardEvent('paste',"
                              u"  { clipboardData: pasted, bubbles: true, cancelable: true }));"
                              u"return true; })()"_s)
                    .toBool());
        const auto pastedShared = bob.nextOfType(u"message", 20000);
        QVERIFY(pastedShared);
        QCOMPARE(pastedShared->value(u"file").toObject().value(u"name").toString(), u"image.png");
        QCOMPARE(pastedShared->value(u"file").toObject().value(u"size").toInteger(), 4);
        QCOMPARE(m_browser.evaluate(u"document.getElementById('text').value"_s).toString(), QString());

        QVERIFY(m_browser.open(pageOf(*server, u"?transport=sse"_s)));
        QVERIFY(m_browser.waitFor(connected));
        QVERIFY(m_browser.evaluate(u"document.getElementById('attach').disabled"_s).toBool());
        QVERIFY(m_browser.evaluate(u"document.getElementById('attach').title"_s).toString().contains(u"WebSocket"));
    }

private:
    Test::HeadlessBrowser m_browser;
};

QTEST_GUILESS_MAIN(tst_BrowserPage)
#include "tst_browserpage.moc"
