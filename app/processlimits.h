// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace Duplex {

// Raises this process's soft limit on open files to its hard limit and returns the new soft limit. A desktop
// session's default soft limit (often 1024) is below what a room of --max-clients connections needs.
long raiseOpenFileLimit();

// Has the allocator keep topPadBytes free at the top of the heap instead of giving them back (glibc's M_TOP_PAD).
// Without it, each message of tens of KiB freed at the top moved the heap's end back and forth (a brk, then page
// faults on the fresh pages): 80 % of the CPU a 64 KiB echo took. Returns false when the allocator refused.
constexpr int topPadBytes = 8 << 20;
bool keepHeapTop();

} // namespace Duplex
