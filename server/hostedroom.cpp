// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/hostedroom.h"

#include "server/server.h"
#include "traffic/networkthread.h"

namespace Duplex {

HostedRoom::HostedRoom(NetworkThread &network, QObject *parent)
    : RoomHost(parent)
    , m_network(network)
{ }

HostedRoom::~HostedRoom()
{
    m_network.call([this] { delete m_server; });
}

bool HostedRoom::start(const ServerConfig &config)
{
    if (state() != State::Stopped)
        return false;
    struct Started
    {
        bool ok = false;
        QString error;
        quint16 port = 0;
        QList<QUrl> urls;
    };
    const Started started = m_network.call([this, &config] {
        auto *server = new Server(config, m_network.log(), m_network.context());
        if (!server->listen()) {
            const QString error = server->errorString();
            delete server;
            return Started {false, error, 0, {}};
        }
        // Room events cross to this object's thread as queued calls, in the order they happened.
        ChatRoom *room = server->room();
        connect(room, &ChatRoom::memberJoined, this,
            [this](const QString &nick, const QString &peer, ChatProtocol::Transport transport) {
                addMember({nick, peer, QDateTime::currentDateTime(), ChatProtocol::transportName(transport)});
            });
        connect(room, &ChatRoom::memberLeft, this, [this](const QString &nick) { removeMember(nick); });
        connect(room, &ChatRoom::memberRenamed, this, &HostedRoom::renameMember);
        connect(room, &ChatRoom::memberReached, this, &HostedRoom::memberReached);
        connect(room, &ChatRoom::messagePosted, this, &HostedRoom::countMessage);
        connect(room, &ChatRoom::historyProblemChanged, this, &RoomHost::historyProblemChanged);
        connect(server, &Server::stopped, this, &HostedRoom::onStopped);
        server->setReplay(m_replay, m_replayPacing);
        m_server = server;
        return Started {true, {}, server->port(), server->urls()};
    });
    if (!started.ok) {
        setLastError(started.error);
        return false;
    }
    setLastError({});
    setListening(started.port, started.urls);
    setState(State::Running);
    return true;
}

void HostedRoom::stop()
{
    if (state() != State::Running)
        return;
    setState(State::Stopping);
    m_network.call([this] { m_server->shutdown(); });
}

void HostedRoom::onStopped()
{
    m_network.call([this] { delete m_server; });
    setState(State::Stopped);
}

void HostedRoom::kick(const QString &nick, const QString &reason)
{
    m_network.call([this, nick, reason] {
        if (m_server)
            m_server->room()->kick(nick, reason);
    });
}

void HostedRoom::setPingInterval(std::chrono::milliseconds interval)
{
    m_network.call([this, interval] {
        if (m_server)
            m_server->setPingInterval(interval);
    });
}

void HostedRoom::setReplay(const QList<RecordedMessage> &messages, ReplayPacer::Pacing pacing)
{
    m_replay = messages;
    m_replayPacing = pacing;
    m_network.call([this] {
        if (m_server)
            m_server->setReplay(m_replay, m_replayPacing);
    });
}

} // namespace Duplex
