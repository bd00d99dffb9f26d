// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The client's own TLS: a certificate it presents to a server that asks for one (mutual TLS) and authorities it
// trusts beside the system's, read from PEM files made by Debian's openssl, against Debian's python3-websockets over
// TLS on 127.0.0.1.
#include <QSignalSpy>
#include <QTest>

#include "client/clientsession.h"
#include "client/clienttls.h"
#include "support/pythonserver.h"
#include "support/quietclient.h"
#include "traffic/trafficlog.h"

using namespace Duplex;

class tst_ClientTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.isValid() && m_client.isValid());
        QFile garbage(m_client.filePath(u"garbage.pem"_qs));
        QVERIFY(garbage.open(QIODevice::WriteOnly) && garbage.write("not PEM at all\n") > 0);
    }

    void readsPemFilesOrSaysWhyNot_data()
    {
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("authorities");
        QTest::addColumn<QString>("why"); // empty: read
        const QString cert = m_client.certPath();
        const QString key = m_client.keyPath();
        const QString garbage = m_client.filePath(u"garbage.pem"_qs);
        const QString missing = m_client.filePath(u"missing.pem"_qs);
        QTest::newRow("nothing") << QString() << QString() << QString() << QString();
        QTest::newRow("all three") << cert << key << m_server.certPath() << QString();
        QTest::newRow("a certificate without its key") << cert << QString() << QString() << u"give both files"_qs;
        QTest::newRow("a key without its certificate") << QString() << key << QString() << u"give both files"_qs;
        QTest::newRow("no such file") << missing << key << QString() << u"cannot read %1"_qs.arg(missing);
        QTest::newRow("not a certificate")
            << garbage << key << QString() << u"%1 holds no PEM certificate"_qs.arg(garbage);
        QTest::newRow("a certificate for a key")
            << cert << cert << QString() << u"%1 holds no PEM private key"_qs.arg(cert);
        QTest::newRow("authorities that are not")
            << QString() << QString() << garbage << u"%1 holds no PEM certificate"_qs.arg(garbage);
    }
    void readsPemFilesOrSaysWhyNot()
    {
        QFETCH(QString, certificate);
        QFETCH(QString, key);
        QFETCH(QString, authorities);
        QFETCH(QString, why);
        QString error;
        const auto tls = ClientTls::fromFiles(certificate, key, authorities, &error);
        QCOMPARE(tls.has_value(), why.isEmpty());
        QVERIFY2(error.contains(why), qPrintable(error));
        if (tls) {
            QCOMPARE(tls->certificate.isNull(), certificate.isEmpty());
            QCOMPARE(tls->key.isNull(), key.isEmpty());
            QCOMPARE(tls->authorities.size(), authorities.isEmpty() ? 0 : 1);
        }
    }

    // A server that asks for a client certificate refuses a client without one, or with one it does not trust, each
    // said, and takes the one it trusts; the server's own certificate, a given authority, verifies without asking.
    void presentsItsCertificateWhenTheServerAsks()
    {
        Test::PythonServer server;
        QVERIFY(server.start(m_server.serverArguments(m_client)));
        const QUrl url(u"wss://127.0.0.1:%1/"_qs.arg(server.port()));
        QString error;
        const auto trusted = ClientTls::fromFiles({}, {}, m_server.certPath(), &error);
        const auto identified
            = ClientTls::fromFiles(m_client.certPath(), m_client.keyPath(), m_server.certPath(), &error);
        QVERIFY2(trusted && identified, qPrintable(error));

        TrafficLog log;
        CertificateTrust trust; // trusts nothing of its own
        ClientSession anonymous(log, trust, Test::quietClient());
        QSignalSpy rejected(&anonymous, &ClientSession::certificateRejected);
        QSignalSpy closed(&anonymous, &ClientSession::closed);
        QVERIFY(anonymous.open({url, {}, {}, {}, true, *trusted}));
        QTRY_COMPARE(anonymous.state(), ClientSession::State::Closed);
        QVERIFY(rejected.isEmpty());
        QVERIFY2(anonymous.lastError().contains(u"client certificate"_qs), qPrintable(anonymous.lastError()));

        const auto stranger
            = ClientTls::fromFiles(m_server.certPath(), m_server.keyPath(), m_server.certPath(), &error);
        QVERIFY2(stranger, qPrintable(error));
        ClientSession unknown(log, trust, Test::quietClient());
        QVERIFY(unknown.open({url, {}, {}, {}, true, *stranger}));
        QTRY_COMPARE(unknown.state(), ClientSession::State::Closed);
        QVERIFY2(unknown.lastError().contains(u"does not accept the client certificate"_qs),
            qPrintable(unknown.lastError()));

        ClientSession client(log, trust, Test::quietClient());
        QSignalSpy texts(&client, &ClientSession::textReceived);
        QVERIFY(client.open({url, {}, {}, {}, true, *identified}));
        QTRY_COMPARE(client.state(), ClientSession::State::Open);
        QVERIFY(client.sendText(u"mutual"_qs));
        QTRY_COMPARE(texts.size(), 1);
        QCOMPARE(texts.first().first().toString(), u"mutual"_qs);
    }

    // Without the authority, the same server's certificate is a question for a person, as before.
    void anUnknownAuthorityIsStillAQuestion()
    {
        Test::PythonServer server;
        QVERIFY(server.start(m_server.serverArguments()));
        TrafficLog log;
        CertificateTrust trust;
        ClientSession client(log, trust, Test::quietClient());
        QSignalSpy rejected(&client, &ClientSession::certificateRejected);
        QVERIFY(client.open({QUrl(u"wss://127.0.0.1:%1/"_qs.arg(server.port())), {}, {}, {}}));
        QTRY_COMPARE(rejected.size(), 1);
    }

private:
    const Test::SelfSignedCertificate m_server {u"duplex-test-server"_qs};
    const Test::SelfSignedCertificate m_client {u"duplex-test-client"_qs};
};

QTEST_GUILESS_MAIN(tst_ClientTls)
#include "tst_clienttls.moc"
