// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QCborMap>

#include <optional>

namespace Duplex::ProtobufWire {

// Deeper than protobuf's own default recursion limit, a field's bytes are not read as a message.
constexpr int maxDepth = 100;
constexpr quint64 maxFieldNumber = (1U << 29) - 1;

// A payload read as protobuf's wire format (protobuf.dev's "Encoding") without its .proto, as `protoc --decode_raw`
// reads one: a map from each field number to its value, or to the array of its values when the number repeats. A
// varint is an integer (int64: a negative int32 or int64 reads right, a uint64 above int64's range does not); fixed32
// and fixed64 are text giving the unsigned integer and the float or double the bits may be; a length-delimited field
// is text when it is UTF-8 with no control character but tab and line ends, else a message when it reads as one,
// else bytes. Nothing unless the whole payload reads as one field or more (groups, deprecated, are not read).
std::optional<QCborMap> read(QByteArrayView payload);

} // namespace Duplex::ProtobufWire
