// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/websocketframe.h"

#include <QtEndian>

#include <array>
#include <bit>
#include <cstring>

namespace Duplex {

void applyMask(char *out, const char *in, qsizetype size, quint32 maskingKey, quint64 offset)
{
    // The key bytes in wire order, rotated so that pattern[0] applies to in[0], repeated to fill a block; the XOR
    // then runs a block at a time (GCC's vector extension: SSE2 on every x86-64, NEON on ARM).
    using Block = unsigned char __attribute__((vector_size(16)));
    const quint32 rotated = qToBigEndian(std::rotl(maskingKey, int(8 * (offset % 4))));
    std::array<unsigned char, sizeof(Block)> pattern;
    for (size_t i = 0; i < pattern.size(); i += sizeof rotated)
        std::memcpy(pattern.data() + i, &rotated, sizeof rotated);
    Block key;
    std::memcpy(&key, pattern.data(), sizeof key);
    qsizetype i = 0;
    for (Block a, b; i + 2 * qsizetype(sizeof(Block)) <= size; i += 2 * sizeof(Block)) {
        std::memcpy(&a, in + i, sizeof a);
        std::memcpy(&b, in + i + sizeof a, sizeof b);
        a ^= key;
        b ^= key;
        std::memcpy(out + i, &a, sizeof a);
        std::memcpy(out + i + sizeof a, &b, sizeof b);
    }
    for (; i < size; ++i)
        out[i] = char(in[i] ^ pattern[i % sizeof(Block)]);
}

} // namespace Duplex
