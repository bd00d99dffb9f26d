// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include "models/rpccalls.h"

class QLabel;
class QTableWidget;

namespace Duplex {

// JSON-RPC Calls: one connection's calls (RpcCalls::callsOn) as a table of each request's time, method and id, how
// long its answer took and what it said, under a summary: how many, how many failed or wait, and the median and
// 99th percentile of the time taken. A snapshot, as Follow Conversation is; activating a call asks for its request
// to be shown in the frames table.
class RpcCallsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RpcCallsDialog)

public:
    enum Column { SentColumn, MethodColumn, IdColumn, TookColumn, AnswerColumn, ColumnCount };

    RpcCallsDialog(const QList<RpcCalls::Call> &calls, const QString &connectionName, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    QString summary() const;
    void setNote(const QString &note); // why a call could not be shown, under the table

    // "0.42 ms", "12.4 ms", "1.52 s".
    static QString duration(qint64 us);

Q_SIGNALS:
    void requestChosen(const QModelIndex &request); // of the frames table's model

private:
    QList<RpcCalls::Call> m_calls;
    QLabel *m_summary;
    QTableWidget *m_table;
    QLabel *m_note;
};

} // namespace Duplex
