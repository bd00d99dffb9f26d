// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The client through a proxy: HTTP CONNECT and SOCKS5 (tests/e2e/python_proxy.py, Python's standard library), with
// and without a user name and password, to the room's echo and to python3-websockets over TLS; what a person typed
// as a proxy, read or refused in words. Everything on 127.0.0.1.
#include <QSignalSpy>
#include <QTest>

#include "client/clientsession.h"
#include "client/serversocket.h"
#include "support/pythonserver.h"
#include "support/quietclient.h"
#include "support/testserver.h"
#include "support/trafficevents.h"
#include "traffic/trafficlog.h"

using namespace Duplex;

namespace {

QNetworkProxy proxyOf(const QString &typed)
{
    QString error;
    const auto proxy = ServerSocket::proxyFrom(typed, &error);
    if (!proxy)
        qWarning("%s", qPrintable(error));
    return proxy.value_or(QNetworkProxy());
}

} // namespace

class tst_ClientProxy : public QObject
{
    Q_OBJECT

    CertificateTrust m_trust;

    // Opens a session to url through proxy and sends one message; the echo, or why it failed.
    QString echoThrough(const QUrl &url, const QNetworkProxy &proxy, const ClientTls &tls = {})
    {
        TrafficLog log;
        ClientSession session(log, m_trust, Test::quietClient());
        QSignalSpy echoes(&session, &ClientSession::textReceived);
        ClientSession::Request request {url, {}, {}, {}};
        request.proxy = proxy;
        request.tls = tls;
        if (!session.open(request))
            return u"not opened"_qs;
        if (!QTest::qWaitFor([&] { return session.state() != ClientSession::State::Connecting; }, 10'000))
            return u"still connecting"_qs;
        if (session.state() != ClientSession::State::Open)
            return session.lastError();
        session.sendText(u"through ✓"_qs);
        if (!QTest::qWaitFor([&] { return !echoes.isEmpty(); }, 5000))
            return u"no echo"_qs;
        // The log has the WebSocket's bytes only: the tunnel's own exchange is the proxy's business.
        if (!Test::eventsOf<HandshakeExchanged>(log).constFirst().request.startsWith("GET "))
            return u"the log's request is not the upgrade"_qs;
        return echoes.first().first().toString();
    }

private Q_SLOTS:
    void readsWhatWasTyped_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<int>("type");             // QNetworkProxy::ProxyType, or -1 for refused
        QTest::addColumn<QString>("hostPortUser"); // or the reason it was refused
        QTest::newRow("none") << u"  "_qs << int(QNetworkProxy::NoProxy) << u":0:"_qs;
        QTest::newRow("http") << u"http://proxy.example:3128"_qs << int(QNetworkProxy::HttpProxy)
                              << u"proxy.example:3128:"_qs;
        QTest::newRow("no scheme") << u"10.0.0.1:8080"_qs << int(QNetworkProxy::HttpProxy) << u"10.0.0.1:8080:"_qs;
        QTest::newRow("socks5 with a user") << u"socks5://ann:s%40cret@127.0.0.1:1080"_qs
                                            << int(QNetworkProxy::Socks5Proxy) << u"127.0.0.1:1080:ann"_qs;
        QTest::newRow("no port") << u"http://proxy.example"_qs << -1
                                 << u"the proxy needs its port, as in http://proxy.example:3128"_qs;
        QTest::newRow("other scheme") << u"ftp://proxy.example:21"_qs << -1
                                      << u"a proxy is http://host:port or socks5://host:port, not ftp://"_qs;
        QTest::newRow("a path") << u"http://proxy.example:3128/x"_qs << -1
                                << u"a proxy is only host and port, without a path"_qs;
        QTest::newRow("no host") << u"http://:3128"_qs << -1 << u"the proxy \"http://:3128\" names no host"_qs;
    }

    void readsWhatWasTyped()
    {
        QFETCH(QString, typed);
        QFETCH(int, type);
        QFETCH(QString, hostPortUser);
        QString error;
        const auto proxy = ServerSocket::proxyFrom(typed, &error);
        if (type < 0) {
            QVERIFY(!proxy);
            QCOMPARE(error, hostPortUser);
            return;
        }
        QVERIFY2(proxy, qPrintable(error));
        QCOMPARE(int(proxy->type()), type);
        QCOMPARE(u"%1:%2:%3"_qs.arg(proxy->hostName()).arg(proxy->port()).arg(proxy->user()), hostPortUser);
        if (!proxy->user().isEmpty())
            QCOMPARE(proxy->password(), u"s@cret"_qs);
    }

    void tunnelsToTheRoom_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("credentials");
        QTest::newRow("http") << u"http"_qs << QStringList();
        QTest::newRow("http with a password") << u"http"_qs << QStringList({u"ann"_qs, u"s3cret"_qs});
        QTest::newRow("socks5") << u"socks5"_qs << QStringList();
        QTest::newRow("socks5 with a password") << u"socks5"_qs << QStringList({u"ann"_qs, u"s3cret"_qs});
    }

