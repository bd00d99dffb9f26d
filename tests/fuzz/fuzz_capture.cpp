// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any bytes opened as a capture file (a damaged one: cut short, edited, a disk error). What reads
// is kept whole: saved again, it reads back without a skipped line and saves to the same bytes; and exported as an
// HTTP Archive, whatever the file said, it is one JSON document that reads again.
#include <QBuffer>

#include "logreading.h"
#include "traffic/captureformat.h"
#include "traffic/trafficlog.h"

using namespace Duplex;

namespace {

CaptureFormat::Reading opened(QByteArray bytes, TrafficLog &log)
{
    QBuffer file(&bytes);
    file.open(QIODevice::ReadOnly);
    return CaptureFormat::read(file, log);
}

QByteArray saved(const TrafficLog &log)
{
    QBuffer file;
    file.open(QIODevice::WriteOnly);
    if (!CaptureFormat::write(file, log))
        __builtin_trap();
    return file.data();
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
    const QByteArray file = saved(log);
    TrafficLog reopened;
    const CaptureFormat::Reading again = opened(file, reopened);
    if (!again || again.skipped > 0 || reopened.records().size() != log.records().size() || saved(reopened) != file
        || !exportsAsAHarThatReadsBack(log))
        __builtin_trap();
    return 0;
}
