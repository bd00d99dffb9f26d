// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <chrono>

namespace Duplex {

// Delays between reconnection attempts: each doubles up to a ceiling, and a random share of it spreads apart the
// clients that lost the same server at the same moment.
class Backoff
{
public:
    Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum);

    // The delay before the next attempt: between half and all of initial × 2^attempts, capped at maximum.
    std::chrono::milliseconds next();
    int attempts() const { return m_attempts; }
    void reset() { m_attempts = 0; }

private:
    std::chrono::milliseconds m_initial;
    std::chrono::milliseconds m_maximum;
    int m_attempts = 0;
};

} // namespace Duplex
