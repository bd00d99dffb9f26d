// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/conversationdialog.h"

#include <QApplication>
#include <QBoxLayout>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTextBrowser>

#include "ui/contrast.h"

using namespace Qt::StringLiterals;

namespace Duplex {

ConversationDialog::ConversationDialog(
    const QList<Conversation::Line> &lines, const QString &connectionName, QWidget *parent)
    : QDialog(parent)
    , m_lines(lines)
    , m_view(new QTextBrowser)
    , m_heartbeats(new QCheckBox(tr("&Pings and pongs")))
{
    setWindowTitle(tr("Conversation: %1").arg(connectionName));
    setAttribute(Qt::WA_DeleteOnClose);
    m_view->setOpenLinks(false);
    m_view->setLineWrapMode(QTextEdit::WidgetWidth);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QPushButton *copy = buttons->addButton(tr("&Copy All"), QDialogButtonBox::ActionRole);
    QPushButton *save = buttons->addButton(tr("&Save As…"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(transcript()); });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the conversation"), u"conversation.txt"_s);
        QSaveFile file(path);
        if (!path.isEmpty()
            && !(file.open(QIODevice::WriteOnly) && file.write(transcript().toUtf8()) >= 0 && file.commit()))
            QMessageBox::warning(
                this, tr("Save the conversation"), tr("Cannot write %1: %2").arg(path, file.errorString()));
    });
    connect(m_heartbeats, &QCheckBox::toggled, this, &ConversationDialog::render);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_heartbeats);
    bottom->addWidget(buttons, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addLayout(bottom);
    resize(900, 600);
    render();
}

void ConversationDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render();
}

QList<Conversation::Line> ConversationDialog::shown() const
{
    QList<Conversation::Line> lines;
    for (const Conversation::Line &line : m_lines) {
        if (m_heartbeats->isChecked() || !line.heartbeat)
            lines.append(line);
    }
    return lines;
}

void ConversationDialog::render()
{
    const QColor base = palette().color(QPalette::Base);
    QTextCharFormat aside;
    aside.setForeground(Contrast::readable(Contrast::Accent::aside, base));
    QTextCharFormat server;
    server.setForeground(Contrast::readable(Contrast::Accent::success, base)); // as the frames table shows them
    QTextCharFormat client;
    m_view->clear();
    QTextCursor cursor(m_view->document());
    const QList<Conversation::Line> lines = shown();
    if (lines.isEmpty())
        cursor.insertText(tr("The frames table holds nothing of this connection to show."), aside);
    for (const Conversation::Line &line : lines) {
        if (cursor.position() > 0)
            cursor.insertBlock();
        const QTextCharFormat &side = line.direction == Direction::ClientToServer ? client : server;
        cursor.insertText(line.time + u"  "_s, aside);
        cursor.insertText(Conversation::sides(line.direction) + u"  "_s, side);
        cursor.insertText(line.kind + u"  "_s, aside);
        cursor.insertText(line.text, side); // never markup
    }
}

} // namespace Duplex
