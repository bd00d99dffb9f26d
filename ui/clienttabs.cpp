// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/clienttabs.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QShortcut>
#include <QTabBar>
#include <QToolButton>

#include "ui/clientpanel.h"
#include "ui/confirmation.h"
#include "ui/scrollable.h"

using namespace Qt::StringLiterals;

namespace Duplex {

ClientTabs::ClientTabs(NetworkThread &network, QSettings &settings, CertificateTrust &trust, QWidget *parent)
    : QTabWidget(parent)
    , m_network(network)
    , m_settings(settings)
    , m_trust(trust)
{
    setDocumentMode(true);
    setMovable(true);
    auto *add = new QToolButton;
    add->setText(u"+"_s);
    add->setToolTip(tr("Another client session, beside this one (Ctrl+T)"));
    add->setAutoRaise(true);
    connect(add, &QToolButton::clicked, this, &ClientTabs::addClient);
    setCornerWidget(add);
    auto *shortcut = new QShortcut(QKeySequence(tr("Ctrl+T")), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &ClientTabs::addClient);
    connect(this, &QTabWidget::tabCloseRequested, this, &ClientTabs::closeClient);
    connect(tabBar(), &QTabBar::tabBarDoubleClicked, this, [this](int index) {
        if (index < 0)
            return;
        bool ok = false;
        const QString name = QInputDialog::getText(
            this, tr("Name the Client Session"), tr("Name:"), QLineEdit::Normal, tabText(index), &ok);
        if (ok)
            rename(index, name);
    });
    addClient();
}

ClientPanel *ClientTabs::current() const
{
    return panel(currentIndex());
}

ClientPanel *ClientTabs::panel(int index) const
{
    const auto *area = qobject_cast<QScrollArea *>(widget(index));
    return area ? qobject_cast<ClientPanel *>(area->widget()) : nullptr;
}

ClientPanel *ClientTabs::addClient()
{
    auto *client = new ClientPanel(m_network, m_settings, m_trust);
    if (m_heartbeatInterval)
        client->setHeartbeatInterval(*m_heartbeatInterval);
    QScrollArea *area = scrollable(client);
    const int index = addTab(area, tr("Client %1").arg(client->sessionId()));
    const auto showState
        = [this, area, client](ClientSession::State) { setTabToolTip(indexOf(area), client->stateText()); };
    connect(client, &ClientPanel::stateChanged, this, showState);
    showState({});
    setTabsClosable(count() > 1);
    setCurrentIndex(index);
    return client;
}

bool ClientTabs::closeClient(int index)
{
    ClientPanel *client = panel(index);
    if (!client || count() == 1)
        return false;
    if (client->state() != ClientSession::State::Closed
        && !confirmDestructive(this, tr("Close the Client Session"),
            tr("%1 is %2; closing it ends its connection.").arg(tabText(index), client->stateText()), tr("&Close It")))
        return false;
    delete widget(index); // the scroll area, and the client in it
    setTabsClosable(count() > 1);
    return true;
}

bool ClientTabs::rename(int index, const QString &name)
{
    if (name.trimmed().isEmpty())
        return false;
    setTabText(index, name.trimmed());
    return true;
}

void ClientTabs::setHeartbeatInterval(std::chrono::milliseconds interval)
{
    m_heartbeatInterval = interval;
    for (int i = 0; i < count(); ++i)
        panel(i)->setHeartbeatInterval(interval);
}

} // namespace Duplex
