// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: a chunked response body cut into pieces where the input says (its first byte). However it is
// cut, the decoder must reach the same end with the same body.
#include <QByteArrayView>

#include "wire/chunkeddecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype piece = data[0] + 1;
    const QByteArrayView encoded(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    Duplex::ChunkedDecoder whole;
    const QByteArray body = whole.feed(encoded);
    Duplex::ChunkedDecoder inPieces;
    QByteArray pieces;
    for (qsizetype at = 0; at < encoded.size(); at += piece)
        pieces += inPieces.feed(encoded.sliced(at, std::min(piece, encoded.size() - at)));
    if (pieces != body || inPieces.state() != whole.state() || body.size() > encoded.size())
        __builtin_trap(); // the pieces changed the outcome, or the body outgrew its encoding
    return 0;
}
