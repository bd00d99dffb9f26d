// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace Duplex {

// Raises this process's soft limit on open files to its hard limit and returns the new soft limit. A desktop
// session's default soft limit (often 1024) is below what a room of --max-clients connections needs.
long raiseOpenFileLimit();

} // namespace Duplex
