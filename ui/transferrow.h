// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QProgressBar;
class QPushButton;

namespace Duplex {

// A file on its way, as a line of its own: how far it has come, and Cancel to give it up.
class TransferRow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TransferRow)

public:
    explicit TransferRow(QWidget *parent = nullptr);

    // format as QProgressBar's (%p: the percentage). Once done reaches total nothing is left to give up, and
    // Cancel goes.
    void setProgress(const QString &format, qint64 done, qint64 total);
    QProgressBar *bar() const { return m_bar; }
    QPushButton *cancelButton() const { return m_cancel; }

Q_SIGNALS:
    void cancelClicked();

private:
    QProgressBar *m_bar;
    QPushButton *m_cancel;
};

} // namespace Duplex
