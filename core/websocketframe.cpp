// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "websocketframe.h"

#include <array>
#include <cstring>

namespace Duplex {

void applyMask(char *out, const char *in, qsizetype size, quint32 maskingKey, quint64 offset)
{
    // The key bytes in wire order, rotated so that pattern[0] applies to in[0]; eight at a time.
    std::array<unsigned char, 8> pattern;
    for (size_t i = 0; i < pattern.size(); ++i)
        pattern[i] = (maskingKey >> (24 - 8 * ((offset + i) % 4))) & 0xff;
    quint64 word;
    std::memcpy(&word, pattern.data(), sizeof word);
    qsizetype i = 0;
    for (quint64 chunk; i + 8 <= size; i += 8) {
        std::memcpy(&chunk, in + i, sizeof chunk);
        chunk ^= word;
        std::memcpy(out + i, &chunk, sizeof chunk);
    }
    for (; i < size; ++i)
        out[i] = char(in[i] ^ pattern[i % 8]);
}

} // namespace Duplex
