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

constexpr int version = 2; // 2: SSE events, and HTTP exchanges with their response and hold time

QByteArray headerLine(const QDateTime &startedAt);
QByteArray recordLine(const TrafficRecord &record);
// The record of one line, or nothing (with errorOut set) when the line is not a record this version knows.
std::optional<TrafficRecord> parseRecord(QByteArrayView line, QString *errorOut = nullptr);

// Called now and then while reading with the bytes read so far; returning false stops reading.
using Progress = std::function<bool(qint64 bytesRead)>;

// Appends every record of a capture to log, in file order with the file's timestamps. Returns false, with
// errorOut set to the first problem and its line number, when the file is not a capture this version can read
// (or reading was stopped).
bool read(QIODevice &file, TrafficLog &log, QString *errorOut = nullptr, const Progress &progress = {});
// Writes the header and every record log holds. False, with the device's error in errorOut, when writing failed.
bool write(QIODevice &file, const TrafficLog &log, QString *errorOut = nullptr);

} // namespace Duplex::CaptureFormat
