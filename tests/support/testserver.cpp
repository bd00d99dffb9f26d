// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/testserver.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include "support/eventwait.h"
#include "support/jsonclient.h"
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

Flood floodUntilOneLeaves(Server &server, JsonClient &sender)
{
    Flood flood;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, &sampler,
        [&] { flood.peakQueued = std::max(flood.peakQueued, server.room()->queuedBytes()); });
    sampler.start(1);
    QSignalSpy left(server.room(), &ChatRoom::memberLeft);
    const QJsonObject message {{QStringLiteral("type"), QStringLiteral("message")},
        {QStringLiteral("text"), QString(floodMessageChars, u'x')}};
    for (int i = 0; i < 512 && left.isEmpty(); ++i) {
        sender.sendJson(message);
        QTest::qWait(1);
    }
    if (waitUntil([&] { return !left.isEmpty(); }, 10'000)) {
        flood.leftNick = left.first().at(0).toString();
        flood.leftReason = left.first().at(1).toString();
    }
    return flood;
}

} // namespace Duplex::Test
