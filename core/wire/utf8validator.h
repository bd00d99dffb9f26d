// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>

namespace Duplex {

// Checks UTF-8 as it arrives in pieces cut anywhere, even inside a character, and fails at the first byte that
// cannot belong to valid UTF-8 (overlongs, surrogates and code points above U+10FFFF included), so a stream can be
// refused before its end (RFC 6455 §8.1). Noncharacters are valid UTF-8 and pass.
class Utf8Validator
{
public:
    // Whether text, all of it at once, is valid UTF-8 that ends on a character boundary.
    static bool isValid(QByteArrayView text)
    {
        Utf8Validator validator;
        validator.feed(text);
        return validator.isComplete();
    }

    // False from the first invalid byte on.
    bool feed(QByteArrayView bytes);
    // True when everything fed so far is valid and ends on a character boundary.
    bool isComplete() const { return !m_failed && m_needed == 0; }
    bool hasFailed() const { return m_failed; }
    void reset() { *this = {}; }

private:
    int m_needed = 0;             // continuation bytes still expected for the current character
    unsigned char m_lower = 0x80; // the range the next continuation byte must fall in
    unsigned char m_upper = 0xBF;
    bool m_failed = false;
};

} // namespace Duplex
