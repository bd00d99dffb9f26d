// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace Duplex {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum)
    : m_initial(initial)
    , m_maximum(maximum)
{ }

std::chrono::milliseconds Backoff::next()
{
    const int doublings = std::min(m_attempts++, 30); // 2^30 × any initial delay is past any sensible ceiling
    const qint64 nominal = std::min(m_initial.count() << doublings, m_maximum.count());
    return std::chrono::milliseconds(nominal / 2 + QRandomGenerator::global()->bounded(nominal / 2 + 1));
}

} // namespace Duplex
