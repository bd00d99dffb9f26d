// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTabWidget>

#include <chrono>
#include <optional>

class QSettings;

namespace Duplex {

class CertificateTrust;
class ClientPanel;
class NetworkThread;

// Several client sessions side by side ("alice" and "bob" against one server), a ClientPanel a tab: + or Ctrl+T
// opens another, a double click on a tab names it, and closing one that is connected asks first. A tab is named
// "Client N" at first, N being the number the monitor gives its connections ("client N → /echo").
class ClientTabs final : public QTabWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientTabs)

public:
    // All three must outlive the tabs.
    ClientTabs(NetworkThread &network, QSettings &settings, CertificateTrust &trust, QWidget *parent = nullptr);

    ClientPanel *current() const;
    ClientPanel *panel(int index) const;
    ClientPanel *addClient(); // and shows it
    // Closes the tab at index, asking first while it is connected; false when the person says no or it is the last.
    bool closeClient(int index);
    bool rename(int index, const QString &name);                   // false for an empty name
    void setHeartbeatInterval(std::chrono::milliseconds interval); // of every tab's sessions, and those to come

private:
    NetworkThread &m_network;
    QSettings &m_settings;
    CertificateTrust &m_trust;
    std::optional<std::chrono::milliseconds> m_heartbeatInterval; // as set for all; the sessions' default until then
};

} // namespace Duplex
