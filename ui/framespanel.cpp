// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/framespanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QBoxLayout>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDataStream>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>

#include "models/conversation.h"
#include "models/framefiltermodel.h"
#include "models/framelogmodel.h"
#include "models/rpccalls.h"
#include "traffic/protocolglossary.h"
#include "ui/contrast.h"
#include "ui/conversationdialog.h"
#include "ui/hexview.h"
#include "ui/payloadview.h"
#include "ui/rpccallsdialog.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

// Control frames in blue-grey, violations in red: the colours live here, the model only says which is which.
class FrameRowDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // A payload cell that matched the search shows its hit marked, as a browser's find does.
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QVariant hit = index.data(FrameFilterModel::SearchHitRole);
        if (!hit.isValid())
            return QStyledItemDelegate::paint(painter, option, index);
        QStyleOptionViewItem cell = option;
        initStyleOption(&cell, index);
        const QString text = cell.text;
        cell.text.clear();
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);
        const QRect area = style->subElementRect(QStyle::SE_ItemViewItemText, &cell, widget).adjusted(3, 0, -3, 0);
        const QPoint at = hit.toPoint();
        const QString parts[] = {text.left(at.x()), text.mid(at.x(), at.y()), text.mid(at.x() + at.y())};
        const QFontMetrics metrics(cell.font);
        const QColor ink
            = cell.palette.color(cell.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text);
        painter->save();
        painter->setFont(cell.font);
        painter->setClipRect(area);
        int x = area.left();
        for (int part = 0; part < 3 && x < area.right(); ++part) {
            const int width = metrics.horizontalAdvance(parts[part]);
            const QRect box(x, area.top(), width, area.height());
            if (part == 1) {
                painter->fillRect(box, QColor(0xff, 0xd8, 0x4d));
                painter->setPen(Qt::black);
            } else {
                painter->setPen(ink);
            }
            const QString shown
                = part == 2 ? metrics.elidedText(parts[2], Qt::ElideRight, area.right() - x) : parts[part];
            painter->drawText(
                QRect(x, area.top(), area.right() - x, area.height()), Qt::AlignVCenter | Qt::AlignLeft, shown);
            x += width;
        }
        painter->restore();
    }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const Inks &inks = inksOn(option->palette.color(QPalette::Base));
        if (index.data(FrameLogModel::ViolationRole).toBool()) {
            option->backgroundBrush = inks.violationBackground;
            option->palette.setColor(QPalette::Text, inks.violation);
            option->font.setBold(true);
        } else if (index.data(FrameLogModel::ControlRole).toBool()) {
            option->backgroundBrush = inks.controlBackground;
            option->palette.setColor(QPalette::Text, inks.control);
        } else if (index.data(FrameLogModel::DirectionRole).value<Direction>() == Direction::ServerToClient) {
            option->palette.setColor(QPalette::Text, inks.fromServer);
        }
        // The narrow connection column keeps both ends of "9 127.0.0.1:36432": the number and the port tell it apart.
        if (index.column() == FrameLogModel::ConnectionColumn)
            option->textElideMode = Qt::ElideMiddle;
    }

private:
    // The rows' colours on one palette's base, worked out once rather than for every cell painted.
    struct Inks
    {
        QColor violationBackground;
        QColor violation;
        QColor controlBackground;
        QColor control;
        QColor fromServer;
    };
    const Inks &inksOn(const QColor &base) const
    {
        using namespace Contrast;
        if (base != m_inksBase) {
            m_inksBase = base;
            const QColor violationBackground = tinted(base, Accent::failureWash, 0.2);
            const QColor controlBackground = tinted(base, Accent::controlWash, 0.17);
            m_inks = {violationBackground, readable(Accent::failure, violationBackground), controlBackground,
                readable(Accent::control, controlBackground), readable(Accent::success, base)};
        }
        return m_inks;
    }

    mutable QColor m_inksBase;
    mutable Inks m_inks;
};

enum class PayloadFormat { Text, Json, Hex, Base64 };

