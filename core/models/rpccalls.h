// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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

} // namespace Duplex::RpcCalls
