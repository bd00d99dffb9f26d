// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any binary message, read as MessagePack, CBOR or protobuf by field numbers, and by a .proto's type
// (the monitor's Message view does).
#include <QCborMap>
#include <QFile>
#include <QTemporaryDir>

#include "wire/binarymessage.h"
#include "wire/protobufschema.h"
#include "wire/protobufwire.h"

namespace {

// A type with each kind of field protobuf's JSON mapping writes its own way, itself among them.
const Duplex::ProtobufSchema &schema()
{
    static QTemporaryDir folder;
    static const Duplex::ProtobufSchema loaded = [] {
        QFile file(folder.filePath(QStringLiteral("fuzz.proto")));
        if (!file.open(QIODevice::WriteOnly) || !file.write(R"(syntax = "proto3";
package fuzz;
import "google/protobuf/any.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
enum Kind { KIND_UNSPECIFIED = 0; KIND_TEXT = 1; }
message Envelope {
  string text = 1; bytes data = 2; int64 big = 3; uint64 huge = 4; sint32 small = 5; fixed32 f32 = 6;
  sfixed64 f64 = 7; double real = 8; float single = 9; bool yes = 10; Kind kind = 11; repeated int32 packed = 12;
  map<string, Envelope> children = 13; oneof either { string one = 14; Envelope other = 15; }
  google.protobuf.Timestamp at = 16; google.protobuf.Duration took = 17; google.protobuf.Any any = 18;
  google.protobuf.Struct object = 19; google.protobuf.Value value = 20; google.protobuf.Int64Value wrapped = 21;
  repeated Envelope list = 22;
}
)"))
            __builtin_trap();
        file.close();
        QString error;
        const auto schema = Duplex::ProtobufSchema::load(file.fileName(), &error);
        if (!schema)
            __builtin_trap();
        return *schema;
    }();
    return loaded;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Duplex::BinaryMessage;
    const QByteArrayView payload(data, qsizetype(size));
    QString error;
    if (const auto byType = schema().read(payload, QStringLiteral("fuzz.Envelope"), &error);
        !byType ? error.isEmpty() : byType->unnamed < 0) // a reading or a reason
        __builtin_trap();
    error.clear();
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
    const auto named = reading->format == Format::Cbor ? u"CBOR: "
        : reading->format == Format::MessagePack       ? u"MessagePack: "
                                                       : u"Protobuf ";
    if (!described.startsWith(named))
        __builtin_trap();
    if (reading->format == Format::Protobuf) {
        const QCborMap fields = reading->value.toMap();
        if (fields.isEmpty())
            __builtin_trap();
        for (const QCborValue &number : fields.keys()) {
            if (number.toInteger() < 1 || quint64(number.toInteger()) > Duplex::ProtobufWire::maxFieldNumber)
                __builtin_trap();
        }
    }
    return 0;
}
