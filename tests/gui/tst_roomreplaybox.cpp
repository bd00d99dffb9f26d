// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QTest>

#include "support/scriptedroom.h"
#include "ui/roomreplaybox.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

// The Host tab's Replay box hands the room what to play at /replay, says where, and takes it back.
class tst_RoomReplayBox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void handsTheRoomItsRecordingAndSaysWhere()
    {
        Test::ScriptedRoom room;
        RoomReplayBox box(room);
        QVERIFY(box.isHidden());
        const QList<RecordedMessage> messages {{"hello", true, 0, 0}, {"bye", true, 0, 1}};
        box.load(messages, u"client 3 · /echo"_s, 2);
        QVERIFY(!box.isHidden());
        QCOMPARE(room.replayed.size(), 2);
        QCOMPARE(room.replayed.last().payload, "bye");
        QCOMPARE(room.replayedPacing, ReplayPacer::Pacing::Replies);
        QCOMPARE(box.summary()->text(),
            u"2 messages the server sent on client 3 · /echo, played to each client that connects; 2 more no longer "
            "held by the monitor"_s);
        QCOMPARE(box.where()->text(), u"Host the room: it plays them at /replay."_s);

        room.listen(8080, {QUrl(u"ws://127.0.0.1:8080/chat"_s)});
        QCOMPARE(box.where()->text(), u"At ws://127.0.0.1:8080/replay"_s);

        box.pacing()->setCurrentIndex(box.pacing()->findData(QVariant::fromValue(ReplayPacer::Pacing::Timing)));
        QCOMPARE(room.replayedPacing, ReplayPacer::Pacing::Timing);
        QCOMPARE(room.replayed.size(), 2);

        box.findChild<QPushButton *>()->click(); // Stop Replaying
        QVERIFY(box.isHidden());
        QVERIFY(room.replayed.isEmpty());
        QVERIFY(!box.isReplaying());
    }
};

QTEST_MAIN(tst_RoomReplayBox)
#include "tst_roomreplaybox.moc"
