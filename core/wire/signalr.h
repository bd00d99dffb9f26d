// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// What a monitor can tell of an ASP.NET Core SignalR app's messages in its JSON hub protocol (dotnet/aspnetcore,
// src/SignalR/docs/specs/HubProtocol.md): records of JSON, each ended by the record separator 0x1E, one or more to
// a WebSocket message; the handshake first, then invocations, their completions, stream items, pings and a close.
namespace Duplex::SignalR {

constexpr char recordSeparator = '\x1e';

// The records of one payload, in order.
struct Payload
{
    QList<QJsonObject> records;
};

// Nothing unless text is records exactly: each a JSON object ended by 0x1E, and each a handshake's (no "type") or a
// hub message of a type the protocol defines (1 to 9).
std::optional<Payload> decode(const QByteArray &text);
// "SignalR invocation “SendMessage” · id 3", "SignalR handshake: protocol json, version 1",
// "SignalR, 3 records: ping, completion · id 2, …".
QString describe(const Payload &payload);
// What a JSON view shows: the record, or the records as an array.
QByteArray json(const Payload &payload);

} // namespace Duplex::SignalR
