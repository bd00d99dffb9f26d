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

} // namespace Duplex::Test
