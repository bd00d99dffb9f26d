// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any text frame, read as a Socket.IO app's packet (the monitor's Message view does).
#include "wire/socketio.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray frame(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto packet = Duplex::SocketIo::decode(frame);
    if (!packet)
        return 0;
    // What a packet carries is the frame's tail, and a packet is always described.
    if (!frame.endsWith(packet->data) || Duplex::SocketIo::describe(*packet).isEmpty() || packet->attachments < 0)
        __builtin_trap();
    return 0;
}
