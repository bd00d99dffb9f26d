// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/questionanswerer.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QTest>

namespace Duplex::Test {

QuestionAnswerer::QuestionAnswerer()
{
    m_polling.setInterval(20);
    connect(&m_polling, &QTimer::timeout, this, &QuestionAnswerer::answer);
}

void QuestionAnswerer::answerWith(const QString &button)
{
    m_button = QString(button).remove(u'&');
    m_polling.start();
}

void QuestionAnswerer::answer()
{
    auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
    if (!box)
        return;
    m_questions << box->text();
    for (QAbstractButton *choice : box->buttons()) {
        if (choice->text().remove(u'&') == m_button)
            return choice->click();
    }
    QTest::qFail(
        qPrintable(QStringLiteral("no button \"%1\" in \"%2\"").arg(m_button, box->text())), __FILE__, __LINE__);
    box->reject();
}

} // namespace Duplex::Test
