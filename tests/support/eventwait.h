// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

namespace Duplex::Test {

// Runs the event loop until done() holds or timeoutMs pass. Unlike QTest::qWaitFor, it never sleeps between
// rounds (qWaitFor sleeps 10 ms each time), so a test whose client and server share one thread sees
// the latency a real deployment would.
bool waitUntil(const std::function<bool()> &done, int timeoutMs = 5000);

} // namespace Duplex::Test
