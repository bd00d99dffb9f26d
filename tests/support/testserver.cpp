// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/testserver.h"

#include "traffic/trafficlog.h"

namespace Duplex::Test {

ServerConfig loopbackConfig()
{
    ServerConfig config;
    config.bindAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    config.pingInterval = std::chrono::milliseconds::zero();
    return config;
}

std::unique_ptr<Server> startServer(const ServerConfig &config, TrafficLog *log)
{
    auto *ownLog = log ? nullptr : new TrafficLog;
    auto server = std::make_unique<Server>(config, log ? *log : *ownLog);
    if (ownLog)
        ownLog->setParent(server.get()); // destroyed after the server's members
    if (!server->listen())
        return nullptr;
    return server;
}

QUrl webSocketUrl(const Server &server, QStringView path)
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(server.port()).arg(path));
}

} // namespace Duplex::Test
