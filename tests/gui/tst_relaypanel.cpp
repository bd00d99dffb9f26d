// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The Relay tab: started on a free port of 127.0.0.1 towards Duplex's own room or Debian's python3-websockets over
// TLS, directly or through a SOCKS5 proxy (tests/e2e/python_proxy.py), with Qt's QWebSocket as the client it carries.
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTest>
#include <QWebSocket>

#include "client/certificatetrust.h"
#include "support/eventwait.h"
#include "support/pythonserver.h"
#include "support/questionanswerer.h"
#include "support/rawpeers.h"
#include "support/testserver.h"
#include "support/trafficevents.h"
#include "traffic/networkthread.h"
#include "traffic/trafficlog.h"
#include "ui/interceptview.h"
#include "ui/relaypanel.h"

using namespace Duplex;
using Test::waitUntil;

class tst_RelayPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_settings.clear();
        m_log = std::make_unique<TrafficLog>();
        m_network = std::make_unique<NetworkThread>(*m_log);
        m_trust = std::make_unique<CertificateTrust>();
        m_panel = std::make_unique<RelayPanel>(*m_network, m_settings, *m_trust);
        m_panel->port()->setValue(0); // any free port
        m_panel->show();
    }

    void cleanup()
    {
        m_answers.stop();
        m_answers.clear();
        m_panel.reset();
        m_trust.reset();
        m_network.reset();
        m_log.reset();
    }

    // The upstream through a proxy, remembered without its password and fixed while the relay runs; one that cannot
    // be used is said and nothing starts.
    void reachesTheUpstreamThroughAProxy()
    {
        const auto room = Test::startServer();
        QVERIFY(room);
        m_panel->upstream()->setText(Test::webSocketUrl(*room, u"/echo").toString());
        m_panel->proxy()->setText(u"socks5://127.0.0.1"_qs);
        QVERIFY(!m_panel->toggle());
        QCOMPARE(m_panel->problem()->text(),
            u"The relay did not start: the proxy needs its port, as in socks5://127.0.0.1:1080."_qs);

        Test::PythonServer proxy(Test::PythonServer::Program::Proxy);
        QVERIFY(proxy.start({u"socks5"_qs, u"ann"_qs, u"s3cret"_qs}));
        m_panel->proxy()->setText(u"socks5://ann:s3cret@127.0.0.1:%1"_qs.arg(proxy.port()));
        QVERIFY(m_panel->toggle());
        QVERIFY(!m_panel->proxy()->isEnabled());
        QWebSocket client;
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        client.open(QUrl(m_panel->clientAddress()));
        QVERIFY(waitUntil([&] { return client.state() == QAbstractSocket::ConnectedState; }));
        client.sendTextMessage(u"by way of a proxy"_qs);
        QVERIFY(waitUntil([&] { return texts.size() == 1; }));
        QVERIFY(proxy.said().contains(u"tunnel 127.0.0.1:%1"_qs.arg(room->port())));
        QCOMPARE(RelayPanel(*m_network, m_settings, *m_trust).proxy()->text(),
            u"socks5://ann@127.0.0.1:%1"_qs.arg(proxy.port()));
    }

    // Start shows the address to give the client, with the upstream's path; a client there reaches the room's
    // echo through it, and the panel counts the connection; Stop asks first while it carries one.
    void carriesAClientToTheUpstreamAndAsksBeforeStopping()
    {
        const auto room = Test::startServer();
        QVERIFY(room);
        m_panel->upstream()->setText(Test::webSocketUrl(*room, u"/echo").toString() + u"?a=%2F#x");
        QVERIFY(m_panel->toggle());
        QVERIFY(m_panel->isRelaying());
        const QUrl address(m_panel->clientAddress());
        QCOMPARE(address.host(), u"127.0.0.1"_qs);
        QCOMPARE(address.path(), u"/echo"_qs);
        QCOMPARE(address.query(QUrl::FullyEncoded), u"a=%2F"_qs); // as given
        QVERIFY(!address.hasFragment());
        QVERIFY(address.port() > 0);
        QVERIFY(!m_panel->upstream()->isEnabled());

        QWebSocket client;
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        client.open(address);
        QVERIFY(waitUntil([&] { return client.state() == QAbstractSocket::ConnectedState; }));
        client.sendTextMessage(u"through the relay"_qs);
        QVERIFY(waitUntil([&] { return texts.size() == 1; }));
        QCOMPARE(texts.first().first().toString(), u"through the relay"_qs);
        QVERIFY(waitUntil([this] { return m_panel->carried() == 1; }));
        QVERIFY2(m_panel->status()->text().contains(u"1 connection now"), qPrintable(m_panel->status()->text()));
        QVERIFY(waitUntil([&] { return !Test::eventsOf<ConnectionOpened>(*m_log).isEmpty(); }));
        QCOMPARE(Test::eventsOf<ConnectionOpened>(*m_log).first().relayedFor,
            u"127.0.0.1:%1"_qs.arg(client.localPort())); // the monitor's record, through the network thread

        m_answers.answerWith(QMessageBox::tr("Cancel"));
        QVERIFY(!m_panel->toggle());
        QCOMPARE(m_answers.questions(), QStringList {u"1 connection through the relay will end."_qs});
        QVERIFY(m_panel->isRelaying());
        QCOMPARE(client.state(), QAbstractSocket::ConnectedState);

        m_answers.answerWith(u"Stop the Relay"_qs);
        QVERIFY(m_panel->toggle());
        QVERIFY(!m_panel->isRelaying());
        QVERIFY(waitUntil([&] { return client.state() == QAbstractSocket::UnconnectedState; }));
        QVERIFY(m_panel->clientAddress().isEmpty());
        QVERIFY(m_panel->upstream()->isEnabled());
        QCOMPARE(m_panel->status()->text(), u"Stopped."_qs);
    }

    // An upstream, or TLS files, the relay cannot use are said, and nothing starts; an upstream that works is
    // remembered. The TLS files of a wss:// upstream are not in the way of a ws:// one.
    void saysWhyItDidNotStartAndRemembersWhatDid()
    {
        m_panel->upstream()->setText(u"http://example.com/"_qs);
        QVERIFY(!m_panel->toggle());
        QVERIFY(!m_panel->isRelaying());
        QVERIFY(!m_panel->problem()->isHidden());
        QVERIFY2(m_panel->problem()->text().contains(u"ws:// or wss://"), qPrintable(m_panel->problem()->text()));

        // The TLS rows are a wss:// upstream's: shown, and read, for it only.
        m_panel->upstream()->setText(u"wss://127.0.0.1:9/feed"_qs);
        QVERIFY(m_panel->tlsFiles().certificate()->isVisibleTo(m_panel.get()));
        m_panel->tlsFiles().certificate()->setText(u"/nonexistent/relay.pem"_qs);
        QVERIFY(!m_panel->toggle());
        QVERIFY2(m_panel->problem()->text().contains(u"give both files"_qs), qPrintable(m_panel->problem()->text()));
        m_panel->upstream()->setText(u"ws://127.0.0.1:9/feed"_qs);
        QVERIFY(!m_panel->tlsFiles().certificate()->isVisibleTo(m_panel.get()));
        QVERIFY(!m_panel->tlsFiles().authorities()->isVisibleTo(m_panel.get()));

        m_panel->port()->setValue(Test::freePort());
        QVERIFY(m_panel->toggle());
        QVERIFY(m_panel->problem()->isHidden());
        RelayPanel again(*m_network, m_settings, *m_trust);
        QCOMPARE(again.upstream()->text(), u"ws://127.0.0.1:9/feed"_qs);
        QCOMPARE(again.port()->value(), m_panel->port()->value());
    }

    // A wss:// upstream whose certificate does not verify: the client is refused and the panel asks; trusted once,
    // the client's next connection goes through.
    void asksAboutAnUpstreamCertificate()
    {
        const Test::SelfSignedCertificate files(u"duplex-test-upstream"_qs);
        QVERIFY(files.isValid());
        Test::PythonServer server;
        QVERIFY(server.start(files.serverArguments()));
        m_panel->upstream()->setText(u"wss://127.0.0.1:%1/"_qs.arg(server.port()));
        QVERIFY(m_panel->toggle());

        m_answers.answerWith(QMessageBox::tr("Trust &once"));
        QWebSocket refused;
        refused.open(QUrl(m_panel->clientAddress()));
        QVERIFY(waitUntil([&] { return m_answers.questions().size() == 1; }));
        QVERIFY2(
            m_answers.questions().first().contains(u"duplex-test-upstream"), qPrintable(m_answers.questions().first()));
        QVERIFY(m_panel->status()->text().contains(u"is trusted"));

        QWebSocket client;
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        client.open(QUrl(m_panel->clientAddress()));
        QVERIFY(waitUntil([&] { return client.state() == QAbstractSocket::ConnectedState; }));
        client.sendTextMessage(u"over TLS"_qs);
        QVERIFY(waitUntil([&] { return texts.size() == 1; }));
        QCOMPARE(refused.state(), QAbstractSocket::UnconnectedState);
    }

    // Intercept mode: a held message is listed and shown, goes on as edited or is dropped; binary is edited as hex
    // bytes and what is not is said; a message of one's own goes to the client; stopping says what it holds.
    void holdsEditsAndSendsMessages()
    {
        const auto room = Test::startServer();
        QVERIFY(room);
        QVERIFY(interceptTo(*room));
        InterceptView &view = *m_panel->intercept();
        QVERIFY(view.isVisible());
        QVERIFY(!m_panel->intercepting()->isEnabled());
        view.holdToServer()->setChecked(true);

        QWebSocket client;
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        QSignalSpy binaries(&client, &QWebSocket::binaryMessageReceived);
        client.open(QUrl(m_panel->clientAddress()));
        QVERIFY(waitUntil([&] { return client.state() == QAbstractSocket::ConnectedState; }));
        QVERIFY(waitUntil([&] { return view.connections()->count() == 1; }));
        client.sendTextMessage(u"please hold"_qs);
        client.sendBinaryMessage(QByteArray("\x01\xff"));
        QVERIFY(waitUntil([&] { return view.held()->count() == 2; }));
        QCOMPARE(view.held()->item(0)->text(),
            u"→ server · 127.0.0.1:%1 · text, 11 bytes: please hold"_qs.arg(client.localPort()));
        QCOMPARE(view.editor()->toPlainText(), u"please hold"_qs);

        view.editor()->setPlainText(u"edited by hand"_qs);
        QVERIFY(view.forwardSelected());
        QVERIFY(waitUntil([&] { return texts.size() == 1; }));
        QCOMPARE(texts.first().first().toString(), u"edited by hand"_qs);
        QVERIFY(waitUntil([&] { return view.held()->count() == 1; }));
        view.held()->setCurrentRow(0);
        QCOMPARE(view.editor()->toPlainText(), u"01 ff"_qs);
        view.editor()->setPlainText(u"01 fg"_qs);
        QVERIFY(!view.forwardSelected());
        QVERIFY2(view.problem()->text().contains(u"hex bytes"), qPrintable(view.problem()->text()));
        view.editor()->setPlainText(u"0a0B 0c"_qs);
        QVERIFY(view.forwardSelected());
        QVERIFY(view.problem()->isHidden());
        QVERIFY(waitUntil([&] { return binaries.size() == 1; }));
        QCOMPARE(binaries.first().first().toByteArray(), QByteArray("\x0a\x0b\x0c"));

        view.composer()->setText(u"from the relay"_qs);
        QVERIFY(view.send(Direction::ServerToClient));
        QVERIFY(waitUntil([&] { return texts.size() == 2; }));
        QCOMPARE(texts.last().first().toString(), u"from the relay"_qs);
        QVERIFY(view.composer()->text().isEmpty());

        client.sendTextMessage(u"to drop"_qs);
        QVERIFY(waitUntil([&] { return view.held()->count() == 1; }));
        m_answers.answerWith(QMessageBox::tr("Cancel"));
        QVERIFY(!m_panel->toggle());
        QCOMPARE(m_answers.questions(),
            QStringList {u"1 connection through the relay will end, and 1 message it holds with them."_qs});
        QVERIFY(view.dropSelected());
        QVERIFY(waitUntil([&] { return view.held()->count() == 0; }));
        QVERIFY(!waitUntil([&] { return texts.size() == 3; }, 300));
        client.close();
        QVERIFY(waitUntil([&] { return view.connections()->count() == 0; }));
        QVERIFY(!view.send(Direction::ServerToClient));
        QVERIFY(view.problem()->text().contains(u"No connection"));
    }

    // A pattern holds only what it finds; one that is not a regular expression is said, and changes nothing.
    void holdsOnlyWhatThePatternFinds()
    {
        const auto room = Test::startServer();
        QVERIFY(room);
        QVERIFY(interceptTo(*room));
        InterceptView &view = *m_panel->intercept();
        view.holdToServer()->setChecked(true);
        view.holdPattern()->setText(u"order"_qs);
        view.holdPattern()->setText(u"order("_qs);
        QVERIFY2(view.problem()->text().contains(u"still applies"_qs), qPrintable(view.problem()->text()));

        QWebSocket client;
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        client.open(QUrl(m_panel->clientAddress()));
        QVERIFY(waitUntil([&] { return client.state() == QAbstractSocket::ConnectedState; }));
        client.sendTextMessage(u"just chatting"_qs);
        QVERIFY(waitUntil([&] { return texts.size() == 1; }));
        client.sendTextMessage(u"an order of tea"_qs);
        QVERIFY(waitUntil([&] { return view.held()->count() == 1; }));
        view.holdPattern()->clear(); // every message from now on
        client.sendTextMessage(u"anything"_qs);
        QVERIFY(waitUntil([&] { return view.held()->count() == 2; }));
        QVERIFY(view.problem()->isHidden());
        QVERIFY(view.forwardAll());
        QVERIFY(waitUntil([&] { return texts.size() == 3; }));
    }

    // An edit stays with its message while another is shown, and Forward All sends each as edited.
    void keepsEachEditWithItsMessage()
    {
        const auto room = Test::startServer();
        QVERIFY(room);
        QWebSocket client;
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        QVERIFY(holdFirstAndSecond(*room, client));
        InterceptView &view = *m_panel->intercept();
        view.editor()->setPlainText(u"first, edited"_qs);
        view.held()->setCurrentRow(1);
        QCOMPARE(view.editor()->toPlainText(), u"second"_qs);
        view.editor()->setPlainText(u"second, edited"_qs);
        view.held()->setCurrentRow(0);
        QCOMPARE(view.editor()->toPlainText(), u"first, edited"_qs);
        QVERIFY(view.forwardAll());
        QVERIFY(waitUntil([&] { return texts.size() == 2; }));
        QCOMPARE(texts[0].first().toString(), u"first, edited"_qs);
        QCOMPARE(texts[1].first().toString(), u"second, edited"_qs);
        QVERIFY(waitUntil([&] { return view.held()->count() == 0; }));
        QVERIFY(view.editor()->toPlainText().isEmpty());
    }

    // Held messages whose connection ends are gone from the list, and the view says they were not delivered.
    void saysWhatWasNotDelivered()
    {
        const auto room = Test::startServer();
        QVERIFY(room);
        QWebSocket client;
        QVERIFY(holdFirstAndSecond(*room, client));
        InterceptView &view = *m_panel->intercept();
        view.editor()->setPlainText(u"first, edited"_qs);
        client.abort();
        QVERIFY(waitUntil([&] { return view.held()->count() == 0; }));
        QVERIFY(waitUntil([&] { return !view.problem()->isHidden(); }));
        static const QRegularExpression said(
            u"^2 held messages were not delivered: connection #\\d+ for 127\\.0\\.0\\.1:\\d+ "
            "ended first\\.$"_qs);
        QVERIFY2(said.match(view.problem()->text()).hasMatch(), qPrintable(view.problem()->text()));
        QVERIFY(view.editor()->toPlainText().isEmpty());
    }

