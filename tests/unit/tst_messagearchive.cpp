// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The room's history on disk: what a room started again greets with, and the files it will not use.
#include <QTemporaryDir>

#include "server/messagearchive.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using ChatProtocol::Message;

namespace {

Message message(qint64 id, const QString &text)
{
    return {id, QDateTime::fromMSecsSinceEpoch(1'780'000'000'123 + id, Qt::UTC), u"ann"_s, text, {}};
}

// An SQLite file made by Python's own sqlite3 module, not by the code under test.
bool makeDatabase(const QString &path, const QString &script)
{
    QProcess python;
    python.start(u"/usr/bin/python3"_s,
        {u"-c"_s, u"import sqlite3, sys; sqlite3.connect(sys.argv[1]).executescript(sys.argv[2])"_s, path, script});
    return python.waitForFinished(10000) && python.exitCode() == 0;
}

} // namespace

class tst_MessageArchive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsTheNewestAcrossOpenings()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"room.sqlite"_s);
        QString error;
        {
            auto archive = MessageArchive::open(path, 3, &error);
            QVERIFY2(archive, qPrintable(error));
            QVERIFY(archive->messages().isEmpty());
            for (int id = 1; id <= 5; ++id)
                archive->append(message(id, id == 4 ? u"<b>café ✓</b>\n\"quoted\""_s : u"m%1"_s.arg(id)));
        } // committed as it closes
        const auto reopened = MessageArchive::open(path, 3, &error);
        QVERIFY2(reopened, qPrintable(error));
        QCOMPARE(reopened->messages(),
            QList<Message>({message(3, u"m3"_s), message(4, u"<b>café ✓</b>\n\"quoted\""_s), message(5, u"m5"_s)}));
    }

    // Gathered, then committed within commitDelay without waiting for the room to close: another reader sees them.
    void commitsWithinItsDelay()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"room.sqlite"_s);
        QString error;
        const auto archive = MessageArchive::open(path, 100, &error);
        QVERIFY2(archive, qPrintable(error));
        archive->append(message(1, u"one"_s));
        archive->append(message(2, u"two"_s));
        QCOMPARE(MessageArchive::open(path, 100, &error)->messages().size(), 0); // not yet
        QTest::qWait(int(2 * MessageArchive::commitDelay.count()));
        QCOMPARE(MessageArchive::open(path, 100, &error)->messages().size(), 2);
    }

    void refusesFilesThatAreNotItsOwn_data()
    {
        QTest::addColumn<QString>("script"); // Python sqlite3 script; empty: a text file instead
        QTest::addColumn<QString>("why");
        QTest::newRow("a text file") << QString() << u"file is not a database"_s;
        QTest::newRow("another program's database")
            << u"CREATE TABLE contacts (name TEXT);"_s << u"not one of Duplex's"_s;
        QTest::newRow("a later version's")
            << u"PRAGMA application_id = 1146441816; PRAGMA user_version = 2; CREATE TABLE messages (id INTEGER);"_s
            << u"another version of Duplex (schema 2, this one reads 1)"_s;
    }
    void refusesFilesThatAreNotItsOwn()
    {
        QFETCH(QString, script);
        QFETCH(QString, why);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"room.sqlite"_s);
        if (script.isEmpty()) {
            QFile text(path);
            QVERIFY(text.open(QIODevice::WriteOnly));
            text.write(QByteArray(4096, 'x'));
        } else {
            QVERIFY(makeDatabase(path, script));
        }
        const QByteArray before = [&path] {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        QString error;
        QVERIFY(!MessageArchive::open(path, 100, &error));
        QVERIFY2(error.startsWith(u"cannot keep the room's history in %1: "_s.arg(path)), qPrintable(error));
        QVERIFY2(error.contains(why), qPrintable(error));
        QFile after(path);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), before); // left as it was
    }

    void saysWhyAFileCannotBeMade()
    {
        QTemporaryDir dir;
        QString error;
        const QString path = dir.filePath(u"no/such/folder/room.sqlite"_s);
        QVERIFY(!MessageArchive::open(path, 100, &error));
        QVERIFY2(error.startsWith(u"cannot keep the room's history in %1: "_s.arg(path)), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_MessageArchive)
#include "tst_messagearchive.moc"
