// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/rpccalls.h"

#include <algorithm>

#include "models/framelogmodel.h"

namespace Duplex::RpcCalls {

namespace {

// The whole text of the message at row, when it is a text message the table holds whole.
std::optional<QByteArray> wholeText(const FrameLogModel &frames, int row)
{
    if (frames.violationAt(row) || Opcode::isControl(frames.frameAt(row).opcode) || !frames.isTextMessage(row))
        return std::nullopt;
    const QList<int> rows = frames.messageRows(row);
    if (!frames.frameAt(rows.constLast()).fin || std::any_of(rows.cbegin(), rows.cend(), [&frames](int fragment) {
            return frames.isPayloadDropped(fragment);
        }))
        return std::nullopt;
    return frames.messageData(row);
}

// The JSON-RPC message that row completes, when it is one on the connection of the message at from, going the other
// way; read counts the bytes parsed. Only a message's last frame completes it, so each message is read once.
std::optional<JsonRpc::Payload> otherWayAt(const FrameLogModel &frames, int row, int from, qint64 &read)
{
    if (frames.connectionAt(row) != frames.connectionAt(from)
        || frames.frameAt(row).direction == frames.frameAt(from).direction || !frames.frameAt(row).fin)
        return std::nullopt;
    const std::optional<QByteArray> text = wholeText(frames, row);
    if (!text)
        return std::nullopt;
    read += text->size();
    return JsonRpc::decode(*text);
}

} // namespace

std::optional<JsonRpc::Payload> payloadAt(const FrameLogModel &frames, int row)
{
    const std::optional<QByteArray> text = wholeText(frames, row);
    return text ? JsonRpc::decode(*text) : std::nullopt;
}

Search otherEnd(const FrameLogModel &frames, int row, const JsonRpc::Payload &payload)
{
    const bool asks = JsonRpc::hasRequests(payload);
    if (!asks && !JsonRpc::hasAnswers(payload))
        return {};
    const QList<int> own = frames.messageRows(row);
    const int step = asks ? 1 : -1;
    qint64 read = 0;
    for (int i = asks ? own.constLast() + 1 : own.constFirst() - 1; i >= 0 && i < frames.rowCount(); i += step) {
        const std::optional<JsonRpc::Payload> other = otherWayAt(frames, i, row, read);
        if (other && (asks ? JsonRpc::answers(*other, payload) : JsonRpc::answers(payload, *other)))
            return {i, true};
        if (read > maxBytesSearched)
            return {std::nullopt, false};
    }
    return {};
}

std::optional<int> answerAmong(
    const FrameLogModel &frames, int requestRow, const JsonRpc::Payload &request, int first, int last)
{
    qint64 read = 0;
    for (int i = first; i <= last; ++i) {
        const std::optional<JsonRpc::Payload> other = otherWayAt(frames, i, requestRow, read);
        if (other && JsonRpc::answers(*other, request))
            return i;
    }
    return std::nullopt;
}

} // namespace Duplex::RpcCalls
