// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Duplex {

// A .proto file, read at run time as protoc reads it (libprotobuf's own parser), and the binary messages of its
// types read with their fields' names: what ProtobufWire can only number.
class ProtobufSchema
{
public:
    // The file, and what it imports from its own folder or of protobuf's well-known types (Timestamp, Any, …);
    // nothing, with protoc's words for each problem ("chat.proto:4:7: Expected \";\"."), when it does not read.
    static std::optional<ProtobufSchema> load(const QString &path, QString *error);

    QString fileName() const; // without its folder
    // The message types of the file, then of those it imports but protobuf's own, nested ones too, by full name
    // ("chat.Envelope", "chat.Envelope.Meta", "common.Sender").
    QStringList messageTypes() const;

    struct Reading
    {
        QJsonObject json; // protobuf's JSON mapping, with the .proto's own field names
        int unnamed = 0;  // fields the payload has and the .proto does not name (not in json), at any depth
    };
    // The payload as a message of type; nothing, with the reason, when it is none.
    std::optional<Reading> read(QByteArrayView payload, const QString &type, QString *error) const;

private:
    struct Loaded;
    explicit ProtobufSchema(std::shared_ptr<const Loaded> loaded);
    std::shared_ptr<const Loaded> m_loaded; // shared: a schema is copied with the views that read by it
};

} // namespace Duplex
