// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// SignalR's JSON hub protocol as a monitor reads it: records as @microsoft/signalr and ASP.NET Core write them
// (dotnet/aspnetcore's HubProtocol.md), named; what merely looks like them is not taken for them.
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "wire/signalr.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

class tst_SignalR : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesEachRecord_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("described");
        QTest::newRow("handshake request") << QByteArray("{\"protocol\":\"json\",\"version\":1}\x1e")
                                           << u"SignalR handshake: protocol json, version 1"_s;
        QTest::newRow("handshake accepted") << QByteArray("{}\x1e") << u"SignalR handshake accepted"_s;
        QTest::newRow("handshake refused")
            << QByteArray("{\"error\":\"Requested protocol 'x' is not available.\"}\x1e")
            << u"SignalR handshake refused · error “Requested protocol 'x' is not available.”"_s;
        QTest::newRow("invocation") << QByteArray(
            R"({"type":1,"invocationId":"3","target":"SendMessage","arguments":["ann","hi"]})"
            "\x1e") << u"SignalR invocation “SendMessage” · id 3"_s;
        QTest::newRow("no reply wanted") << QByteArray(R"({"type":1,"target":"ReceiveMessage","arguments":[]})"
                                                       "\x1e")
                                         << u"SignalR invocation “ReceiveMessage”, no reply wanted"_s;
        QTest::newRow("stream item") << QByteArray(R"({"type":2,"invocationId":"4","item":42})"
                                                   "\x1e")
                                     << u"SignalR stream item · id 4"_s;
        QTest::newRow("completion") << QByteArray(R"({"type":3,"invocationId":"3","result":true})"
                                                  "\x1e")
                                    << u"SignalR completion · id 3"_s;
        QTest::newRow("failed") << QByteArray(R"({"type":3,"invocationId":"5","error":"No such method"})"
                                              "\x1e")
                                << u"SignalR completion · id 5 · error “No such method”"_s;
        QTest::newRow("stream invocation") << QByteArray(
            R"({"type":4,"invocationId":"6","target":"Counter","arguments":[10]})"
            "\x1e") << u"SignalR stream invocation “Counter” · id 6"_s;
        QTest::newRow("cancel") << QByteArray(R"({"type":5,"invocationId":"6"})"
                                              "\x1e")
                                << u"SignalR cancel invocation · id 6"_s;
        QTest::newRow("ping") << QByteArray("{\"type\":6}\x1e") << u"SignalR ping"_s;
        QTest::newRow("close") << QByteArray(R"({"type":7,"error":"Server shutting down","allowReconnect":true})"
                                             "\x1e")
                               << u"SignalR close · error “Server shutting down” · reconnect allowed"_s;
        QTest::newRow("ack") << QByteArray("{\"type\":8,\"sequenceId\":12}\x1e") << u"SignalR ack · sequence 12"_s;
        QTest::newRow("several") << QByteArray("{\"type\":6}\x1e{\"type\":6}\x1e{\"type\":5,\"invocationId\":\"1\"}\x1e"
                                               "{\"type\":6}\x1e")
                                 << u"SignalR, 4 records: ping, ping, cancel invocation · id 1, and 1 more"_s;
    }

    void namesEachRecord()
    {
        QFETCH(QByteArray, text);
        const auto payload = SignalR::decode(text);
        QVERIFY(payload);
        QTEST(SignalR::describe(*payload), "described");
        // The JSON views show the record, or the records as an array.
        const QJsonDocument shown = QJsonDocument::fromJson(SignalR::json(*payload));
        QCOMPARE(shown.isArray() ? shown.array().size() : 1, payload->records.size());
    }

    void takesNothingElseForIt_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("JSON without a separator") << QByteArray(R"({"type":6})");
        QTest::newRow("an unknown type") << QByteArray("{\"type\":42}\x1e");
        QTest::newRow("an invocation without arguments") << QByteArray("{\"type\":1,\"target\":\"a\"}\x1e");
        QTest::newRow("a completion without its id") << QByteArray("{\"type\":3,\"result\":1}\x1e");
        QTest::newRow("an app's own object") << QByteArray("{\"user\":\"ann\"}\x1e");
        QTest::newRow("an empty record") << QByteArray("{\"type\":6}\x1e\x1e");
        QTest::newRow("text after the last") << QByteArray("{\"type\":6}\x1e{\"type\":6}");
        QTest::newRow("not an object") << QByteArray("[1,2]\x1e");
        QTest::newRow("just the separator") << QByteArray("\x1e");
    }

    void takesNothingElseForIt()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!SignalR::decode(text));
    }
};

QTEST_MAIN(tst_SignalR)
#include "tst_signalr.moc"
