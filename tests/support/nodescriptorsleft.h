// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <sys/resource.h>

namespace Duplex::Test {

// While it lives, the process can open or duplicate no descriptor (EMFILE), yet its event loop still polls the ones
// it has: the soft limit sits just above the highest in use (poll(2) refuses more descriptors than the limit), and
// the gaps below it are taken.
class NoDescriptorsLeft
{
public:
    NoDescriptorsLeft();
    ~NoDescriptorsLeft();
    Q_DISABLE_COPY_MOVE(NoDescriptorsLeft)

    bool isInEffect() const { return m_inEffect; }

private:
    rlimit m_limit {};
    QList<int> m_gapFillers;
    bool m_inEffect = false;
};

} // namespace Duplex::Test
