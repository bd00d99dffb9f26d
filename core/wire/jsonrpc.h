// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

// What a monitor can tell of a JSON-RPC app's messages: a request, a notification, a result or an error, alone or in
// a batch, and which reply answers which request. Version 2.0 (jsonrpc.org/specification), and 1.0
// (json-rpc.org/wiki/specification), which older services still speak: no version member, no batches.
namespace Duplex::JsonRpc {

struct Message
{
    enum class Kind : quint8 { Request, Notification, Result, Error };
    Kind kind = Kind::Request;
    QString method; // a request's or a notification's
    QJsonValue id;  // a request's or a reply's: a string, a number, or null in a reply to what had no readable id
    std::optional<qint64> errorCode; // always in 2.0; in 1.0, when the error has a whole "code"
    QString errorMessage;
};

// The messages of one payload: one, or a batch's in order.
struct Payload
{
    QList<Message> messages;
    bool batch = false;
    bool version1 = false;
};

// Nothing unless text is JSON-RPC exactly, so that an app's own JSON with a "method" or an "id" is not taken for it:
// 2.0 has "jsonrpc": "2.0" and each kind's members as its specification has them; 1.0 has exactly three members,
// a request "method" (a string), "params" (an array) and "id" (null for a notification), a response "result",
// "error" (one of the two null) and "id".
std::optional<Payload> decode(const QByteArray &text);
// "JSON-RPC request “eth_call” · id 7", "JSON-RPC error -32601 “Method not found” · id 7",
// "JSON-RPC batch of 3: request “a” · id 1, …", "JSON-RPC 1.0 result · id 1".
QString describe(const Payload &payload);
// An id as the message wrote it: 7, "a3" (quoted, so that it is not taken for 7), null; a very long one shortened.
QString idText(const QJsonValue &id);
bool hasRequests(const Payload &payload);
bool hasAnswers(const Payload &payload); // results or errors
// reply holds an answer (a result or an error) to one of request's requests: the same id, not null.
bool answers(const Payload &reply, const Payload &request);

} // namespace Duplex::JsonRpc
