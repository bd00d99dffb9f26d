// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// A client that shares no code with Qt (Debian's python3-websockets) against the in-process server.
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

#include "support/jsonclient.h"
#include "support/testserver.h"

using namespace Duplex;

class tst_IndependentClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pythonWebsocketsEchoesAndChats()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        Test::JsonClient member;
        QVERIFY(member.open(Test::webSocketUrl(*server, u"/chat")));

        // Debian's modules belong to /usr/bin/python3, whatever python3 comes first on PATH.
        QProcess python;
        python.start(
            QStringLiteral("/usr/bin/python3"), {QStringLiteral(PYTHON_CLIENT), QString::number(server->port())});
        QTRY_COMPARE_WITH_TIMEOUT(python.state(), QProcess::NotRunning, 30000);
        const QByteArray errors = python.readAllStandardError();
        QVERIFY2(python.exitCode() == 0, errors.constData());
        const QJsonObject seen = QJsonDocument::fromJson(python.readAllStandardOutput()).object();

        QCOMPARE(seen.value(u"text").toString(), QString::fromUtf8("héllo ✓"));
        QVERIFY(seen.value(u"binary_ok").toBool());
        QCOMPARE(seen.value(u"fragmented").toString(), u"fragmented");
        QVERIFY(seen.value(u"pong").toBool());
        QCOMPARE(seen.value(u"hello").toObject().value(u"type").toString(), u"hello");
        QCOMPARE(seen.value(u"nick").toObject().value(u"nick").toString(), u"python");
        QCOMPARE(seen.value(u"message").toObject().value(u"from").toString(), u"python");

        // And the Qt member saw the Python one arrive, rename itself, speak and leave.
        QCOMPARE(member.nextOfType(u"join")->value(u"nick").toString(), u"guest-2");
        QCOMPARE(member.nextOfType(u"nick")->value(u"nick").toString(), u"python");
        const auto message = member.nextOfType(u"message");
        QCOMPARE(message->value(u"from").toString(), u"python");
        QCOMPARE(message->value(u"text").toString(), u"from python");
        QCOMPARE(member.nextOfType(u"leave")->value(u"nick").toString(), u"python");
    }
};

QTEST_GUILESS_MAIN(tst_IndependentClient)
#include "tst_independentclient.moc"
