// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/rpccallsdialog.h"

#include <QBoxLayout>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>

#include <algorithm>
#include <cmath>

namespace Duplex {

namespace {

// The time below which share of the sorted times fall, by the nearest rank.
qint64 percentile(const QList<qint64> &sorted, double share)
{
    const auto rank = qsizetype(std::ceil(share * double(sorted.size())));
    return sorted[std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1)];
}

constexpr int callRole = Qt::UserRole;     // of a row's first item: which call, whatever the sort
constexpr int sortRole = Qt::UserRole + 1; // of a number's item

// A number shown as text and sorted as the number.
class NumberItem final : public QTableWidgetItem
{
public:
    NumberItem(double value, const QString &shown)
        : QTableWidgetItem(shown)
    {
        setData(sortRole, value);
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    bool operator<(const QTableWidgetItem &other) const override
    {
        return data(sortRole).toDouble() < other.data(sortRole).toDouble();
    }
};

} // namespace

RpcCallsDialog::RpcCallsDialog(const QList<RpcCalls::Call> &calls, const QString &connectionName, QWidget *parent)
    : QDialog(parent)
    , m_calls(calls)
    , m_summary(new QLabel)
    , m_table(new QTableWidget(int(calls.size()), ColumnCount))
    , m_note(new QLabel)
{
    setWindowTitle(tr("JSON-RPC Calls: %1").arg(connectionName));
    setAttribute(Qt::WA_DeleteOnClose);
    m_table->setHorizontalHeaderLabels({tr("Sent (s)"), tr("Method"), tr("Id"), tr("Took"), tr("Answer")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const RpcCalls::Call &call = calls[i];
        const int row = int(i);
        auto *sent = new NumberItem(double(call.sentUs) / 1e6, QString::number(double(call.sentUs) / 1e6, 'f', 6));
        sent->setData(callRole, int(i));
        m_table->setItem(row, SentColumn, sent);
        m_table->setItem(row, MethodColumn, new QTableWidgetItem(call.method));
        m_table->setItem(row, IdColumn, new QTableWidgetItem(JsonRpc::idText(call.id)));
        // Unanswered calls sort after every answered one.
        m_table->setItem(row, TookColumn,
            call.tookUs ? new NumberItem(double(*call.tookUs), duration(*call.tookUs))
                        : new NumberItem(1e300, QString()));
        QString answer = tr("none yet");
        if (call.answer && call.answer->kind == JsonRpc::Message::Kind::Error)
            answer = call.answer->errorCode
                ? tr("error %1: %2").arg(*call.answer->errorCode).arg(call.answer->errorMessage)
                : tr("error: %1").arg(call.answer->errorMessage);
        else if (call.answer)
            answer = tr("result");
        m_table->setItem(row, AnswerColumn, new QTableWidgetItem(answer));
    }
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SentColumn, Qt::AscendingOrder);
    m_table->resizeColumnsToContents();
    connect(m_table, &QTableWidget::itemActivated, this, [this](QTableWidgetItem *item) {
        const int call = m_table->item(item->row(), SentColumn)->data(callRole).toInt();
        m_note->clear();
        Q_EMIT requestChosen(m_calls[call].requestRow);
    });

    QList<qint64> took;
    qsizetype errors = 0;
    for (const RpcCalls::Call &call : calls) {
        if (call.tookUs)
            took.append(*call.tookUs);
        errors += call.answer && call.answer->kind == JsonRpc::Message::Kind::Error;
    }
    std::sort(took.begin(), took.end());
    QString summary = tr("%1 calls · %2 answered, %3 of them with an error · %4 not answered")
                          .arg(calls.size())
                          .arg(took.size())
                          .arg(errors)
                          .arg(calls.size() - took.size());
    if (!took.isEmpty())
        summary += tr(" · took %1 at the median, %2 at the 99th percentile")
                       .arg(duration(percentile(took, 0.5)), duration(percentile(took, 0.99)));
    m_summary->setText(summary);
    m_summary->setWordWrap(true);
    m_note->setWordWrap(true);
    m_note->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    layout->addWidget(buttons);
    resize(800, 500);
}

QString RpcCallsDialog::summary() const
{
    return m_summary->text();
}

void RpcCallsDialog::setNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

QString RpcCallsDialog::duration(qint64 us)
{
    return us < 1000   ? tr("%1 ms").arg(double(us) / 1e3, 0, 'f', 2)
        : us < 1000000 ? tr("%1 ms").arg(double(us) / 1e3, 0, 'f', 1)
                       : tr("%1 s").arg(double(us) / 1e6, 0, 'f', 2);
}

} // namespace Duplex
