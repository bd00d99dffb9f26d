// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// A JSON-RPC call's two ends in the frames table, whatever carried them, and a search that stops in time.
#include <QTest>

#include "models/framelogmodel.h"
#include "models/rpccalls.h"
#include "traffic/trafficrecord.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

namespace {

Frame textFrame(Direction direction, const QByteArray &text, bool fin = true, quint8 opcode = Opcode::text)
{
    Frame frame;
    frame.direction = direction;
    frame.opcode = opcode;
    frame.messageOpcode = Opcode::text;
    frame.fin = fin;
    frame.payload = text;
    frame.payloadLength = quint64(text.size());
    return frame;
}

QByteArray request(int id)
{
    return R"({"jsonrpc":"2.0","method":"sum","params":[1,2],"id":)" + QByteArray::number(id) + '}';
}

QByteArray result(int id)
{
    return R"({"jsonrpc":"2.0","result":3,"id":)" + QByteArray::number(id) + '}';
}

constexpr Direction up = Direction::ClientToServer;
constexpr Direction down = Direction::ServerToClient;

RpcCalls::Search otherEnd(const FrameLogModel &frames, int row)
{
    return RpcCalls::otherEnd(frames, row, RpcCalls::payloadAt(frames, row).value());
}

} // namespace

class tst_RpcCalls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The answer is the first message the other way on the same connection with the request's id; the request is
    // found back from it. A fragmented request is one message, whichever of its frames is asked about.
    void findsTheOtherEndOfACall()
    {
        FrameLogModel frames;
        const QByteArray asked = request(1);
        frames.append({10, 7, textFrame(up, asked.first(10), false)});
        frames.append({20, 7, textFrame(up, asked.sliced(10), true, Opcode::continuation)});
        frames.append({30, 9, textFrame(down, result(1))}); // another connection
        frames.append({40, 7, textFrame(up, result(1))});   // the same way
        frames.append({50, 7, textFrame(down, result(2))}); // another id
        frames.append({60, 7, textFrame(down, "not JSON-RPC"_ba)});
        frames.append({70, 7, textFrame(down, result(1))}); // the answer
        frames.append({80, 7, textFrame(down, result(1))}); // a second one is not the answer
        frames.flush();

        QVERIFY(!RpcCalls::payloadAt(frames, 5));
        for (const int row : {0, 1})
            QCOMPARE(otherEnd(frames, row).row, 6);
        QCOMPARE(otherEnd(frames, 6).row, 1); // the request's last frame
        QCOMPARE(otherEnd(frames, 7).row, 1);
        QCOMPARE(otherEnd(frames, 4).row, std::nullopt); // id 2 was never asked
        QVERIFY(otherEnd(frames, 4).complete);
    }

    // JSON-RPC over HTTP: the request's body and the answer's are rows of one connection, both ways.
    void pairsHttpBodies()
    {
        FrameLogModel frames;
        const QByteArray post = "POST /rpc HTTP/1.1\r\nHost: x\r\nContent-Length: "
            + QByteArray::number(request(5).size()) + "\r\n\r\n" + request(5);
        const QByteArray answer
            = "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(result(5).size()) + "\r\n\r\n" + result(5);
        frames.append({1'000, 3, HttpExchange {post, 200, {}, answer, 600}});
        frames.flush();
        QCOMPARE(frames.rowCount(), 2);
        QCOMPARE(otherEnd(frames, 0).row, 1);
        QCOMPARE(otherEnd(frames, 1).row, 0);
    }

    // A notification has no other end, and a request unanswered past maxBytesSearched of answers says the search
    // stopped rather than that there is no answer.
    void aSearchStopsInTime()
    {
        FrameLogModel frames;
        frames.append({1, 7, textFrame(up, R"({"jsonrpc":"2.0","method":"tick"})"_ba)});
        frames.append({2, 7, textFrame(up, request(1))});
        const QByteArray padding(1 << 20, 'x');
        const qint64 answers = RpcCalls::maxBytesSearched / padding.size() + 2;
        for (qint64 i = 0; i < answers; ++i)
            frames.append({3 + i, 7, textFrame(down, R"({"jsonrpc":"2.0","result":")" + padding + R"(","id":2})")});
        frames.append({100, 7, textFrame(down, result(1))});
        frames.flush();
        const RpcCalls::Search notification = otherEnd(frames, 0);
        QVERIFY(!notification.row && notification.complete);
        const RpcCalls::Search stopped = otherEnd(frames, 1);
        QCOMPARE(stopped.row, std::nullopt);
        QVERIFY(!stopped.complete);
        // Back from the answer, the messages between go its own way: they are passed over, not read.
        const RpcCalls::Search back = otherEnd(frames, frames.rowCount() - 1);
        QCOMPARE(back.row, 1);
        QVERIFY(back.complete);
    }

    // A connection's calls: each request with an id (a batch's one by one) and the first answer with its id that came
    // back the other way; each way numbers its own requests, and another connection's answers are its own.
    void listsAConnectionsCalls()
    {
        FrameLogModel frames;
        frames.append({1'000, 7, textFrame(up, request(1))});
        frames.append({1'500, 7, textFrame(down, R"({"jsonrpc":"2.0","method":"tick"})"_ba)});
        frames.append({2'000, 7, textFrame(up, R"({"jsonrpc":"2.0","method":"name","id":"a"})"_ba)});
        frames.append({3'000, 7, textFrame(up, "[" + request(2) + "," + request(3) + "]")});
        frames.append({3'500, 9, textFrame(down, result(2))});  // another connection
        frames.append({4'000, 7, textFrame(up, result(1))});    // the same way
        frames.append({4'200, 7, textFrame(down, request(1))}); // the server asks too
        frames.append({6'000, 7, textFrame(down, result(1))});
        frames.append({7'000, 7,
            textFrame(down, R"({"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":"a"})"_ba)});
        frames.append({8'000, 7, textFrame(down, "[" + result(3) + "," + result(99) + "]")});
        frames.append({9'000, 7, textFrame(up, result(1))}); // answers the server's
        frames.flush();

        const QList<RpcCalls::Call> calls = RpcCalls::callsOn(frames, 7);
        QCOMPARE(calls.size(), 5);
        QCOMPARE(calls[0].method, u"sum"_s);
        QCOMPARE(calls[0].id, QJsonValue(1));
        QCOMPARE(calls[0].requestRow.row(), 0);
        QCOMPARE(calls[0].answerRow.row(), 7);
        QCOMPARE(calls[0].tookUs, 5'000);
        QCOMPARE(calls[1].id, QJsonValue(u"a"_s));
        QCOMPARE(calls[1].answer->kind, JsonRpc::Message::Kind::Error);
        QCOMPARE(calls[1].answer->errorCode, -32601);
        QCOMPARE(calls[1].tookUs, 5'000);
        QCOMPARE(calls[2].id, QJsonValue(2)); // answered on connection 9 only
        QVERIFY(!calls[2].answer && !calls[2].tookUs && !calls[2].answerRow.isValid());
        QCOMPARE(calls[3].id, QJsonValue(3));
        QCOMPARE(calls[3].requestRow.row(), 3);
        QCOMPARE(calls[3].tookUs, 5'000);
        QCOMPARE(calls[4].requestRow.row(), 6); // the server's request
        QCOMPARE(calls[4].answerRow.row(), 10);
        QCOMPARE(calls[4].tookUs, 4'800);
    }
};

QTEST_GUILESS_MAIN(tst_RpcCalls)
#include "tst_rpccalls.moc"
