// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any binary message, read as MessagePack, CBOR or protobuf (the monitor's Message view does).
#include <QCborMap>

#include "wire/binarymessage.h"
#include "wire/protobufwire.h"

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
    // What reads is a container, said so, and as MessagePack only when it is MessagePack; a protobuf message has one
    // field or more, each by a number protobuf allows.
    const QString described = describe(*reading);
    const bool container = reading->value.isMap() || reading->value.isArray();
    if (!container || (reading->format == Format::MessagePack && !messagePack))
        __builtin_trap();
    switch (reading->format) {
    case Format::Cbor:
        if (!described.startsWith(u"CBOR: "))
            __builtin_trap();
        break;
    case Format::MessagePack:
        if (!described.startsWith(u"MessagePack: "))
            __builtin_trap();
        break;
    case Format::Protobuf:
        const QCborMap fields = reading->value.toMap();
        if (!described.startsWith(u"Protobuf ") || fields.isEmpty())
            __builtin_trap();
        for (const QCborValue &number : fields.keys()) {
            if (number.toInteger() < 1 || quint64(number.toInteger()) > Duplex::ProtobufWire::maxFieldNumber)
                __builtin_trap();
        }
        break;
    }
    return 0;
}
