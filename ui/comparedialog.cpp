// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/comparedialog.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QTextBrowser>

#include "ui/contrast.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

bool isJson(const CompareDialog::Message &message)
{
    return message.text && !QJsonDocument::fromJson(message.payload).isNull();
}

} // namespace

CompareDialog::CompareDialog(const Message &before, const Message &after, QWidget *parent)
    : QDialog(parent)
    , m_before(before)
    , m_after(after)
    , m_view(new QTextBrowser)
    , m_formatJson(new QCheckBox(tr("&Format JSON alike")))
    , m_summary(new QLabel)
{
    setWindowTitle(tr("Compare Messages"));
    setAttribute(Qt::WA_DeleteOnClose);
    for (Message *message : {&m_before, &m_after})
        message->payload.truncate(maxComparedBytes);
    m_view->setLineWrapMode(QTextEdit::NoWrap);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_formatJson->setToolTip(tr("Each object's keys in order and one value a line, so that only values differ"));
    m_formatJson->setChecked(isJson(m_before) && isJson(m_after));
    m_formatJson->setEnabled(m_formatJson->isChecked());
    m_summary->setWordWrap(true);
    const bool cut = before.payload.size() > maxComparedBytes || after.payload.size() > maxComparedBytes;
    auto *titles = new QLabel(tr("− %1\n+ %2").arg(m_before.title, m_after.title)
        + (cut ? u'\n' + tr("Each compared as far as its first %1 KiB.").arg(maxComparedBytes / 1024) : QString()));
    titles->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_formatJson, &QCheckBox::toggled, this, &CompareDialog::compare);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_formatJson);
    bottom->addWidget(buttons, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(titles);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    layout->addLayout(bottom);
    resize(900, 600);
    compare();
}

void CompareDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render();
}

void CompareDialog::compare()
{
    const bool json = m_formatJson->isChecked();
    m_result = MessageDiff::compare(MessageDiff::linesOf(m_before.payload, m_before.text, json),
        MessageDiff::linesOf(m_after.payload, m_after.text, json));
    if (m_result.removed == 0 && m_result.added == 0)
        m_summary->setText(json ? tr("The same, formatted as JSON.") : tr("The same."));
    else
        m_summary->setText(
            tr("%1 lines only in the first, %2 only in the second.").arg(m_result.removed).arg(m_result.added)
            + (m_result.aligned ? QString()
                                : u' '
                        + tr("They differ by more than %1 lines: between their common start and end, the first's "
                             "lines are all shown removed and the second's added.")
                              .arg(MessageDiff::defaultMaxEdits)));
    render();
}

void CompareDialog::render()
{
    const QColor base = palette().color(QPalette::Base);
    QTextBlockFormat same;
    QTextBlockFormat removed;
    removed.setBackground(Contrast::tinted(base, Contrast::Accent::failureWash, 0.25));
    QTextBlockFormat added;
    added.setBackground(Contrast::tinted(base, Contrast::Accent::successWash, 0.25));
    QTextCharFormat aside;
    aside.setForeground(Contrast::readable(Contrast::Accent::aside, base));

    // A line is shown when a change is at most contextLines away from it.
    const QList<MessageDiff::Line> &lines = m_result.lines;
    std::vector<qsizetype> toChange(size_t(lines.size()), std::numeric_limits<qsizetype>::max() / 2);
    for (int pass = 0; pass < 2; ++pass) {
        qsizetype distance = std::numeric_limits<qsizetype>::max() / 2;
        for (qsizetype step = 0; step < lines.size(); ++step) {
            const qsizetype i = pass == 0 ? step : lines.size() - 1 - step;
            distance = lines[i].kind == MessageDiff::Line::Kind::Same ? distance + 1 : 0;
            toChange[size_t(i)] = std::min(toChange[size_t(i)], distance);
        }
    }

    m_view->clear();
    QTextCursor cursor(m_view->document());
    cursor.beginEditBlock();
    bool first = true;
    const auto startLine = [&](const QTextBlockFormat &format) {
        if (std::exchange(first, false))
            cursor.setBlockFormat(format); // the document's first block, there from the start
        else
            cursor.insertBlock(format);
    };
    int shown = 0;
    qsizetype skipped = 0;
    const auto sayHowManySkipped = [&] {
        if (skipped == 0)
            return;
        startLine(same);
        cursor.insertText(tr("  ⋯ %1 lines the same ⋯").arg(std::exchange(skipped, 0)), aside);
    };
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (toChange[size_t(i)] > contextLines) {
            ++skipped;
            continue;
        }
        sayHowManySkipped();
        if (shown++ == maxShownLines) {
            startLine(same);
            cursor.insertText(tr("  ⋯ %1 more lines not shown").arg(lines.size() - i), aside);
            break;
        }
        const MessageDiff::Line &line = lines[i];
        const bool isRemoved = line.kind == MessageDiff::Line::Kind::Removed;
        const bool isAdded = line.kind == MessageDiff::Line::Kind::Added;
        startLine(isRemoved ? removed : isAdded ? added : same);
        cursor.insertText((isRemoved ? u"− "_s : isAdded ? u"+ "_s : u"  "_s) + line.text); // never markup
    }
    sayHowManySkipped();
    cursor.endEditBlock();
}

} // namespace Duplex
