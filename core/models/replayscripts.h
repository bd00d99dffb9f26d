// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include "client/replay.h"

namespace Duplex {

class FrameLogModel;
struct ConnectionInfo;

namespace ReplayScripts {

// What the client said on a WebSocket connection, as the frames table holds it now: its request from the recorded
// upgrade, and each text or binary message once, whole (its fragments joined, sent at its first fragment's time),
// the first timed from when the connection was first seen. None, with the reason, without a readable request.
std::optional<ReplayScript> of(const FrameLogModel &frames, const ConnectionInfo &connection, QString *error = nullptr);

} // namespace ReplayScripts
} // namespace Duplex
