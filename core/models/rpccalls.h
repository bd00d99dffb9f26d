// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPersistentModelIndex>

#include <optional>

#include "wire/jsonrpc.h"

namespace Duplex {
class FrameLogModel;
}

// JSON-RPC calls in the frames table: which message answers which request, and so how long each call took. Works
// on whatever carried the messages: WebSocket messages, SSE events, HTTP bodies.
namespace Duplex::RpcCalls {

// The JSON-RPC message of the row's message, once the table holds it whole; nothing for anything else.
std::optional<JsonRpc::Payload> payloadAt(const FrameLogModel &frames, int row);

// Bytes of JSON-RPC a search reads at most, so that finding a call's other end never stalls the window.
constexpr qint64 maxBytesSearched = 8 << 20;

struct Search
{
    std::optional<int> row; // the other end's last row, when found
    bool complete = true;   // false: the search stopped at maxBytesSearched, and the other end may be further
};
// The other end of the call that payload, the message at row, belongs to: for requests, the first later message on
// the same connection the other way that answers one; for answers, the latest earlier message there whose requests
// they answer. Nothing for a notification.
Search otherEnd(const FrameLogModel &frames, int row, const JsonRpc::Payload &payload);
// The first of the rows first to last that answers request, the message at requestRow: for rows that arrive after a
// request that was not answered yet, so that only they are read.
std::optional<int> answerAmong(
    const FrameLogModel &frames, int requestRow, const JsonRpc::Payload &request, int first, int last);

// One call on a connection: a request with an id, and its answer once the table holds one.
struct Call
{
    QPersistentModelIndex requestRow; // its last row, while the table holds it
    QPersistentModelIndex answerRow;  // the answer's last row; invalid when there is none
    qint64 sentUs = 0;                // on the table's clock
    QString method;
    QJsonValue id;
    std::optional<JsonRpc::Message> answer; // a result or an error
    std::optional<qint64> tookUs;           // from the request to its answer
};
// Every call on connection that the table holds, in the order they were made: each request with an id (a batch's
// one by one) and the first answer with its id that came the other way after it. Each message is read once.
QList<Call> callsOn(const FrameLogModel &frames, quint64 connection);

} // namespace Duplex::RpcCalls
