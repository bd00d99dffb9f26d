// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;

namespace Duplex {

class FrameFilterModel;
class FrameLogModel;
class HexView;

// The monitor's frames: a virtualized table with filters and payload search, and for the chosen frame every
// field, the close code in words, the message it belongs to, and its bytes.
class FramesPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FramesPanel)

public:
    explicit FramesPanel(FrameLogModel &frames, QWidget *parent = nullptr);

    void setConnection(quint64 connection); // 0: all
    QTableView *table() const { return m_table; }
    FrameFilterModel *filter() const { return m_filter; }
    QPlainTextEdit *details() const { return m_details; }
    HexView *hexView() const { return m_hex; }
    // The visible rows as CSV, header first (RFC 4180).
    QByteArray visibleRowsAsCsv() const;
    void focusSearch(); // with what it holds selected, to type over
    // One checkable action per column but the payload's, as the header's context menu offers them.
    QList<QAction *> columnActions() const { return m_columnActions; }
    // Which columns show, how wide, and the sort, to remember between launches.
    QByteArray columnState() const;
    void restoreColumnState(const QByteArray &state);

private:
    void applySearch();
    void syncColumnActions();
    void sortBy(int column, Qt::SortOrder order);
    void showDetails();
    QString describe(int sourceRow) const;

    FrameLogModel &m_frames;
    FrameFilterModel *m_filter;
    QComboBox *m_direction;
    QComboBox *m_opcode;
    QCheckBox *m_hidePingPong;
    QLineEdit *m_search;
    QCheckBox *m_regex;
    QLabel *m_searchError;
    QTableView *m_table;
    QPlainTextEdit *m_details;
    HexView *m_hex;
    QList<QAction *> m_columnActions;
    bool m_followTail = true; // scrolled to the bottom: new rows keep it there
};

} // namespace Duplex
