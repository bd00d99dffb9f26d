// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>

#include <optional>

#include "trafficrecord.h"

class QIODevice;

namespace Duplex {
class TrafficLog;
}

// Capture files: JSON Lines, a header line and then one line per traffic record (docs/capture-format.md).
namespace Duplex::CaptureFormat {

constexpr int version = 1;

QByteArray headerLine(const QDateTime &startedAt);
QByteArray recordLine(const TrafficRecord &record);
// The record of one line, or nothing (with errorOut set) when the line is not a record this version knows.
std::optional<TrafficRecord> parseRecord(QByteArrayView line, QString *errorOut = nullptr);

// Appends every record of a capture to log, in file order with the file's timestamps. Returns false, with
// errorOut set to the first problem and its line number, when the file is not a capture this version can read.
bool read(QIODevice &file, TrafficLog &log, QString *errorOut = nullptr);

} // namespace Duplex::CaptureFormat
