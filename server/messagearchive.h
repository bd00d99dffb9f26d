// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

#include "room/chatprotocol.h"

class QSqlDatabase;

namespace Duplex {

// A room's messages to everyone in an SQLite file, so that a room started again greets with what was said before.
// Private messages never reach it. Writes are gathered and committed together within commitDelay (a busy room
// says hundreds of things a second, and a commit waits for the disk); the file keeps the newest `keep` messages.
// A commit that fails (a full disk) is tried again every retryDelay, with what it held, and problemChanged() says so.
// The file is the archive's alone while open (SQLite's exclusive locking): two rooms never mix their histories.
// Lives on the room's thread: an SQL connection belongs to the thread that opened it.
class MessageArchive final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageArchive)

public:
    static constexpr std::chrono::milliseconds commitDelay {100};
    static constexpr std::chrono::milliseconds retryDelay {5'000};

    ~MessageArchive() override; // commits what waits

    // Opens path, creating it and its table when missing. Nothing, with why in error, when it cannot be (not a
    // database of ours, unreadable, a directory that cannot be written, another room's open archive).
    static std::unique_ptr<MessageArchive> open(const QString &path, int keep, QString *error);

    QList<ChatProtocol::Message> messages() const { return m_loaded; } // as opened, oldest first
    void append(const ChatProtocol::Message &message);
    void commit();                                // now rather than within commitDelay
    QString problem() const { return m_problem; } // why the last commit failed; empty when it did not

Q_SIGNALS:
    void problemChanged(const QString &problem);

private:
    MessageArchive(QString connectionName, int keep);
    std::optional<QString> load();                        // why not, when it fails
    std::optional<QString> write(QSqlDatabase &database); // m_pending, in one transaction; why not, when it fails
    void setProblem(const QString &problem);

    QString m_connectionName;
    int m_keep;
    QList<ChatProtocol::Message> m_loaded;
    QList<ChatProtocol::Message> m_pending;
    QTimer m_commitTimer;
    QString m_problem;
};

} // namespace Duplex
