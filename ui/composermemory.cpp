// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/composermemory.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

const QString historyKey = u"client/history"_s;
const QString savedKey = u"client/savedMessages"_s;

// Stored as "text:…" or "hex:…", one string a message.
QString stored(const ComposerMemory::Message &message)
{
    return (message.kind == ComposerMemory::Message::Kind::Text ? u"text:"_s : u"hex:"_s) + message.body;
}

std::optional<ComposerMemory::Message> fromStored(const QString &value)
{
    using Kind = ComposerMemory::Message::Kind;
    if (value.startsWith(u"text:"_s))
        return ComposerMemory::Message {Kind::Text, value.sliced(5)};
    if (value.startsWith(u"hex:"_s))
        return ComposerMemory::Message {Kind::Hex, value.sliced(4)};
    return std::nullopt; // not something this version wrote
}

} // namespace

ComposerMemory::ComposerMemory(QSettings &settings)
    : m_settings(settings)
{
    for (const QString &value : settings.value(historyKey).toStringList()) {
        if (const auto message = fromStored(value))
            m_history.append(*message);
    }
}

void ComposerMemory::sent(const Message &message)
{
    m_walk = -1;
    if (message.body.isEmpty() || (!m_history.isEmpty() && m_history.constLast() == message))
        return;
    m_history.append(message);
    if (m_history.size() > maxHistory)
        m_history.remove(0, m_history.size() - maxHistory);
    QStringList values;
    for (const Message &entry : std::as_const(m_history))
        values.append(stored(entry));
    m_settings.setValue(historyKey, values);
}

std::optional<ComposerMemory::Message> ComposerMemory::older(const Message &draft)
{
    if (m_walk < 0)
        m_draft = draft;
    for (qsizetype i = (m_walk < 0 ? m_history.size() : m_walk) - 1; i >= 0; --i) {
        if (m_history[i].kind == m_draft.kind) {
            m_walk = i;
            return m_history[i];
        }
    }
    return std::nullopt;
}

std::optional<ComposerMemory::Message> ComposerMemory::newer()
{
    if (m_walk < 0)
        return std::nullopt;
    for (qsizetype i = m_walk + 1; i < m_history.size(); ++i) {
        if (m_history[i].kind == m_draft.kind) {
            m_walk = i;
            return m_history[i];
        }
    }
    m_walk = -1;
    return m_draft;
}

QStringList ComposerMemory::savedNames() const
{
    QStringList names = m_settings.value(savedKey).toMap().keys();
    names.sort(Qt::CaseInsensitive);
    return names;
}

std::optional<ComposerMemory::Message> ComposerMemory::saved(const QString &name) const
{
    return fromStored(m_settings.value(savedKey).toMap().value(name).toString());
}

void ComposerMemory::save(const QString &name, const Message &message)
{
    QVariantMap saved = m_settings.value(savedKey).toMap();
    saved.insert(name, stored(message));
    m_settings.setValue(savedKey, saved);
}

void ComposerMemory::remove(const QString &name)
{
    QVariantMap saved = m_settings.value(savedKey).toMap();
    saved.remove(name);
    m_settings.setValue(savedKey, saved);
}

} // namespace Duplex
