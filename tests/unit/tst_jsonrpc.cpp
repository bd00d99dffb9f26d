// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// JSON-RPC 2.0 and 1.0 as the monitor reads them, from the specifications' own examples (jsonrpc.org/specification,
// json-rpc.org/wiki/specification).
#include "wire/jsonrpc.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

class tst_JsonRpc : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheSpecificationsExamples_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("described");
        QTest::newRow("request") << R"({"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1})"_ba
                                 << u"JSON-RPC request “subtract” · id 1"_s;
        QTest::newRow("named params and a string id")
            << R"({"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": "a3"})"_ba
            << u"JSON-RPC request “subtract” · id \"a3\""_s;
        QTest::newRow("notification") << R"({"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]})"_ba
                                      << u"JSON-RPC notification “update”"_s;
        QTest::newRow("result") << R"({"jsonrpc": "2.0", "result": 19, "id": 1})"_ba << u"JSON-RPC result · id 1"_s;
        QTest::newRow("null result") << R"({"jsonrpc": "2.0", "result": null, "id": 2.5})"_ba
                                     << u"JSON-RPC result · id 2.5"_s;
        QTest::newRow("error")
            << R"({"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "1"})"_ba
            << u"JSON-RPC error -32601 “Method not found” · id \"1\""_s;
        QTest::newRow("parse error")
            << R"({"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": null})"_ba
            << u"JSON-RPC error -32700 “Parse error” · id null"_s;
        QTest::newRow("batch") << R"([
                {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
                {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
                {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
                {"jsonrpc": "2.0", "method": "get_data", "id": "9"}
            ])"_ba
                               << u"JSON-RPC batch of 4: request “sum” · id \"1\", notification “notify_hello”, "
                                  u"request “subtract” · id \"2\", and 1 more"_s;
    }
    void readsTheSpecificationsExamples()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, described);
        const auto payload = JsonRpc::decode(text);
        QVERIFY(payload);
        QCOMPARE(JsonRpc::describe(*payload), described);
    }

    // 1.0 has no version member: exactly a request's or a response's three members make it.
    void readsVersion1_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("described");
        QTest::newRow("request") << R"({"method": "echo", "params": ["Hello JSON-RPC"], "id": 1})"_ba
                                 << u"JSON-RPC 1.0 request “echo” · id 1"_s;
        QTest::newRow("result") << R"({"result": "Hello JSON-RPC", "error": null, "id": 1})"_ba
                                << u"JSON-RPC 1.0 result · id 1"_s;
        QTest::newRow("notification")
            << R"({"method": "handleMessage", "params": ["user1", "we were just talking"], "id": null})"_ba
            << u"JSON-RPC 1.0 notification “handleMessage”"_s;
        QTest::newRow("null result") << R"({"result": null, "error": null, "id": "a"})"_ba
                                     << u"JSON-RPC 1.0 result · id \"a\""_s;
        QTest::newRow("error as a string") << R"({"result": null, "error": "no such method", "id": 2})"_ba
                                           << u"JSON-RPC 1.0 error “no such method” · id 2"_s;
        QTest::newRow("error with a code")
            << R"({"result": null, "error": {"code": -32601, "message": "Method not found"}, "id": 3})"_ba
            << u"JSON-RPC 1.0 error -32601 “Method not found” · id 3"_s;
        QTest::newRow("error of the server's own shape")
            << R"({"result": null, "error": {"why": 7}, "id": 4})"_ba << u"JSON-RPC 1.0 error “{\"why\":7}” · id 4"_s;
    }
    void readsVersion1()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, described);
        const auto payload = JsonRpc::decode(text);
        QVERIFY(payload);
        QVERIFY(payload->version1);
        QCOMPARE(JsonRpc::describe(*payload), described);
    }

    // An app's own JSON, or JSON-RPC that breaks the specification's rules, is not read as JSON-RPC.
    void leavesEverythingElse_data()
    {
        QTest::addColumn<QByteArray>("text");
        for (const QByteArray &text : {
                 ""_ba, "hello \"jsonrpc\""_ba,
                 R"({"method": "subtract", "id": 1})"_ba,                             // no version
                 R"({"jsonrpc": "1.0", "method": "subtract", "id": 1})"_ba,           // another version
                 R"({"jsonrpc": 2.0, "method": "subtract", "id": 1})"_ba,             // a number
                 R"({"jsonrpc": "2.0", "method": 1, "params": "bar"})"_ba,            // the spec's invalid request
                 R"({"jsonrpc": "2.0", "method": "m", "params": "bar", "id": 1})"_ba, // params a string
                 R"({"jsonrpc": "2.0", "method": "m", "id": {"not": "an id"}})"_ba,   // id an object
                 R"({"jsonrpc": "2.0", "method": "m", "result": 1, "id": 1})"_ba,     // both
                 R"({"jsonrpc": "2.0", "result": 1})"_ba,                             // a reply without id
                 R"({"jsonrpc": "2.0", "result": 1, "error": {"code": 1, "message": "x"}, "id": 1})"_ba,
                 R"({"jsonrpc": "2.0", "id": 1})"_ba,                                         // neither
                 R"({"jsonrpc": "2.0", "error": {"code": 1.5, "message": "x"}, "id": 1})"_ba, // code not whole
                 R"({"jsonrpc": "2.0", "error": {"code": 1e300, "message": "x"}, "id": 1})"_ba,
                 R"({"jsonrpc": "2.0", "error": {"code": 1}, "id": 1})"_ba, // no message
                 R"({"jsonrpc": "2.0", "error": "broken", "id": 1})"_ba,
                 "[]"_ba,           // the spec's empty batch
                 R"([1, 2, 3])"_ba, // the spec's invalid batch
                 R"([{"jsonrpc": "2.0", "method": "sum", "id": 1}, {"foo": "boo", "jsonrpc": "2.0"}])"_ba,
                 "{\"jsonrpc\": \"2.0\", \"method\": \"cut short"_ba,           // moc misreads a raw string like this
                 R"({"method": "m", "params": {"a": 1}, "id": 1})"_ba,          // 1.0's params are an array
                 R"({"method": "m", "params": [], "id": 1, "user": "ann"})"_ba, // a fourth member
                 R"({"method": "m", "params": [], "id": [1]})"_ba,              // id an array
                 R"({"result": 1, "error": "x", "id": 1})"_ba,                  // neither null
                 R"({"result": 1, "id": 1, "ok": true})"_ba,                    // no error member
                 R"({"result": 1, "error": null, "cause": 1})"_ba,              // no id
                 R"([{"method": "m", "params": [], "id": 1}])"_ba,              // 1.0 has no batches
                 R"({"type": "message", "id": 41, "from": "ann", "text": "hi"})"_ba, // a chat room's
             })
            QTest::newRow(text.isEmpty() ? "empty" : text.constData()) << text;
    }
    void leavesEverythingElse()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!JsonRpc::decode(text));
    }

    // A reply answers a request with its id, a batch's too; not a notification, not another id, not a null id.
    void pairsRepliesWithRequests()
    {
        const auto read = [](const QByteArray &text) { return JsonRpc::decode(text).value(); };
        const auto request = read(R"({"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1})"_ba);
        const auto stringOne = read(R"({"jsonrpc": "2.0", "method": "subtract", "id": "1"})"_ba);
        const auto result = read(R"({"jsonrpc": "2.0", "result": 19, "id": 1})"_ba);
        const auto error = read(R"({"jsonrpc": "2.0", "error": {"code": -32000, "message": "no"}, "id": 1})"_ba);
        const auto nullReply = read(R"({"jsonrpc": "2.0", "error": {"code": -32700, "message": "x"}, "id": null})"_ba);
        const auto nullRequest = read(R"({"jsonrpc": "2.0", "method": "m", "id": null})"_ba);
        const auto notification = read(R"({"jsonrpc": "2.0", "method": "update"})"_ba);
        const auto batch = read(R"([{"jsonrpc": "2.0", "method": "a", "id": 7},
                                    {"jsonrpc": "2.0", "method": "b", "id": 1}])"_ba);
        const auto batchReply = read(R"([{"jsonrpc": "2.0", "result": 2, "id": 7}])"_ba);

        QVERIFY(JsonRpc::answers(result, request));
        QVERIFY(JsonRpc::answers(error, request));
        QVERIFY(JsonRpc::answers(result, batch));
        QVERIFY(JsonRpc::answers(batchReply, batch));
        QVERIFY(!JsonRpc::answers(batchReply, request));
        QVERIFY(!JsonRpc::answers(result, stringOne)); // 1 is not "1"
        QVERIFY(!JsonRpc::answers(request, result));
        QVERIFY(!JsonRpc::answers(nullReply, nullRequest));
        QVERIFY(!JsonRpc::answers(result, notification));
        QVERIFY(!JsonRpc::answers(request, request));

        const auto request1 = read(R"({"method": "echo", "params": ["hi"], "id": 1})"_ba);
        const auto result1 = read(R"({"result": "hi", "error": null, "id": 1})"_ba);
        const auto error1 = read(R"({"result": null, "error": "no", "id": 1})"_ba);
        QVERIFY(JsonRpc::answers(result1, request1));
        QVERIFY(JsonRpc::answers(error1, request1));
        QVERIFY(!JsonRpc::answers(result1, stringOne));
    }

    // What the app names is shown whole up to a line's length, never a screenful.
    void shortensLongNames()
    {
        const QString method(500, u'm');
        const auto payload = JsonRpc::decode(QJsonDocument(
            QJsonObject {{u"jsonrpc"_s, u"2.0"_s},
                {u"method"_s, method}}).toJson(QJsonDocument::Compact));
        QVERIFY(payload);
        QCOMPARE(payload->messages.first().method, method);
        const QString described = JsonRpc::describe(*payload);
        QVERIFY2(described.size() < 200, qPrintable(described));
        QVERIFY(described.endsWith(u"…”"_s));
    }
};

QTEST_GUILESS_MAIN(tst_JsonRpc)
#include "tst_jsonrpc.moc"
