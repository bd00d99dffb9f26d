// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDeadlineTimer>
#include <QHash>
#include <QHostAddress>

#include <chrono>

namespace Duplex {

// Wrong room passwords by peer address. An address that gave maxWrong of them within a window is refused every
// password, right or wrong, until that window ends: a password cannot be guessed at the speed of the network, and
// the answers during the wait tell the guesser nothing.
class PasswordGuesses
{
public:
    static constexpr int maxWrong = 10;
    static constexpr std::chrono::milliseconds defaultWindow = std::chrono::minutes(1);

    explicit PasswordGuesses(std::chrono::milliseconds window = defaultWindow);

    // How long address must wait before it may give a password again: 0 when it may now.
    std::chrono::milliseconds wait(const QHostAddress &address) const;
    void countWrong(const QHostAddress &address);

private:
    struct Window
    {
        QDeadlineTimer end; // from the first wrong password of the window
        int wrong = 0;
    };

    std::chrono::milliseconds m_window;
    QHash<QHostAddress, Window> m_windows; // those ended are forgotten at the next wrong password
};

} // namespace Duplex