// A message's payload as the clipboard gets it.
QString payloadAs(const QByteArray &payload, bool text, PayloadFormat format)
{
    switch (format) {
    case PayloadFormat::Text:
        return ProtocolGlossary::payloadText(payload, text);
    case PayloadFormat::Json:
        return QString::fromUtf8(QJsonDocument::fromJson(payload).toJson(QJsonDocument::Indented));
    case PayloadFormat::Hex:
        return QString::fromLatin1(payload.toHex(' '));
    case PayloadFormat::Base64:
        return QString::fromLatin1(payload.toBase64());
    }
    return {};
}

QString droppedNote()
{
    return FramesPanel::tr("payload dropped: memory budget (the oldest go first; View ▸ Monitor Memory… keeps more)");
}

QString csvField(QString text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n'))
        return text;
    return u'"' + text.replace(u'"', u"\"\""_s) + u'"';
}

} // namespace

FramesPanel::FramesPanel(FrameLogModel &frames, QWidget *parent)
    : QWidget(parent)
    , m_frames(frames)
    , m_filter(new FrameFilterModel(this))
    , m_direction(new QComboBox)
    , m_opcode(new QComboBox)
    , m_hidePingPong(new QCheckBox(tr("Hide ping/pong")))
    , m_search(new QLineEdit)
    , m_regex(new QCheckBox(tr("Regex")))
    , m_searchError(new QLabel)
    , m_table(new QTableView)
    , m_details(new QPlainTextEdit)
    , m_message(new PayloadView)
    , m_call(new QLabel)
    , m_detailTabs(new QTabWidget)
    , m_hex(new HexView)
    , m_panes {new QSplitter(Qt::Vertical), new QSplitter(Qt::Horizontal)}
{
    m_filter->setSourceModel(&frames);

    m_direction->addItem(tr("Both directions"));
    m_direction->addItem(tr("client → server"), int(Direction::ClientToServer));
    m_direction->addItem(tr("server → client"), int(Direction::ServerToClient));
    m_opcode->addItem(tr("All opcodes"));
    for (const quint8 opcode :
        {Opcode::text, Opcode::binary, Opcode::continuation, Opcode::close, Opcode::ping, Opcode::pong})
        m_opcode->addItem(ProtocolGlossary::opcodeName(opcode), opcode);
    m_search->setPlaceholderText(tr("Search payloads"));
    m_search->setClearButtonEnabled(true);
    m_searchError->setMaximumWidth(m_searchError->fontMetrics().averageCharWidth() * 30); // never widens the window
    shadeSearchError();
    m_regex->setObjectName(u"regex"_s);
    m_searchError->setObjectName(u"searchError"_s);

    connect(m_direction, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant value = m_direction->currentData();
        m_filter->setDirection(value.isValid() ? std::optional(Direction(value.toInt())) : std::nullopt);
    });
    connect(m_opcode, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant value = m_opcode->currentData();
        m_filter->setOpcode(value.isValid() ? std::optional(quint8(value.toUInt())) : std::nullopt);
    });
    connect(m_hidePingPong, &QCheckBox::toggled, m_filter, &FrameFilterModel::setHidePingPong);
    connect(m_search, &QLineEdit::textChanged, this, &FramesPanel::applySearch);
    connect(m_regex, &QCheckBox::toggled, this, &FramesPanel::applySearch);

    m_table->setModel(m_filter);
    m_table->setItemDelegate(new FrameRowDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true); // the payload takes what the others leave
    const int digit = m_table->fontMetrics().horizontalAdvance(u'0');
    const int widths[]
        = {digit * 9, digit * 12, digit * 10, digit * 13, digit * 9, digit * 4, digit * 5, digit * 9, digit * 7};
    static_assert(std::size(widths) == FrameLogModel::PayloadColumn);
    for (int column = 0; column < FrameLogModel::PayloadColumn; ++column)
        m_table->setColumnWidth(column, widths[column]);
    // FIN, RSV bits and masking keys are in the details pane: out of the table, for the payload, until asked for.
    for (const int column : {FrameLogModel::FinColumn, FrameLogModel::RsvColumn, FrameLogModel::MaskColumn})
        header->setSectionHidden(column, true);
    for (int column = 0; column < FrameLogModel::PayloadColumn; ++column) {
        auto *action = new QAction(frames.headerData(column, Qt::Horizontal).toString(), this);
        action->setCheckable(true);
        connect(action, &QAction::toggled, this,
            [header, column](bool shown) { header->setSectionHidden(column, !shown); });
        m_columnActions.append(action);
    }
    syncColumnActions();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    auto *times = new QActionGroup(this);
    for (const auto &[shown, name] :
        {std::pair {FrameFilterModel::TimeDisplay::SinceStart, tr("Seconds Since the Start")},
            std::pair {FrameFilterModel::TimeDisplay::WallClock, tr("Wall Clock")},
            std::pair {FrameFilterModel::TimeDisplay::SincePrevious, tr("Seconds Since the Row Above")}}) {
        QAction *action = times->addAction(name);
        action->setCheckable(true);
        action->setChecked(shown == m_filter->timeDisplay());
        connect(action, &QAction::triggered, m_filter, [this, display = shown] { m_filter->setTimeDisplay(display); });
        m_timeActions.append(action);
    }
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](const QPoint &at) {
        QMenu menu;
        menu.addSection(tr("Columns"));
        menu.addActions(m_columnActions);
        menu.addSection(tr("Time"));
        menu.addActions(m_timeActions);
        menu.exec(header->mapToGlobal(at));
    });
    // A header click sorts by that column, numbers as numbers. Oldest first is the order frames arrive in: then the
    // filter does not sort at all, which keeps a flood of frames cheap (a sorted proxy places every row it gains
    // and renumbers every row when the oldest are trimmed).
    m_filter->setSortRole(FrameLogModel::SortRole);
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setSortIndicator(FrameLogModel::TimeColumn, Qt::AscendingOrder);
    connect(header, &QHeaderView::sortIndicatorChanged, this, &FramesPanel::sortBy);
    // Keep following new frames only while the view is at the bottom (auto-scroll, as devtools do).
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this,
        [this](int value) { m_followTail = value == m_table->verticalScrollBar()->maximum(); });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followTail)
            m_table->scrollToBottom();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FramesPanel::showDetails);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex index = m_table->indexAt(at);
        if (!index.isValid())
            return;
        m_table->setCurrentIndex(index);
        QMenu *menu = rowMenu(index.row());
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_table->viewport()->mapToGlobal(at));
    });
    m_table->installEventFilter(this); // Ctrl+C copies the whole payload, not the cell's preview

    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Choose a frame to see every field."));
    m_detailTabs->setDocumentMode(true);
    m_call->setObjectName(u"callNote"_s);
    m_call->setWordWrap(true);
    m_call->hide();
    connect(m_call, &QLabel::linkActivated, this, &FramesPanel::showOtherEnd);
    connect(&m_frames, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        if (!m_unanswered.isValid())
            return;
        const int request = m_unanswered.row();
        const auto payload = RpcCalls::payloadAt(m_frames, request);
        if (payload && RpcCalls::answerAmong(m_frames, request, *payload, first, last))
            showCall(request);
    });

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_direction);
    filters->addWidget(m_opcode);
    filters->addWidget(m_hidePingPong);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_regex);
    filters->addWidget(m_searchError);
    m_detailTabs->addTab(m_message, tr("&Message"));
    m_detailTabs->addTab(m_details, tr("F&ields"));
    auto *details = new QWidget;
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_call);
    detailsLayout->addWidget(m_detailTabs, 1);
    m_panes[1]->addWidget(details);
    m_panes[1]->addWidget(m_hex);
    m_panes[1]->setStretchFactor(0, 1);
    m_panes[0]->addWidget(m_table);
    m_panes[0]->addWidget(m_panes[1]);
    m_panes[0]->setStretchFactor(0, 3);
    m_panes[0]->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_panes[0], 1);
}

