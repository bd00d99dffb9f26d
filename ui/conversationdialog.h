// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include "models/conversation.h"

class QTextBrowser;

namespace Duplex {

// Follow Conversation: one connection's messages as a transcript (Conversation::of), the two sides in their own
// colours, to read, copy or save as text. A snapshot: it does not change as traffic goes on.
class ConversationDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationDialog)

public:
    ConversationDialog(
        const QList<Conversation::Line> &lines, const QString &connectionName, QWidget *parent = nullptr);

    QTextBrowser *view() const { return m_view; }
    QString transcript() const { return Conversation::asText(m_lines); }

protected:
    void changeEvent(QEvent *event) override;

private:
    void render(); // in the palette's colours

    QList<Conversation::Line> m_lines;
    QTextBrowser *m_view;
};

} // namespace Duplex
