// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any text frame, read as a STOMP frame (the monitor's Message view does).
#include "wire/stomp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto frame = Duplex::Stomp::decode(text);
    if (!frame)
        return 0;
    // A body is part of the text, before its NUL, and a frame is always described by its command.
    if (!text.contains(QByteArray(frame->body).append('\0'))
        || !Duplex::Stomp::describe(*frame).startsWith(u"STOMP " + frame->command))
        __builtin_trap();
    return 0;
}
