// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/monitorpanel.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QEvent>
#include <QLabel>
#include <QTabWidget>
#include <QToolButton>

#include "models/connectionlistmodel.h"
#include "models/framefiltermodel.h"
#include "models/heartbeattracker.h"
#include "ui/framespanel.h"
#include "ui/handshakepanel.h"
#include "ui/heartbeatpanel.h"
#include "ui/sparkline.h"

namespace Duplex {

namespace {

constexpr QSize sparklineSize(48, 16);

} // namespace

MonitorPanel::MonitorPanel(
    ConnectionListModel &connections, FrameLogModel &frames, HeartbeatTracker &heartbeats, QWidget *parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_heartbeats(heartbeats)
    , m_bar(new QHBoxLayout)
    , m_picker(new QComboBox)
    , m_tabs(new QTabWidget)
    , m_handshakes(new HandshakePanel(connections))
    , m_frames(new FramesPanel(frames))
    , m_heartbeat(new HeartbeatPanel(heartbeats, connections))
{
    m_frames->filter()->setConversations(&connections);
    m_picker->setMinimumContentsLength(40);
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_picker->addItem(tr("All connections"), quint64(0));
    addToPicker(0, connections.rowCount() - 1);
    connect(&connections, &QAbstractItemModel::rowsInserted, this,
        [this](const QModelIndex &, int first, int last) { addToPicker(first, last); });
    connect(&connections, &QAbstractItemModel::rowsAboutToBeRemoved, this,
        [this](const QModelIndex &, int first, int last) {
            for (int row = first; row <= last; ++row) {
                if (const QPersistentModelIndex item = m_pickerItems.take(m_connections.at(row).id); item.isValid())
                    m_picker->removeItem(item.row());
            }
        });
    connect(&connections, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            if (ConnectionListModel::onlyTraffic(topLeft, bottomRight))
                return;
            for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                if (const int index = pickerIndexOf(m_connections.at(row).id); index > 0)
                    showInPicker(index, row);
            }
        });
    connect(&connections, &QAbstractItemModel::modelReset, this, [this] {
        while (m_picker->count() > 1)
            m_picker->removeItem(1);
        m_pickerItems.clear();
    });
    connect(m_picker, &QComboBox::currentIndexChanged, this, &MonitorPanel::onPicked);
    // Each connection's latest round trips, drawn beside its name.
    m_picker->setIconSize(sparklineSize);
    connect(&heartbeats, &HeartbeatTracker::pointAdded, this, [this](quint64 connection) {
        if (const int index = pickerIndexOf(connection); index > 0)
            drawSparkline(index, connection);
    });

    m_tabs->addTab(m_handshakes, tr("&Handshake"));
    m_tabs->addTab(m_frames, tr("&Frames"));
    m_tabs->addTab(m_heartbeat, tr("Heart&beat"));
    m_tabs->setCurrentWidget(m_frames);

    m_bar->addWidget(new QLabel(tr("Connection:")));
    m_bar->addWidget(m_picker, 1);
    connect(m_frames, &FramesPanel::connectionChosen, this, &MonitorPanel::pickConnection);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_bar);
    layout->addWidget(m_tabs, 1);
}

void MonitorPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange) // the desktop turned dark or light
        return;
    for (auto it = m_pickerItems.cbegin(); it != m_pickerItems.cend(); ++it) {
        const auto row = m_connections.rowOf(it.key());
        if (!row || !it->isValid())
            continue;
        showInPicker(it->row(), *row);
        if (!m_picker->itemIcon(it->row()).isNull())
            drawSparkline(it->row(), it.key());
    }
}

void MonitorPanel::pickConnection(quint64 connection)
{
    m_picker->setCurrentIndex(std::max(pickerIndexOf(connection), 0));
}

void MonitorPanel::addBarButton(QAction *action)
{
    auto *button = new QToolButton;
    button->setDefaultAction(action);
    m_bar->addWidget(button);
}

int MonitorPanel::pickerIndexOf(quint64 connection) const
{
    const auto found = m_pickerItems.constFind(connection);
    return found == m_pickerItems.cend() || !found->isValid() ? -1 : found->row();
}

void MonitorPanel::addToPicker(int first, int last)
{
    for (int row = first; row <= last; ++row) {
        const ConnectionInfo &info = m_connections.at(row);
        if (info.id == 0)
            continue; // a plain HTTP exchange: only in the handshake list
        m_picker->addItem({}, info.id);
        m_pickerItems.insert(info.id, QPersistentModelIndex(m_picker->model()->index(m_picker->count() - 1, 0)));
        showInPicker(m_picker->count() - 1, row);
    }
}

void MonitorPanel::showInPicker(int index, int row)
{
    m_picker->setItemText(index, m_connections.label(row));
    // Closed ones grey, as a disabled item would be, but still to be chosen.
    const bool open = m_connections.index(row, 0).data(ConnectionListModel::OpenRole).toBool();
    m_picker->setItemData(
        index, open ? QVariant() : palette().brush(QPalette::Disabled, QPalette::Text), Qt::ForegroundRole);
}

void MonitorPanel::drawSparkline(int index, quint64 connection)
{
    m_picker->setItemIcon(index,
        Sparkline::pixmap(m_heartbeats.recentRoundTripsMs(connection), sparklineSize, palette().color(QPalette::Text)));
}

void MonitorPanel::onPicked()
{
    const quint64 connection = m_picker->currentData().toULongLong();
    m_frames->setConnection(connection);
    m_heartbeat->setConnection(connection);
    m_handshakes->setConnection(connection);
}

} // namespace Duplex
