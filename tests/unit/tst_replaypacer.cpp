// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSignalSpy>
#include <QTest>

#include "traffic/replaypacer.h"

using namespace Duplex;
using namespace std::chrono_literals;

namespace {

RecordedMessage text(const QByteArray &words, int repliesBefore = 0)
{
    return {words, true, 0, repliesBefore};
}

QByteArrayList said(const QSignalSpy &due)
{
    QByteArrayList payloads;
    for (const QList<QVariant> &arguments : due)
        payloads << arguments.first().value<RecordedMessage>().payload;
    return payloads;
}

} // namespace

Q_DECLARE_METATYPE(Duplex::RecordedMessage)

class tst_ReplayPacer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Never from within start() or otherSideSpoke(): each message on a pass of the event loop of its own.
    void saysEachMessageOnAPassOfItsOwn()
    {
        ReplayPacer pacer({text("a"), text("b"), text("c")}, ReplayPacer::Pacing::Immediate);
        QSignalSpy due(&pacer, &ReplayPacer::due);
        QSignalSpy allSent(&pacer, &ReplayPacer::allSent);
        pacer.start();
        QCOMPARE(due.size(), 0);
        QTRY_COMPARE(allSent.size(), 1);
        QCOMPARE(said(due), (QByteArrayList {"a", "b", "c"}));
        QCOMPARE(pacer.sent(), 3);
    }

    void waitsForTheOtherSidesMessagesThenForAtMostTheReplyWait()
    {
        ReplayPacer pacer({text("a"), text("b", 2), text("c", 1)}, ReplayPacer::Pacing::Replies, 1s);
        QSignalSpy due(&pacer, &ReplayPacer::due);
        QSignalSpy notes(&pacer, &ReplayPacer::note);
        pacer.start();
        QTRY_COMPARE(due.size(), 1);
        pacer.otherSideSpoke();
        QTest::qWait(50);
        QCOMPARE(due.size(), 1); // one of two
        pacer.otherSideSpoke();
        QTRY_COMPARE(due.size(), 2);
        QCOMPARE(notes.size(), 0);
        QTRY_COMPARE(due.size(), 3); // no reply: after the wait, said
        QCOMPARE(notes.size(), 1);
        QCOMPARE(notes.first().first().toString(),
            u"Message 3 went after 1 s with 0 of the 1 replies recorded before it"_qs);
    }

    void saysNothingMoreOnceStopped()
    {
        ReplayPacer pacer({text("a"), text("b"), text("c")}, ReplayPacer::Pacing::Immediate);
        QSignalSpy allSent(&pacer, &ReplayPacer::allSent);
        QByteArrayList payloads;
        connect(&pacer, &ReplayPacer::due, this, [&](const RecordedMessage &message) {
            payloads << message.payload;
            pacer.stop(); // as a client whose send failed does
        });
        pacer.start();
        QTest::qWait(50);
        QCOMPARE(payloads, QByteArrayList {"a"});
        QCOMPARE(allSent.size(), 0);
    }

    void anEmptyRecordingIsAllSentAtOnce()
    {
        ReplayPacer pacer({}, ReplayPacer::Pacing::Replies);
        QSignalSpy allSent(&pacer, &ReplayPacer::allSent);
        pacer.start();
        QCOMPARE(allSent.size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_ReplayPacer)
#include "tst_replaypacer.moc"
