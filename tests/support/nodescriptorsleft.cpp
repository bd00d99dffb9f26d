// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/nodescriptorsleft.h"

#include <QDir>

#include <fcntl.h>
#include <unistd.h>

namespace Duplex::Test {

NoDescriptorsLeft::NoDescriptorsLeft()
{
    if (::getrlimit(RLIMIT_NOFILE, &m_limit) != 0)
        return;
    rlim_t highest = 0;
    const QStringList open = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System);
    for (const QString &name : open)
        highest = std::max<rlim_t>(highest, name.toULong());
    rlimit exhausted = m_limit;
    exhausted.rlim_cur = highest + 1;
    if (::setrlimit(RLIMIT_NOFILE, &exhausted) != 0)
        return;
    for (int filler; (filler = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;)
        m_gapFillers.append(filler);
    m_inEffect = errno == EMFILE;
}

NoDescriptorsLeft::~NoDescriptorsLeft()
{
    for (const int filler : std::as_const(m_gapFillers))
        ::close(filler);
    ::setrlimit(RLIMIT_NOFILE, &m_limit);
}

} // namespace Duplex::Test
