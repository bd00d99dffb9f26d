// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

#include <functional>

class QProcess;

namespace Duplex::Test {

// Runs the event loop until done() holds or timeoutMs pass. Unlike QTest::qWaitFor, it never sleeps between
// rounds (qWaitFor sleeps 10 ms each time), so a test whose client and server share one thread sees
// the latency a real deployment would.
bool waitUntil(const std::function<bool()> &done, int timeoutMs = 5000);

// Starts program on process and runs the event loop until it ends, for at most timeoutMs: not
// QProcess::waitForFinished(), which would block a server that runs on the test's thread. False when it did not end.
bool runToEnd(QProcess &process, const QString &program, const QStringList &arguments, int timeoutMs = 20000);

} // namespace Duplex::Test