void FramesPanel::setTimeDisplay(int display)
{
    if (display >= 0 && display < m_timeActions.size())
        m_timeActions[display]->trigger();
}

void FramesPanel::setConnection(quint64 connection)
{
    m_filter->setConnection(connection);
}

QByteArray FramesPanel::paneState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << m_panes[0]->saveState() << m_panes[1]->saveState() << qint32(m_detailTabs->currentIndex());
    return state;
}

void FramesPanel::restorePaneState(const QByteArray &state)
{
    QDataStream in(state);
    QByteArray outer;
    QByteArray inner;
    qint32 tab = 0;
    in >> outer >> inner >> tab;
    if (in.status() != QDataStream::Ok)
        return; // not a state this version wrote
    m_panes[0]->restoreState(outer);
    m_panes[1]->restoreState(inner);
    m_detailTabs->setCurrentIndex(tab);
}

QByteArray FramesPanel::columnState() const
{
    return m_table->horizontalHeader()->saveState();
}

void FramesPanel::restoreColumnState(const QByteArray &state)
{
    QHeaderView *header = m_table->horizontalHeader();
    header->restoreState(state);
    syncColumnActions();
    sortBy(header->sortIndicatorSection(), header->sortIndicatorOrder());
}

void FramesPanel::sortBy(int column, Qt::SortOrder order)
{
    const bool arrivalOrder = column == FrameLogModel::TimeColumn && order == Qt::AscendingOrder;
    m_filter->sort(arrivalOrder ? -1 : column, order);
}

