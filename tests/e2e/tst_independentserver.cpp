// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The client session against a server that shares no code with Qt (Debian's python3-websockets): with and without
// permessage-deflate, and over TLS with a self-signed certificate made in the test by Debian's openssl.
#include <QSettings>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTest>

#include "client/clientsession.h"
#include "support/pythonserver.h"
#include "support/quietclient.h"
#include "support/trafficevents.h"

using namespace Duplex;

namespace {

QByteArray responseHead(const TrafficLog &log)
{
    return Test::eventsOf<HandshakeExchanged>(log).value(0).response;
}

} // namespace

class tst_IndependentServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void echoesThroughTheTap_data()
    {
        QTest::addColumn<bool>("deflate");
        QTest::newRow("permessage-deflate") << true;
        QTest::newRow("uncompressed") << false;
    }
    void echoesThroughTheTap()
    {
        QFETCH(bool, deflate);
        Test::PythonServer server;
        QVERIFY(server.start(deflate ? QStringList {u"--deflate"_qs} : QStringList {}));
        TrafficLog log;
        CertificateTrust trust;
        ClientSession session(log, trust, Test::quietClient());
        QSignalSpy texts(&session, &ClientSession::textReceived);
        QSignalSpy binaries(&session, &ClientSession::binaryReceived);
        QVERIFY(session.open({QUrl(u"ws://127.0.0.1:%1/"_qs.arg(server.port())), {}, {}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        QCOMPARE(responseHead(log).contains("permessage-deflate"), deflate);

        const QString text = u"Compressible text, compressible text, compressible text ✓ "_qs.repeated(100);
        const QByteArray binary = QByteArray("\x00\x01\x02\x03", 4).repeated(10'000);
        QVERIFY(session.sendText(text));
        QVERIFY(session.sendBinary(binary));
        QTRY_COMPARE(texts.size(), 1);
        QCOMPARE(texts.first().first().toString(), text);
        QTRY_COMPARE(binaries.size(), 1);
        QCOMPARE(binaries.first().first().toByteArray(), binary);

        // The log shows what the server sent: compressed on the wire and inflated for the reader, or plain.
        const QList<Frame> frames = Test::framesOf(log, Direction::ServerToClient);
        QCOMPARE(frames.size(), 2);
        const Frame &echo = frames.first();
        QCOMPARE(echo.compressed, deflate);
        QCOMPARE(echo.rsv1, deflate);
        QCOMPARE(echo.inflatedLength, deflate ? quint64(text.toUtf8().size()) : 0);
        if (deflate)
            QVERIFY(echo.payloadLength < echo.inflatedLength / 10);
        QCOMPARE(echo.data(), text.toUtf8()); // whole

        QVERIFY(session.close());
        QTRY_COMPARE(session.state(), ClientSession::State::Closed);
    }

    void asksBeforeTrustingASelfSignedCertificate()
    {
        const Test::SelfSignedCertificate files(u"duplex-test-room"_qs);
        QVERIFY(files.isValid());
        const QByteArray fingerprint
            = QSslCertificate::fromPath(files.certPath()).value(0).digest(QCryptographicHash::Sha256);
        QVERIFY(!fingerprint.isEmpty());

        Test::PythonServer server;
        QVERIFY(server.start(QStringList {u"--deflate"_qs} + files.serverArguments()));
        const QString host = u"127.0.0.1:"_qs + QString::number(server.port());
        const QUrl url(u"wss://"_qs + host + u"/room"_qs);
        TrafficLog log;
        QSettings settings(files.filePath(u"trust.ini"_qs), QSettings::IniFormat);
        CertificateTrust trust(&settings);
        ClientSession session(log, trust, Test::quietClient());
        QSignalSpy rejected(&session, &ClientSession::certificateRejected);
        QSignalSpy closed(&session, &ClientSession::closed);
        QSignalSpy texts(&session, &ClientSession::textReceived);

        // Not trusted: the session shows the certificate and does not connect.
        QVERIFY(session.open({url, {}, {}, {}}));
        QTRY_COMPARE(closed.size(), 1);
        QCOMPARE(rejected.size(), 1);
        const auto certificate = rejected.first().first().value<CertificateInfo>();
        QCOMPARE(certificate.host, host);
        QCOMPARE(certificate.sha256, fingerprint);
        QCOMPARE(certificate.subject, u"duplex-test-room"_qs);
        QVERIFY(!certificate.problems.isEmpty());
        const QString failure = closed.first().at(1).toString();
        QVERIFY2(failure.contains(u"not trusted") && failure.contains(certificate.fingerprint()), qPrintable(failure));
        QCOMPARE(session.state(), ClientSession::State::Closed);

        // Trusted for this host and fingerprint, and remembered: the session connects and the log is plaintext.
        trust.trust(certificate.host, certificate.sha256, true);
        QVERIFY(session.open({url, {}, {}, {}}));
        QTRY_COMPARE(session.state(), ClientSession::State::Open);
        QVERIFY(session.sendText(u"over TLS"_qs));
        QTRY_COMPARE(texts.size(), 1);
        QCOMPARE(texts.first().first().toString(), u"over TLS"_qs);
        // A message larger than what the session lets wait in the socket, through TLS.
        QSignalSpy binaries(&session, &ClientSession::binaryReceived);
        const QByteArray large(1'000'000, 'x');
        QVERIFY(session.sendBinary(large));
        QTRY_COMPARE_WITH_TIMEOUT(binaries.size(), 1, 10'000);
        QCOMPARE(binaries.first().first().toByteArray(), large);
        QVERIFY(responseHead(log).startsWith("HTTP/1.1 101"));
        QCOMPARE(Test::framesOf(log, Direction::ServerToClient).first().data(), QByteArray("over TLS"));

        QVERIFY(CertificateTrust(&settings).isTrusted(host, fingerprint));
        QVERIFY(!CertificateTrust(&settings).isTrusted(u"127.0.0.1:1"_qs, fingerprint)); // another host asks again
        QVERIFY(session.close());
        QTRY_COMPARE(session.state(), ClientSession::State::Closed);
    }
};

QTEST_GUILESS_MAIN(tst_IndependentServer)
#include "tst_independentserver.moc"
