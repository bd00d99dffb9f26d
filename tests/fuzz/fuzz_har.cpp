// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any bytes opened as an HTTP Archive (a HAR from anywhere, damaged or hand-made). Reading says
// why it fails and what it skipped; what it read exports as one JSON document that reads again.
#include <QBuffer>

#include "logreading.h"
#include "traffic/harformat.h"
#include "traffic/trafficlog.h"

using namespace Duplex;

namespace {

CaptureFormat::Reading opened(QByteArray bytes, TrafficLog &log)
{
    QBuffer file(&bytes);
    file.open(QIODevice::ReadOnly);
    return HarFormat::read(file, log);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    TrafficLog log;
    const CaptureFormat::Reading reading
        = opened(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)), log);
    if (!saysWhy(reading))
        __builtin_trap();
    if (!reading)
        return 0;
    if (!exportsAsAHarThatReadsBack(log))
        __builtin_trap();
    return 0;
}
