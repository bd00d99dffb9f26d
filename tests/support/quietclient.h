// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/clientsession.h"

namespace Duplex::Test {

// A client session that neither pings nor reconnects: one connection, with only the frames a test sends.
inline ClientSession::Options quietClient()
{
    ClientSession::Options options;
    options.heartbeatInterval = std::chrono::milliseconds(0);
    options.autoReconnect = false;
    return options;
}

} // namespace Duplex::Test
