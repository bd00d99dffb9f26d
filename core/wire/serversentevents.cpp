// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/serversentevents.h"

namespace Duplex::ServerSentEvents {

QByteArray event(QByteArrayView type, QByteArrayView data, QByteArrayView id)
{
    Q_ASSERT(!type.contains('\n') && !type.contains('\r') && !id.contains('\n') && !id.contains('\r'));
    QByteArray text;
    text.reserve(data.size() + type.size() + id.size() + 24);
    if (!type.isEmpty())
        text.append("event: ").append(type).append('\n');
    if (!id.isEmpty())
        text.append("id: ").append(id).append('\n');
    for (qsizetype start = 0;;) {
        qsizetype end = start;
        while (end < data.size() && data[end] != '\n' && data[end] != '\r')
            ++end;
        text.append("data: ").append(data.sliced(start, end - start)).append('\n');
        if (end == data.size())
            break;
        start = end + (data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n' ? 2 : 1);
    }
    return text.append('\n');
}

QByteArray comment(QByteArrayView text)
{
    return QByteArray(": ").append(text).append('\n');
}

QByteArray retry(qint64 milliseconds)
{
    return QByteArray("retry: ").append(QByteArray::number(milliseconds)).append('\n');
}

} // namespace Duplex::ServerSentEvents
