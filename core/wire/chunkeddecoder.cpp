// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/chunkeddecoder.h"

#include <algorithm>
#include <utility>

namespace Duplex {

namespace {

constexpr qint64 maxChunkBytes = qint64(1) << 48; // far beyond any real chunk, far from overflow

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

QByteArray ChunkedDecoder::feed(QByteArrayView bytes)
{
    QByteArray body;
    while (m_state == State::Reading && !bytes.isEmpty()) {
        if (m_step == Step::Data) {
            const qsizetype taken = qsizetype(std::min<qint64>(m_remaining, bytes.size()));
            body += bytes.first(taken);
            bytes = bytes.sliced(taken);
            m_remaining -= taken;
            if (m_remaining == 0)
                m_step = Step::DataEnd;
            continue;
        }
        const bool whole = takeLine(bytes);
        if (m_line.size() > maxLineBytes)
            return body + fail(QStringLiteral("a chunk's size line or a trailer over %1 bytes").arg(maxLineBytes));
        if (!whole)
            break;
        const QByteArray line = std::exchange(m_line, {});
        if (m_step == Step::Size) {
            const QString wrong = readSize(line);
            if (!wrong.isEmpty())
                return body + fail(wrong);
        } else if (m_step == Step::DataEnd) {
            if (!line.isEmpty())
                return body + fail(QStringLiteral("a chunk held more data than its size said"));
            m_step = Step::Size;
        } else if (line.isEmpty()) {
            m_state = State::Done;
        } else if (++m_trailerLines > maxTrailerLines) {
            return body + fail(QStringLiteral("more than %1 trailer fields").arg(maxTrailerLines));
        }
    }
    m_unused = m_state == State::Done ? bytes.size() : 0;
    return body;
}

bool ChunkedDecoder::takeLine(QByteArrayView &bytes)
{
    const qsizetype end = bytes.indexOf('\n');
    m_line += bytes.first(end < 0 ? bytes.size() : end);
    bytes = bytes.sliced(end < 0 ? bytes.size() : end + 1);
    if (end < 0)
        return false;
    if (m_line.endsWith('\r'))
        m_line.chop(1);
    return true;
}

QString ChunkedDecoder::readSize(QByteArrayView line)
{
    // chunk-size [ BWS ";" chunk-ext ]: the extensions mean nothing to us.
    qsizetype end = line.size();
    for (const char mark : {';', ' ', '\t'}) {
        const qsizetype at = line.indexOf(mark);
        if (at >= 0)
            end = std::min(end, at);
    }
    if (end == 0)
        return QStringLiteral("a chunk without its size");
    qint64 size = 0;
    for (const char c : line.first(end)) {
        const int digit = hexValue(c);
        if (digit < 0)
            return QStringLiteral("a chunk size that is not hexadecimal");
        size = size * 16 + digit;
        if (size > maxChunkBytes)
            return QStringLiteral("a chunk larger than 2^48 bytes");
    }
    m_remaining = size;
    m_step = size == 0 ? Step::Trailer : Step::Data;
    return {};
}

QByteArray ChunkedDecoder::fail(const QString &why)
{
    m_state = State::Failed;
    m_error = why;
    m_line.clear();
    return {};
}

} // namespace Duplex
