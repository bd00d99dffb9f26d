// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "client/httprequester.h"
#include "support/eventwait.h"
#include "support/scriptedserver.h"
#include "traffic/trafficlog.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using Test::ScriptedServer;
using Test::waitUntil;

class tst_HttpRequester : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // One connection while the server keeps it; bodies by length, by chunks, and up to the close; then a new one.
    void answersInOrderWhateverTheFraming()
    {
        ScriptedServer server({"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nsec\r\n3\r\nond\r\n0\r\n\r\n",
            "HTTP/1.1 404 Not Found\r\n\r\nthird, until the closeCLOSE", "HTTP/1.1 204 No Content\r\n\r\n"});
        TrafficLog log;
        HttpRequester requester(log, 7, server.url());
        QList<HttpRequester::Answer> answers;
        const auto keep = [&](const HttpRequester::Answer &answer) { answers.append(answer); };
        requester.send("GET", "/a?x=1", {}, {}, keep);
        requester.send("POST", "/b", "Content-Type: text/plain\r\n", "body", keep);
        requester.send("GET", "/c", {}, {}, keep);
        QVERIFY(waitUntil([&] { return answers.size() == 3; }));
        requester.send("GET", "/d", {}, {}, keep);
        QVERIFY(waitUntil([&] { return answers.size() == 4; }));

        QCOMPARE(answers[0].status, 200);
        QCOMPARE(answers[0].body, "first");
        QCOMPARE(answers[1].body, "second");
        QCOMPARE(answers[2].status, 404);
        QCOMPARE(answers[2].body, "third, until the close");
        QCOMPARE(answers[3].status, 204);
        QCOMPARE(server.connections, 2); // the close ended the first

        // In the log under the owner's session: each connection, each exchange with its request as sent.
        QStringList records;
        for (const TrafficRecord &record : log.records()) {
            QCOMPARE(record.session, quint64(7));
            if (const auto *opened = std::get_if<ConnectionOpened>(&record.event))
                records.append(u"opened "_s + QString::fromUtf8(opened->path));
            else if (const auto *exchange = std::get_if<HttpExchange>(&record.event))
                records.append(QString::number(exchange->status));
            else if (std::holds_alternative<ConnectionClosed>(record.event))
                records.append(u"closed"_s);
        }
        QCOMPARE(records,
            QStringList({u"opened /a"_s, u"200"_s, u"200"_s, u"404"_s, u"closed"_s, u"opened /d"_s, u"204"_s}));
    }

    void failsWithASentence_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("why");
        QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << u"the answer is not HTTP: "_s;
        QTest::newRow("closed") << QByteArray("CLOSE") << u"the server closed the connection before answering"_s;
        QTest::newRow("broken chunks") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                       << u"the answer's chunks are broken: a chunk size that is not hexadecimal"_s;
        QTest::newRow("huge length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n")
                                     << u"the answer's Content-Length is not a size up to 16777216 bytes"_s;
    }
    void failsWithASentence()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QString, why);
        ScriptedServer server({answer});
        TrafficLog log;
        HttpRequester requester(log, 1, server.url());
        std::optional<HttpRequester::Answer> got;
        requester.send("GET", "/", {}, {}, [&](const HttpRequester::Answer &a) { got = a; });
        QVERIFY(waitUntil([&] { return got.has_value(); }));
        QCOMPARE(got->status, 0);
        QVERIFY2(got->error.startsWith(why), qPrintable(got->error));
    }
};

QTEST_GUILESS_MAIN(tst_HttpRequester)
#include "tst_httprequester.moc"
