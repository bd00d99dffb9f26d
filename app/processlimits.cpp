// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/processlimits.h"

#include <malloc.h>
#include <sys/resource.h>

namespace Duplex {

long raiseOpenFileLimit()
{
    rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        const rlim_t previous = limit.rlim_cur;
        limit.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
            limit.rlim_cur = previous;
    }
    return long(limit.rlim_cur);
}

bool keepHeapTop()
{
    return ::mallopt(M_TOP_PAD, topPadBytes) == 1;
}

} // namespace Duplex
