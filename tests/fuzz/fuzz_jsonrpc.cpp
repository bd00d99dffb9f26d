// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any text frame, read as JSON-RPC (the monitor's Message view and its call pairing do).
#include "wire/jsonrpc.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray frame(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto payload = Duplex::JsonRpc::decode(frame);
    if (!payload)
        return 0;
    // A payload holds at least one message and is always described; only a batch of requests and answers can
    // answer itself.
    const bool answersItself = Duplex::JsonRpc::answers(*payload, *payload);
    if (payload->messages.isEmpty() || Duplex::JsonRpc::describe(*payload).isEmpty()
        || (answersItself && !(Duplex::JsonRpc::hasRequests(*payload) && Duplex::JsonRpc::hasAnswers(*payload))))
        __builtin_trap();
    return 0;
}
