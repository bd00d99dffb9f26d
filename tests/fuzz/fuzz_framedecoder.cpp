// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any bytes, cut into any chunks, in either direction, with or without permessage-deflate.
#include <QByteArrayView>

#include "wire/framedecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    // The first byte picks the setting: direction, deflate, a message limit and the chunk size.
    const uint8_t setting = data[0];
    const QByteArrayView bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    Duplex::FrameDecoder::Options options;
    options.direction = setting & 1 ? Duplex::Direction::ServerToClient : Duplex::Direction::ClientToServer;
    options.keepBytes = setting & 2 ? 1 << 16 : 16;
    options.maxMessageBytes = setting & 4 ? 1 << 20 : 0;
    if (setting & 8)
        options.deflate = Duplex::DeflateParameters {bool(setting & 16), false, 15, 9};
    const qsizetype chunk = 1 + (setting >> 5) * 7;

    Duplex::FrameDecoder decoder(options);
    QList<Duplex::Frame> frames;
    for (qsizetype at = 0; at < bytes.size(); at += chunk) {
        if (!decoder.feed(bytes.sliced(at, std::min(chunk, bytes.size() - at)), frames))
            break;
        frames.clear();
    }
    return 0;
}
