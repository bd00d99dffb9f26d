// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/passwordguesses.h"

namespace Duplex {

PasswordGuesses::PasswordGuesses(std::chrono::milliseconds window)
    : m_window(window)
{ }

std::chrono::milliseconds PasswordGuesses::wait(const QHostAddress &address) const
{
    const auto window = m_windows.constFind(address);
    if (window == m_windows.cend() || window->wrong < maxWrong || window->end.hasExpired())
        return {};
    return std::chrono::ceil<std::chrono::milliseconds>(window->end.remainingTimeAsDuration());
}

void PasswordGuesses::countWrong(const QHostAddress &address)
{
    m_windows.removeIf([](const auto &window) { return window.value().end.hasExpired(); });
    Window &window = m_windows[address];
    if (window.wrong == 0)
        window.end = QDeadlineTimer(m_window);
    ++window.wrong;
}

} // namespace Duplex
