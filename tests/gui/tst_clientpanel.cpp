// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The Client tab's connection and frame options: compression offered or not, a client certificate and authorities
// for wss:// (against Debian's python3-websockets over TLS asking for a client certificate), messages in fragments
// and unsolicited pongs (against Duplex's room), a SOCKS5 proxy, a recorded connection replayed. Everything on
// 127.0.0.1.
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTest>

#include "client/certificatetrust.h"
#include "support/eventwait.h"
#include "support/pythonserver.h"
#include "support/testserver.h"
#include "support/trafficevents.h"
#include "traffic/networkthread.h"
#include "traffic/trafficlog.h"
#include "ui/clientpanel.h"

using namespace Duplex;
using Test::waitUntil;

class tst_ClientPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_settings.clear();
        m_log = std::make_unique<TrafficLog>();
        m_network = std::make_unique<NetworkThread>(*m_log);
        m_panel = std::make_unique<ClientPanel>(*m_network, m_settings, m_trust);
    }
    void cleanup()
    {
        m_panel.reset();
        m_network.reset();
        m_log.reset();
    }

    // With the client's certificate, its key and the server's authority given, a server that asks for a certificate
    // takes the connection, no question asked, and the files and the choice not to offer compression are remembered.
    void connectsWithItsOwnCertificate()
    {
        const Test::SelfSignedCertificate server(u"duplex-test-server"_qs);
        const Test::SelfSignedCertificate client(u"duplex-test-client"_qs);
        QVERIFY(server.isValid() && client.isValid());
        Test::PythonServer python;
        QVERIFY(python.start(server.serverArguments(client)));
        m_panel->tlsFiles().certificate()->setText(client.certPath());
        m_panel->tlsFiles().key()->setText(client.keyPath());
        m_panel->tlsFiles().authorities()->setText(server.certPath());
        m_panel->offerDeflate()->setChecked(false);
        QVERIFY(m_panel->connectTo(QUrl(u"wss://127.0.0.1:%1/"_qs.arg(python.port()))));
        QVERIFY2(waitUntil([this] { return m_panel->state() == ClientSession::State::Open; }),
            qPrintable(m_panel->log()->toPlainText()));
        QVERIFY(waitUntil([this] { return !Test::eventsOf<HandshakeExchanged>(*m_log).isEmpty(); }));
        QVERIFY(!Test::eventsOf<HandshakeExchanged>(*m_log).first().request.contains("permessage-deflate"));

        const ClientPanel again(*m_network, m_settings, m_trust);
        QCOMPARE(again.tlsFiles().certificate()->text(), client.certPath());
        QCOMPARE(again.tlsFiles().key()->text(), client.keyPath());
        QCOMPARE(again.tlsFiles().authorities()->text(), server.certPath());
        QVERIFY(!again.offerDeflate()->isChecked());
    }

    // A file that is not what it should be is said before anything connects to a wss:// server.
    void saysWhichFileCannotBeUsed()
    {
        const Test::SelfSignedCertificate files(u"duplex-test-client"_qs);
        QVERIFY(files.isValid());
        m_panel->tlsFiles().certificate()->setText(files.keyPath()); // a key where the certificate goes
        m_panel->tlsFiles().key()->setText(files.keyPath());
        QVERIFY(!m_panel->connectTo(QUrl(u"wss://127.0.0.1:9/"_qs)));
        const QString log = m_panel->log()->toPlainText();
        QVERIFY2(log.contains(u"The TLS files cannot be used: %1 holds no PEM certificate."_qs.arg(files.keyPath())),
            qPrintable(log));
        QCOMPARE(m_panel->state(), ClientSession::State::Closed);
        QVERIFY(m_panel->tlsFiles().certificate()->isVisibleTo(m_panel.get()));

        // They are wss://'s: hidden and not read for ws://, shown for a variable that makes the URL wss://.
        const auto room = Test::startServer();
        QVERIFY(room);
        QVERIFY(m_panel->connectTo(Test::webSocketUrl(*room, u"/echo")));
        QVERIFY(!m_panel->tlsFiles().certificate()->isVisibleTo(m_panel.get()));
        QVERIFY(waitUntil([this] { return m_panel->state() == ClientSession::State::Open; }));
        QVERIFY(m_panel->setVariables(u"server = wss://127.0.0.1:9"_qs).isEmpty());
        m_panel->urlField()->setCurrentText(u"{{server}}/feed"_qs);
        QVERIFY(m_panel->tlsFiles().certificate()->isVisibleTo(m_panel.get()));
    }

    // Fragments of 3 bytes and a pong nobody asked for, as the room's own log of the connection has them.
    void sendsFragmentsAndPongs()
    {
        TrafficLog roomLog;
        const auto room = Test::startServer(Test::loopbackConfig(), &roomLog);
        QVERIFY(room);
        QVERIFY(m_panel->connectTo(Test::webSocketUrl(*room, u"/echo")));
        QVERIFY(waitUntil([this] { return m_panel->state() == ClientSession::State::Open; }));
        m_panel->fragmentBytes()->setValue(3);
        QVERIFY(m_panel->sendText(u"abcdefg"_qs));
        m_panel->pongButton()->click();
        QVERIFY(waitUntil([&] { return Test::framesOf(roomLog, Direction::ClientToServer).size() == 4; }));
        QStringList frames;
        for (const Frame &frame : Test::framesOf(roomLog, Direction::ClientToServer))
            frames << u"%1 %2 %3"_qs.arg(frame.opcode).arg(frame.fin).arg(QString::fromUtf8(frame.payload));
        QCOMPARE(frames, (QStringList {u"1 0 abc"_qs, u"0 0 def"_qs, u"0 1 g"_qs, u"10 1 "_qs}));
    }

    // A replay loaded while closed takes the recorded request into the form, each field one undo from what it held,
    // and Play connects with it and says the messages again, in order.
    void replaysWithTheRecordedRequest()
    {
        TrafficLog roomLog;
        const auto room = Test::startServer(Test::loopbackConfig(), &roomLog);
        QVERIFY(room);
        m_panel->urlField()->setCurrentText(u"ws://old.example/"_qs);
        m_panel->headersField()->setPlainText(u"X-Old: 1"_qs);
        ReplayScript script;
        script.request = {Test::webSocketUrl(*room, u"/echo"), {u"chat"_qs}, {{"X-Replayed", "yes"}}, {}, false};
        script.messages = {{"one", true, 0, 0}, {QByteArray("\x01\x02", 2), false, 0, 1}, {"three", true, 0, 1}};
        script.lost = 1;
        m_panel->replay(script, u"client 1 · /echo"_qs);

        ReplayBar *bar = m_panel->replayBar();
        QVERIFY(!bar->isHidden());
        QCOMPARE(bar->summary()->text(),
            u"3 messages the client sent on client 1 · /echo; 1 more no longer held by the monitor"_qs);
        QCOMPARE(m_panel->urlField()->currentText(), Test::webSocketUrl(*room, u"/echo").toString());
        QCOMPARE(m_panel->headersField()->toPlainText(), u"X-Replayed: yes"_qs);
        QVERIFY(!m_panel->offerDeflate()->isChecked());
        m_panel->headersField()->undo();
        QCOMPARE(m_panel->headersField()->toPlainText(), u"X-Old: 1"_qs);
        m_panel->headersField()->redo();
        m_panel->urlField()->lineEdit()->undo();
        QCOMPARE(m_panel->urlField()->currentText(), u"ws://old.example/"_qs);
        m_panel->urlField()->lineEdit()->redo();

        bar->playButton()->click();
        QVERIFY2(
            waitUntil([this] { return m_panel->log()->toPlainText().contains(u"Replay: all 3 messages sent"_qs); }),
            qPrintable(m_panel->log()->toPlainText()));
        QCOMPARE(bar->progress()->value(), 3);
        QVERIFY(waitUntil([&] { return Test::framesOf(roomLog, Direction::ClientToServer).size() == 3; }));
        QStringList heard;
        for (const Frame &frame : Test::framesOf(roomLog, Direction::ClientToServer))
            heard << QString::fromLatin1(frame.payload.toHex());
        QCOMPARE(heard, (QStringList {u"6f6e65"_qs, u"0102"_qs, u"7468726565"_qs}));
        const QByteArray request = Test::eventsOf<HandshakeExchanged>(roomLog).constFirst().request;
        QVERIFY2(request.contains("\r\nX-Replayed: yes\r\n") && request.contains("Sec-WebSocket-Protocol: chat\r\n"),
            request.constData());

        // Loaded while connected, it goes on that connection and leaves the form alone.
        script.request.url = QUrl(u"ws://elsewhere.example/"_qs);
        m_panel->replay(script, u"client 2 · /"_qs);
        QCOMPARE(m_panel->urlField()->currentText(), Test::webSocketUrl(*room, u"/echo").toString());
        QVERIFY(m_panel->log()->toPlainText().contains(
            u"The replay goes on the connection open now; disconnect first to replay on the recorded request "
            "(ws://elsewhere.example/)."_qs));
        bar->playButton()->click();
        QVERIFY(bar->isPlaying());
        QCOMPARE(bar->playButton()->text(), u"Stop Pl&aying"_qs);
        QVERIFY(waitUntil([&] { return Test::framesOf(roomLog, Direction::ClientToServer).size() == 6; }));
    }

    // Through a proxy typed in the form, which is remembered without its password; one that cannot be used is said
    // before anything connects.
    void connectsThroughAProxy()
    {
        const auto room = Test::startServer();
        QVERIFY(room);
        Test::PythonServer proxy(Test::PythonServer::Program::Proxy);
        QVERIFY(proxy.start({u"socks5"_qs, u"ann"_qs, u"s3cret"_qs}));
        m_panel->proxy()->setText(u"socks5://ann:s3cret@127.0.0.1:%1"_qs.arg(proxy.port()));
        QVERIFY(m_panel->connectTo(Test::webSocketUrl(*room, u"/echo")));
        QVERIFY2(waitUntil([this] { return m_panel->state() == ClientSession::State::Open; }),
            qPrintable(m_panel->log()->toPlainText()));
        QVERIFY(proxy.said().contains(u"tunnel 127.0.0.1:%1"_qs.arg(room->port())));
        const ClientPanel again(*m_network, m_settings, m_trust);
        QCOMPARE(again.proxy()->text(), u"socks5://ann@127.0.0.1:%1"_qs.arg(proxy.port()));

        ClientPanel wrong(*m_network, m_settings, m_trust);
        wrong.proxy()->setText(u"ftp://127.0.0.1:21"_qs);
        QVERIFY(!wrong.connectTo(Test::webSocketUrl(*room, u"/echo")));
        QVERIFY2(wrong.log()->toPlainText().contains(
                     u"The proxy cannot be used: a proxy is http://host:port or socks5://host:port, not ftp://."_qs),
            qPrintable(wrong.log()->toPlainText()));
    }

    void replaysOnlyOverAWebSocket()
    {
        ReplayScript script;
        script.request.url = QUrl(u"http://127.0.0.1:9/events"_qs);
        script.messages = {{"one", true, 0, 0}};
        m_panel->replay(script, u"a stream"_qs);
        m_panel->replayBar()->playButton()->click();
        QVERIFY(m_panel->log()->toPlainText().contains(
            u"A replay goes over a WebSocket: the URL must start with ws:// or wss://."_qs));
        QCOMPARE(m_panel->state(), ClientSession::State::Closed);
        QVERIFY(!m_panel->replayBar()->isPlaying());

        script.messages.clear();
        m_panel->replay(script, u"a quiet client"_qs);
        QVERIFY(!m_panel->replayBar()->playButton()->isEnabled());
    }

private:
    QSettings m_settings {QSettings::IniFormat, QSettings::UserScope, u"DuplexTest"_qs, u"tst_clientpanel"_qs};
    CertificateTrust m_trust;
    std::unique_ptr<TrafficLog> m_log;
    std::unique_ptr<NetworkThread> m_network;
    std::unique_ptr<ClientPanel> m_panel;
};

QTEST_MAIN(tst_ClientPanel)
#include "tst_clientpanel.moc"
