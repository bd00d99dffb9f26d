// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QTimer>

namespace Duplex::Test {

// Answers the questions the code under test asks in message boxes (confirmDestructive and the like), which would
// otherwise wait for a person: from answerWith(button) on, every QMessageBox that comes up is answered by the button
// labelled button ('&'s aside), and its text kept, in order, until clear(). A box without that button fails the test.
class QuestionAnswerer final : public QObject
{
public:
    QuestionAnswerer();

    void answerWith(const QString &button);
    void stop() { m_polling.stop(); }
    void clear() { m_questions.clear(); }
    const QStringList &questions() const { return m_questions; }

private:
    void answer();

    QTimer m_polling;
    QString m_button;
    QStringList m_questions;
};

} // namespace Duplex::Test
