// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Follow Conversation: one connection's messages, whole and in order, from what the frames table holds.
#include "models/conversation.h"
#include "models/framelogmodel.h"
#include "support/trafficevents.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using Test::frameRecord;

class tst_Conversation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachMessageOnceAndWholeInOrder()
    {
        constexpr auto up = Direction::ClientToServer;
        constexpr auto down = Direction::ServerToClient;
        FrameLogModel frames;
        Frame close;
        close.direction = down;
        close.opcode = Opcode::close;
        close.closeCode = CloseCode::normal;
        close.closeReason = "bye";
        for (const TrafficRecord &record : {
                 frameRecord(1'000'000, 1, up, Opcode::text, "frag-one ", false),
                 frameRecord(1'100'000, 2, up, Opcode::text, "another connection"),
                 frameRecord(1'200'000, 1, up, Opcode::continuation, "two", true, Opcode::text),
                 frameRecord(1'300'000, 1, down, Opcode::ping, "probe"),
                 frameRecord(1'400'000, 1, down, Opcode::binary, QByteArray::fromHex("00ff10")),
                 frameRecord(1'500'000, 1, up, Opcode::text, QByteArray(Conversation::maxShownBytes + 10, 'x')),
                 TrafficRecord {1'600'000, 1, close},
             })
            frames.append(record);
        frames.flush();

        const QList<Conversation::Line> lines = Conversation::of(frames, 1);
        QCOMPARE(lines.size(), 5);
        QCOMPARE(lines[0].text, u"frag-one two"); // joined, at its last fragment's time
        QCOMPARE(lines[0].kind, u"text");
        QCOMPARE(lines[0].time, frames.index(2, FrameLogModel::TimeColumn).data().toString());
        QCOMPARE(lines[0].direction, up);
        QCOMPARE(lines[1].kind, u"ping");
        QCOMPARE(lines[1].direction, down);
        QVERIFY(lines[1].heartbeat && !lines[0].heartbeat && !lines[4].heartbeat);
        QCOMPARE(lines[2].kind, u"binary");
        QCOMPARE(lines[2].text, u"00 ff 10");
        QVERIFY(lines[3].text.endsWith(u" … (%1 bytes in all)"_s.arg(Conversation::maxShownBytes + 10)));
        QCOMPARE(lines[4].kind, frames.index(6, FrameLogModel::OpcodeColumn).data().toString());
        QVERIFY2(lines[4].text.contains(u"1000"_s) && lines[4].text.contains(u"bye"_s), qPrintable(lines[4].text));

        const QString transcript = Conversation::asText(lines);
        QCOMPARE(transcript.count(u'\n'), 5);
        QVERIFY(transcript.startsWith(lines[0].time + u"  client → server  text  frag-one two\n"_s));
        QVERIFY(!transcript.contains(u"another connection"_s));
        // For comparing two runs: no times, no ping.
        const QStringList untimed = Conversation::withoutTimes(lines).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(untimed.size(), 4);
        QCOMPARE(untimed[0], u"client → server  text  frag-one two"_s);
        QCOMPARE(untimed[1], u"server → client  binary  00 ff 10"_s);
        QCOMPARE(Conversation::of(frames, 2).size(), 1);
        QVERIFY(Conversation::of(frames, 3).isEmpty());
    }

    // The table let the first fragments go: the rest shows, and says so.
    void aMessageWhoseStartIsGoneSaysSo()
    {
        FrameLogModel frames(2);
        for (const TrafficRecord &record : {
                 frameRecord(1, 1, Direction::ClientToServer, Opcode::text, "one ", false),
                 frameRecord(2, 1, Direction::ClientToServer, Opcode::continuation, "two ", false, Opcode::text),
                 frameRecord(3, 1, Direction::ClientToServer, Opcode::continuation, "three", true, Opcode::text),
             })
            frames.append(record);
        frames.flush();
        const QList<Conversation::Line> lines = Conversation::of(frames, 1);
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines[0].text, u"(its first fragments are no longer held) two three");
    }
};

QTEST_GUILESS_MAIN(tst_Conversation)
#include "tst_conversation.moc"