    void tunnelsToTheRoom()
    {
        QFETCH(QString, kind);
        QFETCH(QStringList, credentials);
        const auto room = Test::startServer();
        QVERIFY(room);
        Test::PythonServer proxy(Test::PythonServer::Program::Proxy);
        QVERIFY(proxy.start(QStringList {kind} + credentials));
        const QString user = credentials.isEmpty() ? QString() : credentials.join(u':') + u'@';
        const QString address = kind + u"://"_qs + user + u"127.0.0.1:"_qs + QString::number(proxy.port());
        const QUrl echo = Test::webSocketUrl(*room, u"/echo");
        QCOMPARE(echoThrough(echo, proxyOf(address)), u"through ✓"_qs);
        QTRY_VERIFY(proxy.said().contains(u"tunnel 127.0.0.1:%1"_qs.arg(room->port())));

        if (credentials.isEmpty())
            return;
        // Without them, or with the wrong ones, the person hears what the proxy wants.
        const QString plain = u"%1://127.0.0.1:%2"_qs.arg(kind).arg(proxy.port());
        const QString asked = echoThrough(echo, proxyOf(plain));
        QCOMPARE(asked,
            u"the proxy 127.0.0.1:%1 asks for a user name and password: give them in its address, "
            "%2://user:password@127.0.0.1:%1"_qs.arg(proxy.port())
                .arg(kind));
        QCOMPARE(echoThrough(echo, proxyOf(u"%1://ann:nope@127.0.0.1:%2"_qs.arg(kind).arg(proxy.port()))),
            u"the proxy 127.0.0.1:%1 did not accept the user name and password given"_qs.arg(proxy.port()));
        QVERIFY(proxy.said().contains(u"refused no or wrong credentials"_qs));
    }

    // TLS goes through the tunnel: the certificate is the server's, checked as without a proxy.
    void tunnelsTls()
    {
        const Test::SelfSignedCertificate certificate(u"duplex-test-server"_qs);
        QVERIFY(certificate.isValid());
        Test::PythonServer server;
        QVERIFY(server.start(certificate.serverArguments()));
        Test::PythonServer proxy(Test::PythonServer::Program::Proxy);
        QVERIFY(proxy.start({u"http"_qs}));
        QString error;
        const auto tls = ClientTls::fromFiles({}, {}, certificate.certPath(), &error);
        QVERIFY2(tls, qPrintable(error));
        QCOMPARE(echoThrough(QUrl(u"wss://127.0.0.1:%1/"_qs.arg(server.port())),
                     proxyOf(u"http://127.0.0.1:%1"_qs.arg(proxy.port())), *tls),
            u"through ✓"_qs);
        QTRY_VERIFY(proxy.said().contains(u"tunnel 127.0.0.1:%1"_qs.arg(server.port())));
    }

    void saysWhatWentWrongWithTheProxy()
    {
        const auto room = Test::startServer();
        QVERIFY(room);
        const QUrl echo = Test::webSocketUrl(*room, u"/echo");
        QTcpServer closed; // a port nobody listens on once this is closed
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 nobody = closed.serverPort();
        closed.close();
        const QString refused = echoThrough(echo, proxyOf(u"http://127.0.0.1:%1"_qs.arg(nobody)));
        QCOMPARE(refused, u"connection refused by the proxy 127.0.0.1:%1: nothing listens there"_qs.arg(nobody));

        // A proxy that cannot reach the server answers 502; the person hears which server.
        Test::PythonServer proxy(Test::PythonServer::Program::Proxy);
        QVERIFY(proxy.start({u"http"_qs}));
        const QString unreachable = echoThrough(
            QUrl(u"ws://127.0.0.1:%1/"_qs.arg(nobody)), proxyOf(u"http://127.0.0.1:%1"_qs.arg(proxy.port())));
        QVERIFY2(unreachable.startsWith(
                     u"the proxy 127.0.0.1:%1 did not open a tunnel to 127.0.0.1:%2"_qs.arg(proxy.port()).arg(nobody)),
            qPrintable(unreachable));
    }
};

QTEST_MAIN(tst_ClientProxy)
#include "tst_clientproxy.moc"
