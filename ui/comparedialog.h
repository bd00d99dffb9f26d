// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include "models/messagediff.h"

class QCheckBox;
class QLabel;
class QTextBrowser;

namespace Duplex {

// Compare with Marked: two messages line by line (MessageDiff), what only the first has on red, what only the
// second has on green, with a few shared lines around each change, JSON formatted alike unless asked otherwise. A
// snapshot of the two payloads.
class CompareDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareDialog)

public:
    struct Message
    {
        QByteArray payload;
        bool text = true;
        QString title; // which message it is, for a person: time, connection, direction
    };
    // Each message is compared as far as this, and shown as far as this many lines: a comparison is to read.
    static constexpr qsizetype maxComparedBytes = 256 * 1024;
    static constexpr int maxShownLines = 2000;
    // The shared lines shown before and after each change; a longer run of them is one line saying how many.
    static constexpr int contextLines = 3;

    CompareDialog(const Message &before, const Message &after, QWidget *parent = nullptr);

    QTextBrowser *view() const { return m_view; }
    QCheckBox *formatJson() const { return m_formatJson; }
    QLabel *summary() const { return m_summary; }
    const MessageDiff::Result &result() const { return m_result; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void compare();
    void render(); // in the palette's colours

    Message m_before;
    Message m_after;
    MessageDiff::Result m_result;
    QTextBrowser *m_view;
    QCheckBox *m_formatJson;
    QLabel *m_summary;
};

} // namespace Duplex