void FramesPanel::syncColumnActions()
{
    for (int column = 0; column < int(m_columnActions.size()); ++column) {
        const QSignalBlocker quiet(m_columnActions[column]);
        m_columnActions[column]->setChecked(!m_table->horizontalHeader()->isSectionHidden(column));
    }
}

void FramesPanel::applySearch()
{
    QString error;
    const bool ok = m_filter->setSearch(m_search->text(), m_regex->isChecked(), &error);
    const QFontMetrics metrics = m_searchError->fontMetrics();
    m_searchError->setText(ok ? QString() : metrics.elidedText(error, Qt::ElideRight, m_searchError->maximumWidth()));
    m_searchError->setToolTip(ok ? QString() : error);
}

void FramesPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) // the desktop turned dark or light
        shadeSearchError();
}

void FramesPanel::shadeSearchError()
{
    Contrast::inkAsFailure(*m_searchError, palette().color(QPalette::Window));
}

void FramesPanel::showDetails()
{
    const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
    showCall(current.row());
    if (!current.isValid()) {
        m_details->clear();
        m_message->clear();
        m_hex->clear();
        return;
    }
    const int row = current.row();
    m_details->setPlainText(describe(row));
    const Frame &frame = m_frames.frameAt(row);
    if (const auto &violation = m_frames.violationAt(row))
        m_message->showNote(QString::fromUtf8(violation->reason));
    else if (m_frames.isPayloadDropped(row))
        m_message->showNote(droppedNote());
    else if (frame.closeCode)
        m_message->showNote(
            tr("close %1, %2%3")
                .arg(*frame.closeCode)
                .arg(ProtocolGlossary::closeCodeMeaning(*frame.closeCode))
                .arg(frame.closeReason.isEmpty() ? QString() : u": "_s + QString::fromUtf8(frame.closeReason)));
    else
        m_message->setPayload(m_frames.messageData(row), m_frames.isTextMessage(row));
    if (m_frames.violationAt(row))
        m_hex->clear();
    else if (m_frames.carrierAt(row) != FrameLogModel::Carrier::WebSocket)
        m_hex->setBytes(m_frames.wireAt(row));
    else
        m_hex->setFrame(m_frames.frameAt(row));
}

