// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFile>
#include <QObject>

namespace Duplex {

class TrafficLog;
struct TrafficRecord;

// Writes a traffic log to a capture file as it grows, one flushed line per record, so a crash loses at most the
// record being written.
class CaptureWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureWriter)

public:
    explicit CaptureWriter(const QString &path, QObject *parent = nullptr);

    // Creates (or truncates) the file and writes its header; from then on every record of log is written.
    bool start(const TrafficLog &log);
    QString errorString() const { return m_file.errorString(); }

Q_SIGNALS:
    void writeFailed(const QString &error); // once; nothing is written after it

private:
    void write(const TrafficRecord &record);

    QFile m_file;
};

} // namespace Duplex
