// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any binary message, read as MessagePack or CBOR (the monitor's Message view does).
#include "wire/binarymessage.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Duplex::BinaryMessage;
    const QByteArrayView payload(data, qsizetype(size));
    QString error;
    const auto messagePack = fromMessagePack(payload, &error);
    if (messagePack.has_value() != error.isEmpty()) // a value or a reason, never both or neither
        __builtin_trap();
    const auto reading = read(payload);
    if (!reading)
        return 0;
    // What reads is a container, said so, and as MessagePack only when it is MessagePack.
    const QString described = describe(*reading);
    const bool container = reading->value.isMap() || reading->value.isArray();
    if (!container || (reading->format == Format::MessagePack && !messagePack)
        || !described.startsWith(reading->format == Format::Cbor ? u"CBOR: " : u"MessagePack: "))
        __builtin_trap();
    return 0;
}