QString FramesPanel::describe(int row) const
{
    const QString time = m_frames.index(row, FrameLogModel::TimeColumn).data().toString();
    const QString direction = m_frames.index(row, FrameLogModel::DirectionColumn).data().toString();
    if (const auto &violation = m_frames.violationAt(row))
        return tr("Protocol violation on connection %1, %2, at %3 s\nclose code %4 (%5)\n%6")
            .arg(m_frames.connectionAt(row))
            .arg(direction, time)
            .arg(violation->closeCode)
            .arg(ProtocolGlossary::closeCodeMeaning(violation->closeCode), QString::fromUtf8(violation->reason));

    if (m_frames.carrierAt(row) != FrameLogModel::Carrier::WebSocket) {
        const bool sse = m_frames.carrierAt(row) == FrameLogModel::Carrier::Sse;
        const Frame &body = m_frames.frameAt(row);
        const QString kept = m_frames.isPayloadDropped(row) ? u", "_s + droppedNote()
            : quint64(body.payload.size()) < body.payloadLength
            ? tr(", of which the first %1 are in this capture").arg(body.payload.size())
            : QString();
        return tr("%1 on connection %2, %3, at %4 s\n%5\n%6 %7 bytes%8")
            .arg(sse ? tr("SSE event") : tr("HTTP message"))
            .arg(m_frames.connectionAt(row))
            .arg(direction, time, m_frames.index(row, FrameLogModel::OpcodeColumn).data().toString())
            .arg(sse ? tr("data") : tr("body"))
            .arg(body.payloadLength)
            .arg(kept);
    }
    const Frame &f = m_frames.frameAt(row);
    QStringList lines;
    lines << tr("Frame on connection %1, %2, at %3 s").arg(m_frames.connectionAt(row)).arg(direction, time);
    lines << tr("FIN      %1  (%2)").arg(int(f.fin)).arg(f.fin ? tr("last frame of its message") : tr("more follow"));
    lines << tr("RSV1-3   %1 %2 %3%4")
                 .arg(int(f.rsv1))
                 .arg(int(f.rsv2))
                 .arg(int(f.rsv3))
                 .arg(f.compressed ? tr("  (RSV1: compressed with permessage-deflate)") : QString());
    lines << tr("opcode   0x%1  %2").arg(f.opcode, 0, 16).arg(ProtocolGlossary::opcodeName(f.opcode));
    lines << tr("MASK     %1").arg(f.masked ? tr("1, key %1").arg(f.maskingKey, 8, 16, QLatin1Char('0')) : tr("0"));
    lines << tr("length   %1 bytes, in the %2-bit encoding; header %3 bytes")
                 .arg(f.payloadLength)
                 .arg(f.lengthBits)
                 .arg(f.headerSize);
    if (f.compressed)
        lines << tr("inflated %1 bytes").arg(f.inflatedLength);
    if (f.closeCode)
        lines << tr("close    %1 %2%3")
                     .arg(*f.closeCode)
                     .arg(ProtocolGlossary::closeCodeMeaning(*f.closeCode))
                     .arg(f.closeReason.isEmpty() ? QString() : u": "_s + QString::fromUtf8(f.closeReason));
    if (m_frames.isPayloadDropped(row))
        lines << droppedNote();
    else if (quint64(f.payload.size()) < f.payloadLength)
        lines << tr("(the first %1 bytes of the payload are in this capture)").arg(f.payload.size());

    const QList<int> message = m_frames.messageRows(row);
    if (message.size() > 1)
        lines << tr("fragment %1 of %2 of one message of %3 bytes, which Message shows whole")
                     .arg(message.indexOf(row) + 1)
                     .arg(message.size())
                     .arg(m_frames.messageData(row).size());
    return lines.join(u'\n');
}

void FramesPanel::showCall(int sourceRow)
{
    m_otherEnd = m_unanswered = QPersistentModelIndex();
    const auto payload = sourceRow >= 0 ? RpcCalls::payloadAt(m_frames, sourceRow) : std::nullopt;
    const bool asks = payload && JsonRpc::hasRequests(*payload);
    if (!asks && !(payload && JsonRpc::hasAnswers(*payload))) {
        m_call->hide();
        return;
    }
    const RpcCalls::Search search = RpcCalls::otherEnd(m_frames, sourceRow, *payload);
    const QString searched = tr("%1 MiB").arg(RpcCalls::maxBytesSearched >> 20);
    QString text;
    if (search.row) {
        m_otherEnd = m_frames.index(*search.row, 0);
        const qint64 took
            = std::abs(m_frames.timeUsAt(*search.row) - m_frames.timeUsAt(m_frames.messageRows(sourceRow).constLast()));
        text = asks
            ? tr("Answered after %1. <a href=\"answer\">Show the answer</a>").arg(RpcCallsDialog::duration(took))
            : tr("Answers the request sent %1 earlier. <a href=\"request\">Show the request</a>")
                  .arg(RpcCallsDialog::duration(took));
    } else if (asks) {
        if (search.complete)
            m_unanswered = m_frames.index(sourceRow, 0);
        text = search.complete ? tr("Not answered yet on its connection.")
                               : tr("Not answered in the next %1 of its connection's messages.").arg(searched);
    } else {
        text = search.complete
            ? tr("Its request is not in the table (it may be older than the table's first row).")
            : tr("Its request is not in the %1 of its connection's messages before it.").arg(searched);
    }
    m_call->setText(text);
    m_call->show();
}

