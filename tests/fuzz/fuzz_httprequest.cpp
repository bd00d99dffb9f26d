// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: a keep-alive connection's bytes read as one request after another, with small limits so that
// every refusal is reachable.
#include <QByteArrayView>

#include "wire/httprequest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const Duplex::HttpRequest::Limits limits {.maxHeadBytes = 512, .maxTargetBytes = 128, .maxBodyBytes = 256};
    for (;;) {
        const Duplex::HttpRequest request = Duplex::HttpRequest::read(bytes, limits);
        if (request.state != Duplex::HttpRequest::State::Complete)
            return 0;
        if (request.length() <= 0 || request.length() > bytes.size() || request.bodyLength > limits.maxBodyBytes)
            __builtin_trap(); // a request must consume bytes it was given, within the limits
        request.keepAlive();
        request.expectsContinue();
        bytes = bytes.sliced(request.length());
    }
}
