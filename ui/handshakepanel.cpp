// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/handshakepanel.h"

#include <QBoxLayout>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>

#include "models/connectionlistmodel.h"
#include "traffic/protocolglossary.h"
#include "ui/contrast.h"
#include "wire/handshake.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

// One top-level item per head: its start line, then a child per header with the header's meaning as tooltip.
void addHead(QTreeWidget *tree, const QString &title, const QByteArray &head)
{
    if (head.isEmpty())
        return;
    QList<QByteArray> lines = head.split('\n');
    auto *top = new QTreeWidgetItem(tree, {title, QString::fromUtf8(lines.takeFirst().trimmed())});
    for (const QByteArray &line : std::as_const(lines)) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.first(colon).trimmed();
        auto *item
            = new QTreeWidgetItem(top, {QString::fromUtf8(name), QString::fromUtf8(line.mid(colon + 1).trimmed())});
        const QString meaning = ProtocolGlossary::headerMeaning(name);
        item->setToolTip(0, meaning);
        item->setToolTip(1, meaning);
    }
    top->setExpanded(true);
}

} // namespace

HandshakePanel::HandshakePanel(ConnectionListModel &connections, QWidget *parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_table(new QTableView)
    , m_heads(new QTreeWidget)
    , m_accept(new QLabel)
{
    m_table->setModel(&connections);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(ConnectionListModel::IdColumn, m_table->fontMetrics().horizontalAdvance(u'0') * 11);
    m_table->setColumnWidth(ConnectionListModel::WhoColumn, m_table->fontMetrics().horizontalAdvance(u'0') * 14);
    m_table->setColumnWidth(ConnectionListModel::PeerColumn, m_table->fontMetrics().horizontalAdvance(u'0') * 21);
    m_table->setColumnWidth(ConnectionListModel::TrafficColumn, m_table->fontMetrics().horizontalAdvance(u'0') * 26);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) { showRow(current.row()); });
    connect(&connections, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            if (topLeft.row() == m_table->currentIndex().row()
                && !ConnectionListModel::onlyTraffic(topLeft, bottomRight))
                showRow(topLeft.row());
        });

    m_heads->setHeaderLabels({tr("Header"), tr("Value")});
    m_heads->setColumnWidth(0, m_heads->fontMetrics().horizontalAdvance(u'0') * 28);
    m_heads->setRootIsDecorated(true);
    m_accept->setWordWrap(true);
    m_accept->setTextFormat(Qt::PlainText);
    m_accept->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_accept->setMargin(6);

    auto *detail = new QWidget;
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_heads, 1);
    detailLayout->addWidget(m_accept);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    split->addWidget(detail);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
}

void HandshakePanel::setConnection(quint64 connection)
{
    if (const auto row = m_connections.rowOf(connection))
        m_table->selectRow(*row);
}

void HandshakePanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) // the desktop turned dark or light: the check's colours follow
        showRow(m_table->currentIndex().row());
}

void HandshakePanel::showRow(int row)
{
    m_heads->clear();
    m_accept->clear();
    m_accept->setStyleSheet({});
    if (row < 0)
        return;
    const ConnectionInfo &info = m_connections.at(row);
    addHead(m_heads, tr("Request"), info.request);
    addHead(m_heads, tr("Response"), info.response);
    if (info.response.isEmpty()) {
        // Refused by our own server before any upgrade: the answer and why.
        if (info.status != 0)
            m_accept->setText(
                tr("Answered %1 without upgrading: %2").arg(info.status).arg(QString::fromUtf8(info.reason)));
        return;
    }
    const auto request = HttpHead::parseRequest(info.request);
    if (request && !request->hasToken("Upgrade", "websocket"))
        return m_accept->setText(tr("Plain HTTP, answered %1 (the latest request on this connection); its bodies "
                                    "and SSE events are in the Frames tab.")
                                     .arg(info.status));
    const auto response = HttpHead::parseResponse(info.response);
    if (!request || !response)
        return m_accept->setText(tr("The heads could not be parsed."));
    const Handshake::Verdict verdict = Handshake::check(*request, *response);
    QString text = tr("Sec-WebSocket-Accept = base64(SHA-1(key + GUID))\n"
                      "key:      %1\nGUID:     258EAFA5-E914-47DA-95CA-C5AB0DC85B11\n"
                      "SHA-1 → base64: %2\nserver sent:    %3\n")
                       .arg(QString::fromLatin1(verdict.key), QString::fromLatin1(verdict.expectedAccept),
                           verdict.accept.isEmpty() ? tr("(nothing)") : QString::fromLatin1(verdict.accept));
    const bool pass = verdict.upgraded() && verdict.acceptValid();
    text += pass ? tr("✔ PASS: the server computed the right answer; the connection is upgraded.")
                 : tr("✘ FAIL: %1")
                       .arg(verdict.problems.isEmpty() ? tr("status %1, not 101").arg(verdict.status)
                                                       : QString::fromUtf8(verdict.problems.join("; ")));
    m_accept->setText(text);
    using namespace Contrast;
    const QColor background
        = tinted(palette().color(QPalette::Base), pass ? Accent::successWash : Accent::failureWash, 0.15);
    const QColor ink = readable(pass ? Accent::success : Accent::failure, background);
    m_accept->setStyleSheet(u"background: %1; color: %2; font-family: monospace"_s.arg(background.name(), ink.name()));
}

} // namespace Duplex
