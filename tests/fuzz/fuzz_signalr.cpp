// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any text message, read as SignalR's JSON records (the monitor's Message view does).
#include <QJsonDocument>

#include "wire/signalr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto payload = Duplex::SignalR::decode(text);
    if (!payload)
        return 0;
    // As many records as separators, each named, and JSON for the views.
    if (payload->records.size() != text.count(Duplex::SignalR::recordSeparator)
        || !Duplex::SignalR::describe(*payload).startsWith(u"SignalR")
        || QJsonDocument::fromJson(Duplex::SignalR::json(*payload)).isNull())
        __builtin_trap();
    return 0;
}
