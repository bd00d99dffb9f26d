// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/confirmation.h"

#include <QMessageBox>
#include <QPushButton>

namespace Duplex {

bool confirmDestructive(QWidget *parent, const QString &title, const QString &question, const QString &action)
{
    QMessageBox ask(QMessageBox::Question, title, question, QMessageBox::Cancel, parent);
    const QPushButton *agree = ask.addButton(action, QMessageBox::DestructiveRole);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    return ask.clickedButton() == agree;
}

} // namespace Duplex
