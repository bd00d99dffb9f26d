// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSignalSpy>
#include <QTest>

#include "traffic/trafficlog.h"
#include "traffic/wiretap.h"
#include "wire/frameencoder.h"

using namespace Duplex;

namespace {

// A tap that has seen a successful upgrade, so frames flow.
std::unique_ptr<WireTap> openTap(TrafficLog &log)
{
    auto tap
        = std::make_unique<WireTap>(log, ConnectionOpened {QStringLiteral("127.0.0.1:1"), "/"}, WireTap::Options {});
    tap->fromClient("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    tap->fromServer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
    return tap;
}

} // namespace

class tst_TrafficLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A server nobody watches (the log keeps nothing, nobody listens) builds no record for its frames.
    void aLogIsHeardWhileItKeepsOrSomeoneListens()
    {
        TrafficLog kept;
        QVERIFY(kept.isHeard());
        TrafficLog announcing(0);
        QVERIFY(!announcing.isHeard());
        {
            QSignalSpy recorded(&announcing, &TrafficLog::recorded);
            QVERIFY(announcing.isHeard());
        }
        QVERIFY(!announcing.isHeard()); // its listener was destroyed

        QObject first;
        QObject second;
        connect(&announcing, &TrafficLog::recorded, &first, [] {});
        const auto connection = connect(&announcing, &TrafficLog::recorded, &second, [] {});
        QVERIFY(announcing.isHeard());
        disconnect(connection);
        QVERIFY(announcing.isHeard()); // one listener is left
        connect(&announcing, &TrafficLog::cleared, &second, [] {});
        announcing.disconnect(&second); // every signal to second: none was recorded()
        QVERIFY(announcing.isHeard());
        announcing.disconnect(); // every signal to everyone
        QVERIFY(!announcing.isHeard());
    }

    // A frame we send is recorded as prepared, with the fields a decoder reads from its bytes.
    void aTapRecordsAFrameItSendsAsPrepared()
    {
        TrafficLog log(0);
        const auto tap = openTap(log);
        const auto frame = FrameEncoder::prepare(
            "hi", {.opcode = Opcode::text, .fin = true, .rsv1 = false, .maskingKey = 7}, Direction::ClientToServer);
        QSignalSpy recorded(&log, &TrafficLog::recorded);
        tap->sent(frame.frame);
        QCOMPARE(recorded.size(), 1);
        const auto record = recorded.first().first().value<TrafficRecord>();
        const Frame *sent = std::get_if<Frame>(&record.event);
        QVERIFY(sent);
        QCOMPARE(sent->payload, QByteArray("hi"));
        QCOMPARE(sent->direction, Direction::ClientToServer);
        QVERIFY(sent->masked);
        QCOMPARE(sent->maskingKey, 7u);
        QCOMPARE(sent->wireSize(), frame.bytes.size());
        QCOMPARE(frame.bytes,
            FrameEncoder::encode("hi", {.opcode = Opcode::text, .fin = true, .rsv1 = false, .maskingKey = 7}));
    }
};

QTEST_GUILESS_MAIN(tst_TrafficLog)
#include "tst_trafficlog.moc"
