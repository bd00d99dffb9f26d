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

// Sends 32 KiB messages from sender to server's room, a millisecond apart, until a member leaves, at most 512 of them
// (16 MiB: far more than loopback's kernel buffers hide), sampling the room's queued bytes every millisecond. For a
// member that stops reading: returns what went wrong, nothing when nick left as too slow while the room held at most
// twice maxSendQueue and a message (each member at most its bound plus one message).
QString floodDropsSlowMember(Server &server, JsonClient &sender, const QString &nick, qint64 maxSendQueue);

} // namespace Duplex::Test
