// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The frame decoder on 64 KiB masked client frames, beside memcpy of the same bytes in the same run.
#include <QByteArray>

#include <benchmark/benchmark.h>
#include <cstring>

#include "wire/framedecoder.h"
#include "wire/frameencoder.h"

namespace {

constexpr qsizetype payloadBytes = 64 * 1024;
constexpr int framesPerBatch = 16; // one megabyte a batch, so each iteration does measurable work

QByteArray batch()
{
    QByteArray payload(payloadBytes, Qt::Uninitialized);
    for (qsizetype i = 0; i < payload.size(); ++i)
        payload[i] = char(i * 31);
    QByteArray frames;
    for (int i = 0; i < framesPerBatch; ++i)
        frames += Duplex::FrameEncoder::encode(
            payload, {.opcode = Duplex::Opcode::binary, .maskingKey = 0x37fa213d + quint32(i)});
    return frames;
}

void memcpyBaseline(benchmark::State &state)
{
    const QByteArray input = batch();
    QByteArray output(input.size(), Qt::Uninitialized);
    for (auto _ : state) {
        std::memcpy(output.data(), input.constData(), size_t(input.size()));
        benchmark::DoNotOptimize(output.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(state.iterations() * input.size());
}

// keepBytes: the whole payload unmasked and kept (a tapped connection, which delivers client messages), or a preview
// only (a watcher that logs, which unmasks just what it keeps).
void decode(benchmark::State &state)
{
    const QByteArray input = batch();
    Duplex::FrameDecoder decoder({.direction = Duplex::Direction::ClientToServer,
        .keepBytes = qsizetype(state.range(0)),
        .deflate = std::nullopt});
    QList<Duplex::Frame> frames;
    for (auto _ : state) {
        frames.clear();
        if (!decoder.feed(input, frames) || frames.size() != framesPerBatch)
            state.SkipWithError("decoder failed");
        benchmark::DoNotOptimize(frames.constData());
    }
    state.SetBytesProcessed(state.iterations() * input.size());
}

} // namespace

BENCHMARK(memcpyBaseline);
BENCHMARK(decode)->Arg(payloadBytes)->ArgName("keepWhole");
BENCHMARK(decode)->Arg(1024)->ArgName("keepPreview");
BENCHMARK_MAIN();
