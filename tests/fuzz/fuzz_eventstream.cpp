// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: an event stream as a server might send it, cut into pieces where the input says (its first
// byte), read with a small limit so that the refusal is reachable.
#include <QByteArrayView>

#include "wire/eventstreamparser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype piece = data[0] + 1;
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    constexpr qsizetype limit = 256;
    Duplex::EventStreamParser parser(limit);
    for (qsizetype at = 0; at < stream.size(); at += piece) {
        if (!parser.feed(stream.sliced(at, std::min(piece, stream.size() - at))))
            break;
    }
    for (const Duplex::EventStreamParser::Event &event : parser.takeEvents()) {
        if (event.data.size() > limit || event.type.isEmpty())
            __builtin_trap(); // every event within the limit, and named
    }
    return 0;
}
