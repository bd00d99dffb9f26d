// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QBuffer>

#include "traffic/harformat.h"
#include "traffic/trafficlog.h"

// What the fuzz targets that read a traffic log from outside (a capture, a HAR) hold of every reading.

// A failure says why, and so does the first part skipped.
inline bool saysWhy(const Duplex::CaptureFormat::Reading &reading)
{
    return reading.error.isEmpty() == bool(reading) && (reading.skipped > 0) != reading.firstSkipped.isEmpty();
}

// Whatever the log holds, exported as an HTTP Archive, is one JSON document with HAR's entries, that HarFormat reads
// again.
inline bool exportsAsAHarThatReadsBack(const Duplex::TrafficLog &log)
{
    QBuffer file;
    file.open(QIODevice::WriteOnly);
    if (!Duplex::HarFormat::write(file, log, Duplex::HarFormat::Sensitive::Kept))
        return false;
    file.close();
    file.open(QIODevice::ReadOnly);
    Duplex::TrafficLog again;
    return bool(Duplex::HarFormat::read(file, again));
}
