// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The room's history on disk: what a room started again greets with, and the files it will not use.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <csignal>
#include <sys/resource.h>

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

    // Gathered, then committed within commitDelay without waiting for the room to close: the files as they are
    // then (what a crash would leave) hold them.
    void commitsWithinItsDelay()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"room.sqlite"_s);
        QString error;
        const auto archive = MessageArchive::open(path, 100, &error);
        QVERIFY2(archive, qPrintable(error));
        archive->append(message(1, u"one"_s));
        archive->append(message(2, u"two"_s));
        const auto leftByACrash = [&dir, &path](const QString &name) {
            QDir(dir.filePath(name)).removeRecursively();
            QDir().mkpath(dir.filePath(name));
            for (const QString &suffix : {u""_s, u"-wal"_s}) {
                if (QFile::exists(path + suffix)
                    && !QFile::copy(path + suffix, dir.filePath(name + u"/room.sqlite"_s + suffix)))
                    return -1;
            }
            QString why;
            const auto copy = MessageArchive::open(dir.filePath(name + u"/room.sqlite"_s), 100, &why);
            return copy ? int(copy->messages().size()) : -1;
        };
        QCOMPARE(leftByACrash(u"at once"_s), 0); // not yet
        QTest::qWait(int(2 * MessageArchive::commitDelay.count()));
        QCOMPARE(leftByACrash(u"later"_s), 2);
    }

    // An open archive's file is its own: another room, in this process or another program, is refused at once
    // (not after SQLite's wait for a lock), and may have it once the first has closed it.
    void aFileKeepsOneRoomsHistory()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"room.sqlite"_s);
        QString error;
        auto first = MessageArchive::open(path, 100, &error);
        QVERIFY2(first, qPrintable(error));
        QElapsedTimer waited;
        waited.start();
        QVERIFY(!MessageArchive::open(path, 100, &error));
        QVERIFY2(waited.elapsed() < 2'500, qPrintable(QString::number(waited.elapsed())));
        QCOMPARE(error,
            u"cannot keep the room's history in %1: another room on this computer (or another program) holds the file"_s
                .arg(path));
        QProcess python;
        python.start(u"/usr/bin/python3"_s,
            {u"-c"_s,
                u"import sqlite3, sys; sqlite3.connect(sys.argv[1], timeout=0).execute('SELECT * FROM messages')"_s,
                path});
        QVERIFY(python.waitForFinished(10'000));
        QVERIFY2(python.readAllStandardError().contains("database is locked"), "another program read the file");
        first.reset();
        QVERIFY2(MessageArchive::open(path, 100, &error), qPrintable(error));
    }

    // A commit the disk refuses (here: past the process's file size limit, as a full disk would) is said, and the
    // messages wait; the next commit once there is room writes them, and says so.
    void aFailedCommitIsTriedAgain()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"room.sqlite"_s);
        QString error;
        auto archive = MessageArchive::open(path, 100, &error);
        QVERIFY2(archive, qPrintable(error));
        QSignalSpy problems(archive.get(), &MessageArchive::problemChanged);
        archive->append(message(1, u"small"_s));
        archive->commit();
        QVERIFY(problems.isEmpty());

        rlimit unlimited {};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &unlimited), 0);
        const qint64 largest = std::max(QFileInfo(path).size(), QFileInfo(path + u"-wal"_s).size());
        rlimit full = unlimited;
        full.rlim_cur = rlim_t(largest + 4096);
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN); // the write fails with EFBIG instead
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &full), 0);
        archive->append(message(2, QString(256 * 1024, u'x')));
        archive->commit();
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &unlimited), 0);
        std::signal(SIGXFSZ, previousHandler);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(!archive->problem().isEmpty(), "the failure is said");
        QCOMPARE(problems.first().first().toString(), archive->problem());

        archive->commit(); // as the retry would
        QCOMPARE(problems.size(), 2);
        QCOMPARE(problems.last().first().toString(), QString());
        archive.reset();
        const auto reopened = MessageArchive::open(path, 100, &error);
        QVERIFY2(reopened, qPrintable(error));
        QCOMPARE(reopened->messages().size(), 2);
        QCOMPARE(reopened->messages().last().text.size(), 256 * 1024);
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