void FramesPanel::showOtherEnd()
{
    if (const QString why = reveal(m_otherEnd); !why.isEmpty())
        m_call->setText(why);
}

QString FramesPanel::reveal(const QModelIndex &sourceRow)
{
    const QModelIndex shown = m_filter->mapFromSource(sourceRow);
    if (!shown.isValid())
        return sourceRow.isValid() ? tr("The filters hide that message.")
                                   : tr("That message has left the table (the oldest rows go first).");
    m_table->setCurrentIndex(shown);
    m_table->scrollTo(shown);
    return {};
}

void FramesPanel::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

QByteArray FramesPanel::visibleRowsAsCsv() const
{
    QStringList fields;
    QString csv;
    for (int column = 0; column < m_filter->columnCount(); ++column)
        fields << csvField(m_filter->headerData(column, Qt::Horizontal).toString());
    csv += fields.join(u',') + u"\r\n"_s;
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        fields.clear();
        for (int column = 0; column < m_filter->columnCount(); ++column)
            fields << csvField(cellText(m_filter->index(row, column)));
        csv += fields.join(u',') + u"\r\n"_s;
    }
    return csv.toUtf8();
}

QString FramesPanel::cellText(const QModelIndex &index) const
{
    const int row = m_filter->mapToSource(index).row();
    if (index.column() != FrameLogModel::PayloadColumn || m_frames.isPayloadDropped(row) || m_frames.violationAt(row)
        || m_frames.frameAt(row).closeCode)
        return index.data().toString();
    return index.data(FrameLogModel::PayloadTextRole).toString();
}

