// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QSettings;

namespace Duplex {

// What the client's composer remembers: the messages sent, newest last, walked back and forth as a shell walks its
// history (the draft being typed comes back at the end); and messages saved under a name. Both persist in the
// settings.
class ComposerMemory
{
public:
    static constexpr qsizetype maxHistory = 50;

    struct Message
    {
        enum class Kind { Text, Hex };
        Kind kind = Kind::Text;
        QString body; // the text, or the hex digits as typed

        bool operator==(const Message &) const = default;
    };

    // settings must outlive this object.
    explicit ComposerMemory(QSettings &settings);

    // A message was sent: it becomes the newest (unless it repeats the newest), and the walk starts over.
    void sent(const Message &message);
    // One step back through the messages of the draft's kind; the first step keeps the draft. Nothing at the oldest.
    std::optional<Message> older(const Message &draft);
    // One step forward; past the newest, the draft. Nothing when not walking.
    std::optional<Message> newer();
    QList<Message> history() const { return m_history; }

    QStringList savedNames() const; // sorted
    std::optional<Message> saved(const QString &name) const;
    void save(const QString &name, const Message &message); // replaces one of the same name
    void remove(const QString &name);

private:
    QSettings &m_settings;
    QList<Message> m_history;
    qsizetype m_walk = -1; // the history entry shown while walking; -1 when not walking
    Message m_draft;
};

} // namespace Duplex
