// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>

#include <functional>
#include <optional>

#include "traffic/trafficrecord.h"

class QIODevice;

namespace Duplex {
class TrafficLog;
}

// Capture files: JSON Lines, a header line and then one line per traffic record (docs/capture-format.md).
namespace Duplex::CaptureFormat {

// 2: SSE events, and HTTP exchanges with their response and hold time. 3: payloads whole (earlier files kept the
// first 1024 bytes), "payloadDropped" where the monitor's memory budget took one, and our end of a client's
// connection. 4: the client a relayed connection is carried for. 5: the server an intercepted client's connection is
// carried to.
constexpr int version = 5;

QByteArray headerLine(const QDateTime &startedAt);
QByteArray recordLine(const TrafficRecord &record);
// The record of one line, or nothing (with errorOut set) when the line is not a record this version knows.
std::optional<TrafficRecord> parseRecord(QByteArrayView line, QString *errorOut = nullptr);

// Called now and then while reading with the share of the work done, from 0 to 1; returning false stops reading.
using Progress = std::function<bool(double done)>;

// How reading a capture (or a HAR) went.
struct Reading
{
    bool ok = false; // false: not a capture this version can read, or reading was stopped; error says why
    QString error;
    qint64 skipped = 0;   // damaged parts, skipped: lines of a capture; entries and messages of a HAR
    QString firstSkipped; // the first of them: "line 7: why"

    explicit operator bool() const { return ok; }
};
// Appends every record of a capture to log, which is empty, in file order with the file's timestamps, and gives log
// the file's zero where its header says when that was. A line that is not a record (a damaged file: cut short,
// edited, a disk error) is skipped and counted; the rest still reads.
Reading read(QIODevice &file, TrafficLog &log, const Progress &progress = {});
// Writes the header and every record log holds. False, with the device's error in errorOut, when writing failed.
bool write(QIODevice &file, const TrafficLog &log, QString *errorOut = nullptr);

} // namespace Duplex::CaptureFormat
