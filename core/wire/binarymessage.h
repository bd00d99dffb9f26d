// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QCborValue>
#include <QString>

#include <optional>

namespace Duplex::BinaryMessage {

// The binary encodings of JSON's data that realtime apps send instead of text: MessagePack (msgpack.org's
// specification: Socket.IO's msgpack parser, SignalR's and Centrifugo's binary protocols) and CBOR (RFC 8949); and
// protobuf's messages (gRPC-Web's, many games' and trading feeds'), read without their .proto (ProtobufWire).
enum class Format : quint8 { MessagePack, Cbor, Protobuf };

struct Reading
{
    Format format;
    QCborValue value;
};

// Nested deeper than this, a payload is not read: a few bytes a level would otherwise take a stack frame each.
constexpr int maxDepth = 256;

// What a binary payload is when it is one map or array in CBOR or in MessagePack, to its last byte (a lone number or
// string decodes from too many payloads that are neither), or else a protobuf message of one field or more, to its
// last byte; nothing otherwise.
std::optional<Reading> read(QByteArrayView payload);
// One MessagePack value spanning bytes: maps keep keys of any type, binary stays bytes, the timestamp extension
// (type -1) becomes a date, other extensions a map of their type and data. Nothing, with the reason, otherwise.
std::optional<QCborValue> fromMessagePack(QByteArrayView bytes, QString *error = nullptr);
// "MessagePack: a map of 3 entries", "CBOR: an array of 2 items", "Protobuf without its .proto: 2 fields by number".
QString describe(const Reading &reading);

} // namespace Duplex::BinaryMessage
