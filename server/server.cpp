// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/server.h"

#include <QNetworkInterface>
#include <QSysInfo>
#include <QTimer>

#include "traffic/connection.h"
#include "traffic/heartbeat.h"
#include "wire/websocketframe.h"

namespace Duplex {

namespace {

constexpr std::chrono::seconds shutdownGrace(3); // for peers to answer our close frame

QList<QHostAddress> reachableAddresses(const QHostAddress &bound)
{
    if (bound != QHostAddress::Any && bound != QHostAddress::AnyIPv4 && bound != QHostAddress::AnyIPv6)
        return {bound};
    QList<QHostAddress> addresses;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        const bool family = bound == QHostAddress::Any || address.protocol() == bound.protocol();
        if (family && !address.isLinkLocal())
            addresses.append(address);
    }
    // Loopback first: it always works on this machine; the others are for the LAN.
    std::stable_partition(addresses.begin(), addresses.end(), [](const QHostAddress &a) { return a.isLoopback(); });
    return addresses;
}

} // namespace

Server::Server(const ServerConfig &config, TrafficLog &log, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_gateway(config, log)
    , m_echo(config)
    , m_replay(config)
    , m_room(config)
    , m_chatOverHttp(config, m_room)
{
    connect(&m_gateway, &Gateway::webSocketOpened, this, &Server::onWebSocketOpened);
    connect(&m_gateway, &Gateway::chatRequest, &m_chatOverHttp, &ChatOverHttp::serve);
    connect(&m_gateway, &Gateway::openClientsChanged, this, &Server::finishShutdownWhenClosed);
}

Server::~Server()
{
    // The endpoints delete their connections after this object's members are gone: stop listening to them first.
    for (Connection *connection : std::as_const(m_open))
        connection->disconnect(this);
}

bool Server::listen()
{
    if (!m_config.historyFile.isEmpty()) {
        if (const auto problem = m_room.keepHistoryIn(m_config.historyFile)) {
            m_error = *problem;
            return false;
        }
    }
    if (!m_gateway.listen())
        return false;
    if (m_config.announce) {
        m_beacon = std::make_unique<RoomBeacon>(m_gateway.serverAddress(),
            RoomAnnouncement::Room {QSysInfo::machineHostName(), port(), !m_config.password.isEmpty()});
    }
    return true;
}

QString Server::errorString() const
{
    if (!m_error.isEmpty())
        return m_error;
    return tr("cannot listen on %1:%2: %3")
        .arg(m_config.bindAddress.toString())
        .arg(m_config.port)
        .arg(m_gateway.errorString());
}

QList<QUrl> Server::urlsFor(const QHostAddress &bound, quint16 port)
{
    QList<QUrl> urls;
    for (const QHostAddress &address : reachableAddresses(bound)) {
        for (const char *path : {"/echo", "/chat"}) {
            QUrl url;
            url.setScheme(QStringLiteral("ws"));
            url.setHost(address.toString());
            url.setPort(port);
            url.setPath(QString::fromLatin1(path));
            urls.append(url);
        }
    }
    return urls;
}

void Server::setPingInterval(std::chrono::milliseconds interval)
{
    m_config.pingInterval = interval;
    m_chatOverHttp.setPingInterval(interval);
    for (Connection *connection : std::as_const(m_open)) {
        if (auto *heartbeat = connection->findChild<Heartbeat *>(QString(), Qt::FindDirectChildrenOnly))
            heartbeat->setInterval(interval);
    }
}

void Server::shutdown()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_beacon.reset(); // those who look for rooms stop seeing it within RoomAnnouncement::lifetime
    m_gateway.close();
    m_chatOverHttp.shutdown();
    if (m_open.isEmpty() && m_gateway.openClients() == 0)
        return finishShutdown();
    for (Connection *connection : QSet(m_open))
        connection->close(CloseCode::goingAway, tr("server shutting down"));
    QTimer::singleShot(shutdownGrace, this, &Server::finishShutdown);
}

void Server::onWebSocketOpened(Connection *connection, Route route, const QUrlQuery &query)
{
    if (m_stopping) {
        connection->close(CloseCode::goingAway, tr("server shutting down"));
        connect(connection, &Connection::disconnected, connection, &QObject::deleteLater);
        return;
    }
    m_open.insert(connection);
    connect(connection, &Connection::disconnected, this, [this, connection] { onClosed(connection); });

    auto *heartbeat = new Heartbeat(connection, m_config.pingInterval);
    const QString dead = tr("no pong to %1 pings in a row").arg(Heartbeat::missesBeforeDead);
    if (route == Route::Chat) {
        connect(heartbeat, &Heartbeat::peerDead, &m_room, [this, connection, dead] { m_room.drop(connection, dead); });
        // A page that reconnects passes the last message id it saw, as an SSE stream would.
        m_room.accept(connection, ChatProtocol::resumePoint(query.queryItemValue(QStringLiteral("lastEventId"))));
    } else {
        connect(heartbeat, &Heartbeat::peerDead, connection, &Connection::abort);
        if (route == Route::Replay)
            m_replay.accept(connection);
        else
            m_echo.accept(connection);
    }
}

void Server::setReplay(const QList<RecordedMessage> &messages, ReplayPacer::Pacing pacing)
{
    m_replay.setScript(messages, pacing);
    m_gateway.setReplaying(m_replay.isPlaying());
}

void Server::onClosed(Connection *connection)
{
    m_open.remove(connection);
    finishShutdownWhenClosed();
}

void Server::finishShutdownWhenClosed()
{
    // The gateway also counts upgrades still in QtWebSockets' handshake and connections not yet deleted.
    if (m_stopping && m_open.isEmpty() && m_gateway.openClients() == 0)
        finishShutdown();
}

void Server::finishShutdown()
{
    if (std::exchange(m_stopped, true))
        return;
    for (Connection *connection : QSet(m_open))
        connection->abort(); // the grace period is over
    Q_EMIT stopped();
}

} // namespace Duplex