QMenu *FramesPanel::rowMenu(int row)
{
    // What the actions need, taken now: while the menu is open, new frames may push this row out of the table.
    const int source = m_filter->mapToSource(m_filter->index(row, 0)).row();
    const bool hasPayload = !m_frames.violationAt(source) && !m_frames.isPayloadDropped(source);
    const QByteArray payload = hasPayload ? m_frames.messageData(source) : QByteArray();
    const bool text = m_frames.isTextMessage(source);
    const bool json = hasPayload && text && !QJsonDocument::fromJson(payload).isNull();
    const bool resendable = hasPayload && m_frames.carrierAt(source) == FrameLogModel::Carrier::WebSocket
        && !Opcode::isControl(m_frames.frameAt(source).opcode);

    auto *menu = new QMenu(this);
    const auto add = [menu](const QString &name, bool enabled, auto slot) {
        QAction *action = menu->addAction(name, slot);
        action->setEnabled(enabled);
        return action;
    };
    const auto copy = [payload, text](PayloadFormat format) {
        return [payload, text, format] { QApplication::clipboard()->setText(payloadAs(payload, text, format)); };
    };
    add(tr("&Copy Payload"), hasPayload, copy(PayloadFormat::Text))->setShortcut(QKeySequence::Copy);
    add(tr("Copy Payload as &JSON"), json, copy(PayloadFormat::Json));
    add(tr("Copy Payload as &Hex"), hasPayload, copy(PayloadFormat::Hex));
    add(tr("Copy Payload as &Base64"), hasPayload, copy(PayloadFormat::Base64));
    add(tr("Copy &Row"), true, [row = rowText(source)] { QApplication::clipboard()->setText(row); });
    menu->addSeparator();
    add(tr("&Save Payload…"), hasPayload, [this, payload, text] { savePayload(payload, text); });
    const CompareDialog::Message message {payload, text,
        tr("%1 · %2 · %3")
            .arg(m_frames.index(source, FrameLogModel::TimeColumn).data().toString(),
                m_frames.index(source, FrameLogModel::ConnectionColumn).data().toString(),
                m_frames.index(source, FrameLogModel::DirectionColumn).data().toString())};
    add(tr("Mar&k for Comparison"), hasPayload, [this, message] { m_marked = message; });
    add(tr("Com&pare with Marked…"), hasPayload && m_marked,
        [this, message] { (new CompareDialog(*m_marked, message, this))->show(); });
    // A connection's conversation is what the table holds of it when the action is chosen.
    const auto conversation = [this, connection = m_frames.connectionAt(source),
                                  name = m_frames.index(source, FrameLogModel::ConnectionColumn).data().toString()] {
        return CompareDialog::Message {
            Conversation::withoutTimes(Conversation::of(m_frames, connection)).toUtf8(), true, name};
    };
    add(tr("Mark Co&nnection for Comparison"), true, [this, conversation] { m_markedConnection = conversation(); });
    add(tr("Compare Connec&tion with Marked…"), m_markedConnection.has_value(),
        [this, conversation] { (new CompareDialog(*m_markedConnection, conversation(), this))->show(); });
    add(tr("Re&send from the Client"), resendable, [this, payload, text] { Q_EMIT resendRequested(payload, text); });
    add(tr("Repla&y Connection from the Client"), m_frames.carrierAt(source) == FrameLogModel::Carrier::WebSocket,
        [this, connection = m_frames.connectionAt(source)] { Q_EMIT replayRequested(connection); });
    add(tr("Replay Connection from the Roo&m"), m_frames.carrierAt(source) == FrameLogModel::Carrier::WebSocket,
        [this, connection = m_frames.connectionAt(source)] { Q_EMIT roomReplayRequested(connection); });
    add(tr("Show &Only This Connection"), true,
        [this, connection = m_frames.connectionAt(source)] { Q_EMIT connectionChosen(connection); });
    const QString connectionName = m_frames.index(source, FrameLogModel::ConnectionColumn).data().toString();
    add(tr("&Follow Conversation…"), true, [this, connection = m_frames.connectionAt(source), connectionName] {
        (new ConversationDialog(Conversation::of(m_frames, connection), connectionName, this))->show();
    });
    add(tr("JSON-RPC Ca&lls…"), RpcCalls::payloadAt(m_frames, source).has_value(),
        [this, connection = m_frames.connectionAt(source), connectionName] {
            auto *calls = new RpcCallsDialog(RpcCalls::callsOn(m_frames, connection), connectionName, this);
            connect(calls, &RpcCallsDialog::requestChosen, this,
                [this, calls](const QModelIndex &request) { calls->setNote(reveal(request)); });
            calls->show();
        });
    return menu;
}

bool FramesPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
        if (current.isValid() && !m_frames.violationAt(current.row()) && !m_frames.isPayloadDropped(current.row()))
            QApplication::clipboard()->setText(payloadAs(
                m_frames.messageData(current.row()), m_frames.isTextMessage(current.row()), PayloadFormat::Text));
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

QString FramesPanel::rowText(int sourceRow) const
{
    QStringList fields;
    const int row = m_filter->mapFromSource(m_frames.index(sourceRow, 0)).row();
    for (int column = 0; column < m_filter->columnCount(); ++column) {
        if (!m_table->isColumnHidden(column))
            fields << cellText(m_filter->index(row, column));
    }
    return fields.join(u'\t');
}

void FramesPanel::savePayload(const QByteArray &payload, bool text)
{
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Save the payload"), text ? u"payload.txt"_s : u"payload.bin"_s);
    QString error;
    if (!path.isEmpty() && !writePayload(payload, path, &error))
        QMessageBox::warning(this, tr("Save the payload"), tr("Cannot write %1: %2").arg(path, error));
}

bool FramesPanel::writePayload(const QByteArray &payload, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(payload) >= 0 && file.commit())
        return true;
    *error = file.errorString();
    return false;
}

} // namespace Duplex
