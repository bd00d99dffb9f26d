// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/rpccalls.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

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

QList<Call> callsOn(const FrameLogModel &frames, quint64 connection)
{
    QList<Call> calls;
    QHash<std::pair<int, QByteArray>, qsizetype> waiting; // a request's way (Direction) and id (as JSON) → its call
    for (int row = 0; row < frames.rowCount(); ++row) {
        if (frames.connectionAt(row) != connection || !frames.frameAt(row).fin)
            continue;
        const std::optional<JsonRpc::Payload> payload = payloadAt(frames, row);
        if (!payload)
            continue;
        const int direction = int(frames.frameAt(row).direction);
        for (const JsonRpc::Message &message : payload->messages) {
            const QByteArray id = QJsonDocument(QJsonArray {message.id}).toJson(QJsonDocument::Compact);
            if (message.kind == JsonRpc::Message::Kind::Request && !message.id.isNull()) {
                waiting.insert({direction, id}, calls.size());
                calls.append({frames.index(row, 0), {}, frames.timeUsAt(row), message.method, message.id, {}, {}});
                continue;
            }
            if (message.kind == JsonRpc::Message::Kind::Notification || message.id.isNull())
                continue;
            const int asked
                = int(frames.frameAt(row).direction == Direction::ClientToServer ? Direction::ServerToClient
                                                                                 : Direction::ClientToServer);
            if (const auto it = waiting.find({asked, id}); it != waiting.end()) {
                Call &call = calls[*it];
                call.answerRow = frames.index(row, 0);
                call.answer = message;
                call.tookUs = frames.timeUsAt(row) - call.sentUs;
                waiting.erase(it);
            }
        }
    }
    return calls;
}

} // namespace Duplex::RpcCalls
