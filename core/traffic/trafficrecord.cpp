// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/trafficrecord.h"

#include "wire/httphead.h"

namespace Duplex {

namespace {

qint64 bodyBytes(const QByteArray &message)
{
    const qsizetype head = HttpHead::headLength(message);
    return head < 0 ? 0 : message.size() - head;
}

} // namespace

ConnectionOpened ConnectionOpened::ofClient(const QAbstractSocket &socket, const QByteArray &path)
{
    return {
        endpoint(socket.peerAddress(), socket.peerPort()), path, endpoint(socket.localAddress(), socket.localPort())};
}

qint64 heldPayloadBytes(const TrafficRecord &record)
{
    if (const auto *frame = std::get_if<Frame>(&record.event))
        return Opcode::isControl(frame->opcode) ? 0 : frame->payload.size() + frame->inflated.size();
    if (const auto *event = std::get_if<SseEvent>(&record.event))
        return event->data.size();
    if (const auto *exchange = std::get_if<HttpExchange>(&record.event))
        return bodyBytes(exchange->request) + bodyBytes(exchange->response);
    return 0;
}

void dropPayload(TrafficRecord &record)
{
    if (auto *frame = std::get_if<Frame>(&record.event)) {
        if (Opcode::isControl(frame->opcode))
            return; // at most 125 bytes, and their meaning: a close code, a ping's answer
        frame->payload = {};
        frame->inflated = {};
    } else if (auto *event = std::get_if<SseEvent>(&record.event)) {
        event->dataLength = event->length();
        event->data = {};
    } else if (auto *exchange = std::get_if<HttpExchange>(&record.event)) {
        for (QByteArray *message : {&exchange->request, &exchange->response}) {
            if (const qsizetype head = HttpHead::headLength(*message); head >= 0 && head < message->size())
                *message = message->first(head);
        }
    } else {
        return;
    }
    record.payloadDropped = true;
}

} // namespace Duplex
