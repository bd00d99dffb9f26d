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

QString floodDropsSlowMember(Server &server, JsonClient &sender, const QString &nick, qint64 maxSendQueue)
{
    const QString text(32 << 10, u'x');
    qint64 peakQueued = 0;
    QTimer sampler;
    QObject::connect(
        &sampler, &QTimer::timeout, &sampler, [&] { peakQueued = std::max(peakQueued, server.room()->queuedBytes()); });
    sampler.start(1);
    QSignalSpy left(server.room(), &ChatRoom::memberLeft);
    for (int i = 0; i < 512 && left.isEmpty(); ++i) {
        sender.sendJson({{QStringLiteral("type"), QStringLiteral("message")}, {QStringLiteral("text"), text}});
        QTest::qWait(1);
    }
    if (!waitUntil([&] { return !left.isEmpty(); }, 10'000))
        return QStringLiteral("nobody left");
    const QString who = left.first().at(0).toString();
    const QString why = left.first().at(1).toString();
    if (who != nick || !why.startsWith(u"too slow"))
        return QStringLiteral("%1 left: %2").arg(who, why);
    const qint64 bound = 2 * (maxSendQueue + text.size() + 200);
    if (peakQueued > bound)
        return QStringLiteral("the room held %1 bytes, more than %2").arg(peakQueued).arg(bound);
    return {};
}

} // namespace Duplex::Test
