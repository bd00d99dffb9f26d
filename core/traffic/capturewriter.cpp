// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/capturewriter.h"

#include "traffic/captureformat.h"
#include "traffic/trafficlog.h"

namespace Duplex {

CaptureWriter::CaptureWriter(const QString &path, QObject *parent)
    : QObject(parent)
    , m_file(path)
{ }

bool CaptureWriter::start(const TrafficLog &log)
{
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const QByteArray header = CaptureFormat::headerLine(log.startedAt());
    if (m_file.write(header) != header.size() || !m_file.flush())
        return false;
    connect(&log, &TrafficLog::recorded, this, &CaptureWriter::write);
    return true;
}

void CaptureWriter::write(const TrafficRecord &record)
{
    if (!m_file.isOpen())
        return;
    const QByteArray line = CaptureFormat::recordLine(record);
    if (m_file.write(line) == line.size() && m_file.flush())
        return;
    const QString error = m_file.errorString();
    m_file.close();
    Q_EMIT writeFailed(error);
}

} // namespace Duplex
