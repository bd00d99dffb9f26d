// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "testserver.h"

namespace Duplex::Test {

ServerConfig loopbackConfig()
{
    ServerConfig config;
    config.bindAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    config.pingInterval = std::chrono::milliseconds::zero();
    return config;
}

std::unique_ptr<Server> startServer(const ServerConfig &config)
{
    auto server = std::make_unique<Server>(config);
    if (!server->listen())
        return nullptr;
    return server;
}

QUrl webSocketUrl(const Server &server, QStringView path)
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(server.port()).arg(path));
}

} // namespace Duplex::Test
