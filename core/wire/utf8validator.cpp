// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/utf8validator.h"

#include <cstring>

namespace Duplex {

bool Utf8Validator::feed(QByteArrayView bytes)
{
    if (m_failed)
        return false;
    auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const auto *end = p + bytes.size();
    while (p < end) {
        if (m_needed == 0) {
            // Text is mostly ASCII: skip eight bytes at a time while no high bit is set.
            for (quint64 word; end - p >= 8; p += 8) {
                std::memcpy(&word, p, sizeof word);
                if (word & 0x8080808080808080ULL)
                    break;
            }
            if (p == end)
                break;
            const unsigned char lead = *p++;
            // The ranges of the Unicode Standard's table 3-7 (well-formed UTF-8 byte sequences).
            if (lead < 0x80) {
                continue;
            } else if (lead >= 0xC2 && lead <= 0xDF) {
                m_needed = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                m_needed = 2;
                m_lower = lead == 0xE0 ? 0xA0 : 0x80; // no overlongs
                m_upper = lead == 0xED ? 0x9F : 0xBF; // no surrogates
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                m_needed = 3;
                m_lower = lead == 0xF0 ? 0x90 : 0x80; // no overlongs
                m_upper = lead == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
            } else {
                m_failed = true;
                return false;
            }
            continue;
        }
        const unsigned char next = *p++;
        if (next < m_lower || next > m_upper) {
            m_failed = true;
            return false;
        }
        m_lower = 0x80;
        m_upper = 0xBF;
        --m_needed;
    }
    return true;
}

} // namespace Duplex
