// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>

#include "room/roomhost.h"

namespace Duplex {

class NetworkThread;
class Server;

// The desktop's room: a Server on the network thread, driven from the window's thread.
class HostedRoom final : public RoomHost
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostedRoom)

public:
    // network must outlive this object.
    explicit HostedRoom(NetworkThread &network, QObject *parent = nullptr);
    ~HostedRoom() override;

    bool start(const ServerConfig &config) override;
    void stop() override;
    void kick(const QString &nick, const QString &reason) override;
    void setPingInterval(std::chrono::milliseconds interval) override;
    void setReplay(const QList<RecordedMessage> &messages, ReplayPacer::Pacing pacing) override;

private:
    void onStopped();

    NetworkThread &m_network;
    QPointer<Server> m_server;       // lives on the network thread
    QList<RecordedMessage> m_replay; // for the server, now and at the next start
    ReplayPacer::Pacing m_replayPacing = ReplayPacer::Pacing::Replies;
};

} // namespace Duplex
