// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QUrl>

#include <memory>

#include "server/server.h"

namespace Duplex::Test {

// A configuration for tests: loopback, a free port, no heartbeat unless a test asks for one.
ServerConfig loopbackConfig();

// A listening server (QVERIFY-style failure is reported by the caller checking for nullptr), recording into log,
// or into a log of its own.
std::unique_ptr<Server> startServer(const ServerConfig &config = loopbackConfig(), TrafficLog *log = nullptr);

QUrl webSocketUrl(const Server &server, QStringView path);

class JsonClient;

// What floodUntilOneLeaves() saw: who left (nobody: empty) and why, and the most the room held queued meanwhile.
struct Flood
{
    QString leftNick;
    QString leftReason;
    qint64 peakQueued = 0;
};
constexpr qsizetype floodMessageChars = 32 << 10;

// Sends a message of floodMessageChars from sender to server's room every millisecond until a member leaves, at most
// 512 of them (16 MiB: far more than loopback's kernel buffers hide), then waits up to 10 s for one to; samples
// the room's queued bytes every millisecond. For a member that stops reading.
Flood floodUntilOneLeaves(Server &server, JsonClient &sender);

} // namespace Duplex::Test
