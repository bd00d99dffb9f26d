// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/transferrow.h"

#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>

namespace Duplex {

namespace {
constexpr int steps = 1000; // thousandths: a file's bytes outgrow an int
}

TransferRow::TransferRow(QWidget *parent)
    : QWidget(parent)
    , m_bar(new QProgressBar)
    , m_cancel(new QPushButton(tr("Cancel")))
{
    m_bar->setRange(0, steps);
    connect(m_cancel, &QPushButton::clicked, this, &TransferRow::cancelClicked);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins({});
    layout->addWidget(m_bar, 1);
    layout->addWidget(m_cancel);
}

void TransferRow::setProgress(const QString &format, qint64 done, qint64 total)
{
    m_bar->setFormat(format);
    m_bar->setValue(total > 0 ? int(done * steps / total) : 0);
    m_cancel->setVisible(done < total);
}

} // namespace Duplex
