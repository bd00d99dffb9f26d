// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/permessagedeflate.h"

#include <QList>

#include <array>
#include <zlib.h>

#include "wire/httphead.h"

namespace Duplex {

namespace {

constexpr QByteArrayView extensionName = "permessage-deflate";
// zlib cannot inflate raw streams with an 8-bit window, and a larger window always decodes a smaller one.
constexpr int minimumWindowBits = 9;
constexpr qsizetype outputChunk = 16 * 1024;

std::optional<int> windowBitsValue(QByteArrayView value)
{
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.sliced(1, value.size() - 2);
    bool ok = false;
    const int bits = value.toInt(&ok);
    return ok && bits >= 8 && bits <= 15 ? std::optional(bits) : std::nullopt;
}

} // namespace

std::optional<DeflateParameters> DeflateParameters::fromExtensions(QByteArrayView headerValue)
{
    for (QByteArrayView extension : HttpHead::splitList(headerValue)) {
        const QList<QByteArrayView> parts = HttpHead::splitList(extension, ';');
        if (parts.front().compare(extensionName, Qt::CaseInsensitive) != 0)
            continue;
        DeflateParameters parameters;
        for (QByteArrayView part : parts.sliced(1)) {
            const qsizetype equals = part.indexOf('=');
            const QByteArrayView name = (equals < 0 ? part : part.first(equals)).trimmed();
            const QByteArrayView value = equals < 0 ? QByteArrayView() : part.sliced(equals + 1).trimmed();
            if (name == "server_no_context_takeover") {
                parameters.serverNoContextTakeover = true;
            } else if (name == "client_no_context_takeover") {
                parameters.clientNoContextTakeover = true;
            } else if (name == "server_max_window_bits" || name == "client_max_window_bits") {
                const std::optional<int> bits = value.isEmpty() ? std::optional(15) : windowBitsValue(value);
                if (!bits)
                    return std::nullopt;
                (name.startsWith("server") ? parameters.serverMaxWindowBits : parameters.clientMaxWindowBits) = *bits;
            } else {
                return std::nullopt;
            }
        }
        return parameters;
    }
    return std::nullopt;
}

int DeflateParameters::windowBits(Direction direction) const
{
    return direction == Direction::ClientToServer ? clientMaxWindowBits : serverMaxWindowBits;
}

bool DeflateParameters::noContextTakeover(Direction direction) const
{
    return direction == Direction::ClientToServer ? clientNoContextTakeover : serverNoContextTakeover;
}

Inflater::Inflater(const DeflateParameters &parameters, Direction direction)
    : m_stream(std::make_unique<z_stream_s>())
    , m_resetEachMessage(parameters.noContextTakeover(direction))
{
    const int bits = std::max(parameters.windowBits(direction), minimumWindowBits);
    if (inflateInit2(m_stream.get(), -bits) != Z_OK) // negative: raw deflate, no zlib header
        qFatal("Duplex: zlib could not allocate an inflater");
}

Inflater::~Inflater()
{
    inflateEnd(m_stream.get());
}

bool Inflater::inflate(QByteArrayView compressed, bool messageEnd, const std::function<void(QByteArrayView)> &sink)
{
    if (!run(compressed, sink))
        return false;
    if (!messageEnd)
        return true;
    // §7.2.2: the sender removed the empty stored block that ends every message; put it back.
    static constexpr std::array<char, 4> trailer = {0x00, 0x00, char(0xff), char(0xff)};
    if (!run(QByteArrayView(trailer.data(), trailer.size()), sink))
        return false;
    return !m_resetEachMessage || inflateReset(m_stream.get()) == Z_OK;
}

bool Inflater::run(QByteArrayView input, const std::function<void(QByteArrayView)> &sink)
{
    std::array<unsigned char, outputChunk> output;
    m_stream->next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.data()));
    m_stream->avail_in = uInt(input.size());
    do {
        m_stream->next_out = output.data();
        m_stream->avail_out = uInt(output.size());
        const int result = ::inflate(m_stream.get(), Z_SYNC_FLUSH);
        // Z_BUF_ERROR only means "no progress possible"; anything else but Z_OK is corrupt data.
        if (result != Z_OK && result != Z_BUF_ERROR && result != Z_STREAM_END)
            return false;
        const auto produced = qsizetype(output.size() - m_stream->avail_out);
        if (produced > 0)
            sink(QByteArrayView(reinterpret_cast<const char *>(output.data()), produced));
        // A sender may end a message with a final block (§7.2.3.4); what follows starts a new stream.
        if (result == Z_STREAM_END && inflateReset(m_stream.get()) != Z_OK)
            return false;
        if (result == Z_BUF_ERROR)
            break;
    } while (m_stream->avail_in > 0 || m_stream->avail_out == 0);
    return true;
}

} // namespace Duplex
