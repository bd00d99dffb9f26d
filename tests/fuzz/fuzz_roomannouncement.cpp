// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: a datagram on the rooms' multicast group, as Duplex's Nearby reads it, and the room's own writing
// of what was read, which must read back the same.
#include <cstdlib>

#include "room/roomannouncement.h"

using namespace Duplex;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto room = RoomAnnouncement::decode(QByteArrayView(data, qsizetype(size)));
    if (room && RoomAnnouncement::decode(RoomAnnouncement::encode(*room)) != room)
        std::abort();
    return 0;
}
