// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include "models/conversation.h"

class QCheckBox;
class QTextBrowser;

namespace Duplex {

// Follow Conversation: one connection's messages as a transcript (Conversation::of), the two sides in their own
// colours, pings and pongs left out unless asked for, to read, copy or save as text. A snapshot: it does not change
// as traffic goes on.
class ConversationDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationDialog)

public:
    ConversationDialog(
        const QList<Conversation::Line> &lines, const QString &connectionName, QWidget *parent = nullptr);

    QTextBrowser *view() const { return m_view; }
    QCheckBox *heartbeats() const { return m_heartbeats; }               // pings and pongs shown too; off at first
    QString transcript() const { return Conversation::asText(shown()); } // as shown

protected:
    void changeEvent(QEvent *event) override;

private:
    QList<Conversation::Line> shown() const;
    void render(); // in the palette's colours

    QList<Conversation::Line> m_lines;
    QTextBrowser *m_view;
    QCheckBox *m_heartbeats;
};

} // namespace Duplex
