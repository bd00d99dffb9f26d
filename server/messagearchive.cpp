// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/messagearchive.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <atomic>

namespace Duplex {

namespace {

// "DUPX" in SQLite's application_id: a database that carries another one is someone else's, and left alone.
constexpr int applicationId = 0x44555058;
constexpr int schemaVersion = 1;

// SQLite's own words ("file is not a database"), without Qt's ("Unable to fetch row").
QString problemOf(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

QString problemOf(const QSqlQuery &query)
{
    return problemOf(query.lastError());
}

// SQLITE_BUSY, extended codes too: another connection holds the file's lock.
bool isBusy(const QSqlQuery &query)
{
    constexpr int sqliteBusy = 5;
    return (query.lastError().nativeErrorCode().toInt() & 0xff) == sqliteBusy;
}

} // namespace

MessageArchive::MessageArchive(QString connectionName, int keep)
    : m_connectionName(std::move(connectionName))
    , m_keep(keep)
{
    m_commitTimer.setSingleShot(true);
    connect(&m_commitTimer, &QTimer::timeout, this, &MessageArchive::commit);
}

MessageArchive::~MessageArchive()
{
    blockSignals(true); // whoever listens is going too
    commit();
    QSqlDatabase::database(m_connectionName, false).close();
    QSqlDatabase::removeDatabase(m_connectionName);
}

std::unique_ptr<MessageArchive> MessageArchive::open(const QString &path, int keep, QString *error)
{
    static std::atomic<int> opened = 0;
    const QString name = QStringLiteral("duplex-archive-%1").arg(++opened);
    std::unique_ptr<MessageArchive> archive(new MessageArchive(name, keep));
    QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    database.setDatabaseName(path);
    // Never wait for a lock: the archive holds its file's for good, so a lock held is another room's.
    database.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=0"));
    std::optional<QString> problem;
    if (!database.isValid())
        problem = tr("Qt's SQLite driver is missing (Debian's libqt6sql6-sqlite)");
    else if (!database.open())
        problem = problemOf(database.lastError());
    else
        problem = archive->load();
    if (!problem)
        return archive;
    if (error)
        *error = tr("cannot keep the room's history in %1: %2").arg(path, *problem);
    return nullptr;
}

std::optional<QString> MessageArchive::load()
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    // The file is this archive's alone from its first transaction on, so that two rooms (two windows, a window and
    // duplex-server) never greet with each other's messages. This first reads the file: one that is not SQLite
    // fails here ("file is not a database").
    for (const QString &statement : {QStringLiteral("PRAGMA locking_mode = EXCLUSIVE"),
             QStringLiteral("BEGIN EXCLUSIVE"), QStringLiteral("COMMIT")}) {
        if (!query.exec(statement))
            return isBusy(query) ? tr("another room on this computer (or another program) holds the file")
                                 : problemOf(query);
    }
    if (!query.exec(QStringLiteral("PRAGMA application_id")) || !query.next())
        return problemOf(query);
    const int id = query.value(0).toInt();
    if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_schema")) || !query.next())
        return problemOf(query);
    const bool empty = query.value(0).toInt() == 0;
    if (id != applicationId && !empty)
        return tr("it is an SQLite database, but not one of Duplex's; choose another file");
    if (empty) {
        for (const QString &statement : {QStringLiteral("PRAGMA application_id = %1").arg(applicationId),
                 QStringLiteral("PRAGMA user_version = %1").arg(schemaVersion),
                 QStringLiteral("CREATE TABLE messages (id INTEGER PRIMARY KEY, time TEXT NOT NULL, "
                                "sender TEXT NOT NULL, text TEXT NOT NULL)")}) {
            if (!query.exec(statement))
                return problemOf(query);
        }
    }
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return problemOf(query);
    if (const int version = query.value(0).toInt(); version != schemaVersion)
        return tr("it was written by another version of Duplex (schema %1, this one reads %2)")
            .arg(version)
            .arg(schemaVersion);
    // A commit then waits for the log only, not for the database: a crash of the program loses no committed
    // message (a power cut may lose the last few).
    for (const QString &statement :
        {QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("PRAGMA synchronous = NORMAL")}) {
        if (!query.exec(statement))
            return problemOf(query);
    }
    query.prepare(QStringLiteral("SELECT id, time, sender, text FROM (SELECT * FROM messages ORDER BY id DESC LIMIT "
                                 ":keep) ORDER BY id"));
    query.bindValue(QStringLiteral(":keep"), m_keep);
    if (!query.exec())
        return problemOf(query);
    while (query.next()) {
        m_loaded.append(
            {query.value(0).toLongLong(), QDateTime::fromString(query.value(1).toString(), Qt::ISODateWithMs),
                query.value(2).toString(), query.value(3).toString(), {}});
    }
    return std::nullopt;
}

void MessageArchive::append(const ChatProtocol::Message &message)
{
    m_pending.append(message);
    if (!m_commitTimer.isActive())
        m_commitTimer.start(commitDelay);
}

void MessageArchive::commit()
{
    m_commitTimer.stop();
    if (m_pending.isEmpty())
        return;
    QSqlDatabase database = QSqlDatabase::database(m_connectionName, false);
    const std::optional<QString> problem = write(database);
    if (problem) {
        database.rollback();
        // Tried again later with the newest of them, as many as the file keeps.
        m_pending.remove(0, std::max<qsizetype>(m_pending.size() - m_keep, 0));
        m_commitTimer.start(retryDelay);
    } else {
        m_pending.clear();
    }
    setProblem(problem.value_or(QString()));
}

std::optional<QString> MessageArchive::write(QSqlDatabase &database)
{
    if (!database.transaction())
        return problemOf(database.lastError());
    QSqlQuery insert(database);
    insert.prepare(QStringLiteral("INSERT OR REPLACE INTO messages (id, time, sender, text) VALUES (?, ?, ?, ?)"));
    for (const ChatProtocol::Message &message : std::as_const(m_pending)) {
        insert.addBindValue(message.id);
        insert.addBindValue(message.time.toUTC().toString(Qt::ISODateWithMs));
        insert.addBindValue(message.from);
        insert.addBindValue(message.text);
        if (!insert.exec())
            return problemOf(insert);
    }
    QSqlQuery prune(database);
    prune.prepare(
        QStringLiteral("DELETE FROM messages WHERE id NOT IN (SELECT id FROM messages ORDER BY id DESC LIMIT :keep)"));
    prune.bindValue(QStringLiteral(":keep"), m_keep);
    if (!prune.exec())
        return problemOf(prune);
    if (!database.commit())
        return problemOf(database.lastError());
    return std::nullopt;
}

void MessageArchive::setProblem(const QString &problem)
{
    if (problem == m_problem)
        return;
    m_problem = problem;
    Q_EMIT problemChanged(problem);
}

} // namespace Duplex