private:
    // Starts the relay in intercept mode towards the room's echo.
    bool interceptTo(const Server &room)
    {
        m_panel->upstream()->setText(Test::webSocketUrl(room, u"/echo").toString());
        m_panel->intercepting()->setChecked(true);
        return m_panel->toggle();
    }
    // And holds what client sends it to the server: "first" and "second".
    bool holdFirstAndSecond(const Server &room, QWebSocket &client)
    {
        if (!interceptTo(room))
            return false;
        m_panel->intercept()->holdToServer()->setChecked(true);
        client.open(QUrl(m_panel->clientAddress()));
        if (!waitUntil([&] { return client.state() == QAbstractSocket::ConnectedState; }))
            return false;
        client.sendTextMessage(u"first"_qs);
        client.sendTextMessage(u"second"_qs);
        return waitUntil([this] { return m_panel->intercept()->held()->count() == 2; });
    }

    QSettings m_settings {QSettings::IniFormat, QSettings::UserScope, u"DuplexTest"_qs, u"tst_relaypanel"_qs};
    Test::QuestionAnswerer m_answers; // of the questions the panel asks
    std::unique_ptr<TrafficLog> m_log;
    std::unique_ptr<NetworkThread> m_network;
    std::unique_ptr<CertificateTrust> m_trust;
    std::unique_ptr<RelayPanel> m_panel;
};

QTEST_MAIN(tst_RelayPanel)
#include "tst_relaypanel.moc"
