// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>

#include "support/questionanswerer.h"
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
        QVERIFY(box.load(messages, u"client 3 · /echo"_s, 2));
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

        Test::QuestionAnswerer answers;
        answers.answerWith(RoomReplayBox::tr("Stop &Replaying"));
        box.findChild<QPushButton *>()->click();
        QVERIFY(box.isHidden());
        QVERIFY(room.replayed.isEmpty());
        QVERIFY(!box.isReplaying());
    }

    // The monitor may no longer hold the connection a recording came from: replacing it or stopping asks first.
    void asksBeforeReplacingOrStopping()
    {
        Test::ScriptedRoom room;
        RoomReplayBox box(room);
        Test::QuestionAnswerer answers;
        QVERIFY(box.load({{"hello", true, 0, 0}}, u"client 3 · /echo"_s, 0));
        QVERIFY(answers.questions().isEmpty()); // nothing to replace

        answers.answerWith(QMessageBox::tr("Cancel"));
        QVERIFY(!box.load({{"other", true, 0, 0}}, u"client 4 · /echo"_s, 0));
        QCOMPARE(answers.questions(),
            QStringList {u"The room plays the server's side of client 3 · /echo. Play that of client 4 · /echo "
                         "instead? Clients connected to /replay now keep theirs."_s});
        QCOMPARE(room.replayed.constFirst().payload, "hello");
        QVERIFY(!box.stop());
        QVERIFY(box.isReplaying());
        QCOMPARE(answers.questions().size(), 2);
        QVERIFY2(answers.questions().last().startsWith(u"Stop playing the server's side of client 3 · /echo?"_s),
            qPrintable(answers.questions().last()));

        answers.answerWith(RoomReplayBox::tr("&Replace"));
        QVERIFY(box.load({{"other", true, 0, 0}}, u"client 4 · /echo"_s, 0));
        QCOMPARE(room.replayed.constFirst().payload, "other");
        QVERIFY2(box.summary()->text().contains(u"client 4"_s), qPrintable(box.summary()->text()));
        answers.answerWith(RoomReplayBox::tr("Stop &Replaying"));
        QVERIFY(box.stop());
        QVERIFY(room.replayed.isEmpty());
        QCOMPARE(answers.questions().size(), 4);
    }
};

QTEST_MAIN(tst_RoomReplayBox)
#include "tst_roomreplaybox.moc"
