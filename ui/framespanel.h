// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPersistentModelIndex>
#include <QWidget>

#include <array>
#include <optional>

#include "ui/comparedialog.h"

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QSplitter;
class QTabWidget;
class QTableView;

namespace Duplex {

class FrameFilterModel;
class FrameLogModel;
class HexView;
class PayloadView;

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
    QPlainTextEdit *details() const { return m_details; } // every field of the chosen frame
    PayloadView *message() const { return m_message; }    // its message, to read
    // For a JSON-RPC request or answer, how long the call took and a link to its other end.
    QLabel *callNote() const { return m_call; }
    QTabWidget *detailTabs() const { return m_detailTabs; }
    HexView *hexView() const { return m_hex; }
    // The visible rows as CSV, header first (RFC 4180).
    QByteArray visibleRowsAsCsv() const;
    void focusSearch(); // with what it holds selected, to type over
    // One checkable action per column but the payload's, as the header's context menu offers them.
    QList<QAction *> columnActions() const { return m_columnActions; }
    // How times show (FrameFilterModel::TimeDisplay), as the header's context menu offers it.
    QList<QAction *> timeActions() const { return m_timeActions; }
    void setTimeDisplay(int display);
    // Which columns show, how wide, and the sort, to remember between launches.
    QByteArray columnState() const;
    void restoreColumnState(const QByteArray &state);
    // How the table, the message and the bytes share the panel, and which of message and fields shows.
    QByteArray paneState() const;
    void restorePaneState(const QByteArray &state);
    // What the frames table's context menu offers for the frame at a row of the table (the filter's row).
    QMenu *rowMenu(int row);
    // Writes a payload to a file, as Save Payload… does.
    static bool writePayload(const QByteArray &payload, const QString &path, QString *error);

Q_SIGNALS:
    void connectionChosen(quint64 connection);
    // The person asked to send this payload again from the client.
    void resendRequested(const QByteArray &payload, bool text);
    // The person asked to say again from the client what the client said on this WebSocket connection.
    void replayRequested(quint64 connection);
    // And what its server said, for the hosted room to play at /replay.
    void roomReplayRequested(quint64 connection);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QString rowText(int sourceRow) const;                   // the shown columns, tab-separated, with the whole payload
    QString cellText(const QModelIndex &index) const;       // of the filter; a payload whole
    void savePayload(const QByteArray &payload, bool text); // asks where
    void applySearch();
    void shadeSearchError(); // red, as dark or light as the palette needs
    void syncColumnActions();
    void sortBy(int column, Qt::SortOrder order);
    void showDetails();
    QString describe(int sourceRow) const;
    void showCall(int sourceRow); // in m_call
    void showOtherEnd();
    QString reveal(const QModelIndex &sourceRow); // selects it in the table; why not, when it cannot

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
    PayloadView *m_message;
    QLabel *m_call;
    QPersistentModelIndex m_otherEnd;   // of the call shown in m_call, in m_frames
    QPersistentModelIndex m_unanswered; // the request m_call says is not answered yet: new rows may answer it
    QTabWidget *m_detailTabs;           // Message and Fields
    HexView *m_hex;
    std::array<QSplitter *, 2> m_panes; // the table over the rest; the tabs beside the bytes
    QList<QAction *> m_columnActions;
    QList<QAction *> m_timeActions;                           // in the order of FrameFilterModel::TimeDisplay
    bool m_followTail = true;                                 // scrolled to the bottom: new rows keep it there
    std::optional<CompareDialog::Message> m_marked;           // for Compare with Marked
    std::optional<CompareDialog::Message> m_markedConnection; // its conversation, for Compare Connection with Marked
};

} // namespace Duplex
