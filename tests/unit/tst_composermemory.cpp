// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// What the client's composer remembers: a history walked as a shell walks its own, and messages saved by name.
#include <QSettings>
#include <QTemporaryDir>

#include "ui/composermemory.h"

using namespace Duplex;
using Message = ComposerMemory::Message;
using Kind = Message::Kind;

class tst_ComposerMemory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void walksBackAndForthThroughWhatWasSent()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"s.ini"_qs), QSettings::IniFormat);
        ComposerMemory memory(settings);
        QVERIFY(!memory.older({Kind::Text, u"draft"_qs})); // nothing sent yet
        memory.sent({Kind::Text, u"one"_qs});
        memory.sent({Kind::Hex, u"01 02"_qs});
        memory.sent({Kind::Text, u"two"_qs});
        memory.sent({Kind::Text, u"two"_qs}); // a repeat is not a new entry
        memory.sent({Kind::Text, {}});        // nor is nothing
        QCOMPARE(memory.history().size(), 3);

        // Back through the text messages only (the hex one belongs to the Hex editor), then forward to the draft.
        const Message draft {Kind::Text, u"half-typed"_qs};
        QCOMPARE(memory.older(draft), (Message {Kind::Text, u"two"_qs}));
        QCOMPARE(memory.older(draft), (Message {Kind::Text, u"one"_qs}));
        QVERIFY(!memory.older(draft)); // the oldest
        QCOMPARE(memory.newer(), (Message {Kind::Text, u"two"_qs}));
        QCOMPARE(memory.newer(), draft);
        QVERIFY(!memory.newer()); // not walking any more
        QCOMPARE(memory.older({Kind::Hex, {}}), (Message {Kind::Hex, u"01 02"_qs}));

        // It persists, and keeps the newest maxHistory.
        for (int i = 0; i < ComposerMemory::maxHistory + 5; ++i)
            memory.sent({Kind::Text, QString::number(i)});
        ComposerMemory reopened(settings);
        QCOMPARE(reopened.history().size(), ComposerMemory::maxHistory);
        QCOMPARE(reopened.history().constLast().body, QString::number(ComposerMemory::maxHistory + 4));
    }

    void keepsMessagesByName()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"s.ini"_qs);
        {
            QSettings settings(path, QSettings::IniFormat);
            ComposerMemory memory(settings);
            memory.save(u"join"_qs, {Kind::Text, u"{\"type\": \"join\"}"_qs});
            memory.save(u"Beacon/1"_qs, {Kind::Hex, u"ca fe"_qs}); // any name, slashes too
            memory.save(u"join"_qs, {Kind::Text, u"{\"type\": \"join\", \"nick\": \"ada\"}"_qs}); // replaced
        }
        QSettings settings(path, QSettings::IniFormat);
        ComposerMemory memory(settings);
        QCOMPARE(memory.savedNames(), (QStringList {u"Beacon/1"_qs, u"join"_qs}));
        QCOMPARE(memory.saved(u"join"_qs)->body, u"{\"type\": \"join\", \"nick\": \"ada\"}"_qs);
        QCOMPARE(memory.saved(u"Beacon/1"_qs), (Message {Kind::Hex, u"ca fe"_qs}));
        memory.remove(u"join"_qs);
        QCOMPARE(memory.savedNames(), QStringList {u"Beacon/1"_qs});
        QVERIFY(!memory.saved(u"join"_qs));
    }
};

QTEST_GUILESS_MAIN(tst_ComposerMemory)
#include "tst_composermemory.moc"
