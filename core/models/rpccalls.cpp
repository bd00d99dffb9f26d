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
    const quint64 connection = frames.connectionAt(row);
    const Direction direction = frames.frameAt(row).direction;
    const int step = asks ? 1 : -1;
    qint64 read = 0;
    for (int i = asks ? own.constLast() + 1 : own.constFirst() - 1; i >= 0 && i < frames.rowCount(); i += step) {
        // Only the last frame of a message completes it, and a search reads each message once.
        if (frames.connectionAt(i) != connection || frames.frameAt(i).direction == direction || !frames.frameAt(i).fin)
            continue;
        const std::optional<QByteArray> text = wholeText(frames, i);
        if (!text)
            continue;
        read += text->size();
        const std::optional<JsonRpc::Payload> other = JsonRpc::decode(*text);
        if (other && (asks ? JsonRpc::answers(*other, payload) : JsonRpc::answers(payload, *other)))
            return {i, true};
        if (read > maxBytesSearched)
            return {std::nullopt, false};
    }
    return {};
}

} // namespace Duplex::RpcCalls
