// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/jsonrpc.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

#include "wire/messagewords.h"

using namespace Qt::StringLiterals;

namespace Duplex::JsonRpc {

namespace {

using MessageWords::shortened;

QString tr(const char *text)
{
    return QCoreApplication::translate("Duplex::JsonRpc", text);
}

// A value as JSON on one line, shortened.
QString compactJson(const QJsonValue &value)
{
    const QByteArray json = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return shortened(QString::fromUtf8(json.sliced(1, json.size() - 2)));
}

bool isId(const QJsonValue &value)
{
    return value.isString() || value.isDouble() || value.isNull();
}

// An integer, and one qint64 holds: a hand-made 1e300 is no error code.
std::optional<qint64> errorCode(const QJsonValue &code)
{
    const double number = code.toDouble();
    if (!code.isDouble() || number != std::trunc(number) || std::abs(number) > 1e15)
        return std::nullopt;
    return qint64(number);
}

std::optional<Message> decodeOne(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    if (!value.isObject() || object.value("jsonrpc"_L1) != u"2.0"_s)
        return std::nullopt;
    Message message;
    const QJsonValue id = object.value("id"_L1);
    if (!id.isUndefined() && !isId(id))
        return std::nullopt;
    message.id = id.isUndefined() ? QJsonValue(QJsonValue::Null) : id;
    const bool hasResult = object.contains("result"_L1);
    const bool hasError = object.contains("error"_L1);
    if (object.contains("method"_L1)) {
        const QJsonValue params = object.value("params"_L1);
        if (!object.value("method"_L1).isString() || hasResult || hasError
            || !(params.isUndefined() || params.isObject() || params.isArray()))
            return std::nullopt;
        message.kind = id.isUndefined() ? Message::Kind::Notification : Message::Kind::Request;
        message.method = object.value("method"_L1).toString();
        return message;
    }
    if (id.isUndefined() || hasResult == hasError)
        return std::nullopt;
    if (hasResult) {
        message.kind = Message::Kind::Result;
        return message;
    }
    const QJsonObject error = object.value("error"_L1).toObject();
    message.errorCode = errorCode(error.value("code"_L1));
    if (!message.errorCode || !error.value("message"_L1).isString())
        return std::nullopt;
    message.kind = Message::Kind::Error;
    message.errorMessage = error.value("message"_L1).toString();
    return message;
}

// 1.0's error is whatever the server chose: an object with a code and a message, often; a string; anything.
std::optional<Message> decodeVersion1(const QJsonObject &object)
{
    const QJsonValue id = object.value("id"_L1);
    if (object.size() != 3 || !isId(id))
        return std::nullopt;
    Message message;
    message.id = id;
    if (object.value("method"_L1).isString() && object.value("params"_L1).isArray()) {
        message.kind = id.isNull() ? Message::Kind::Notification : Message::Kind::Request;
        message.method = object.value("method"_L1).toString();
        return message;
    }
    const QJsonValue result = object.value("result"_L1);
    const QJsonValue error = object.value("error"_L1);
    if (result.isUndefined() || error.isUndefined() || (!result.isNull() && !error.isNull()))
        return std::nullopt;
    if (error.isNull()) {
        message.kind = Message::Kind::Result;
        return message;
    }
    message.kind = Message::Kind::Error;
    const QJsonObject fields = error.toObject();
    message.errorCode = errorCode(fields.value("code"_L1));
    if (fields.value("message"_L1).isString())
        message.errorMessage = fields.value("message"_L1).toString();
    else if (error.isString())
        message.errorMessage = error.toString();
    else
        message.errorMessage = compactJson(error);
    return message;
}

// One message, without the protocol's name: "request “eth_call” · id 7".
QString words(const Message &message)
{
    switch (message.kind) {
    case Message::Kind::Request:
        return tr("request “%1” · id %2").arg(shortened(message.method), idText(message.id));
    case Message::Kind::Notification:
        return tr("notification “%1”").arg(shortened(message.method));
    case Message::Kind::Result:
        return tr("result · id %1").arg(idText(message.id));
    case Message::Kind::Error:
        if (!message.errorCode)
            return tr("error “%1” · id %2").arg(shortened(message.errorMessage), idText(message.id));
        return tr("error %1 “%2” · id %3")
            .arg(*message.errorCode)
            .arg(shortened(message.errorMessage), idText(message.id));
    }
    return {};
}

} // namespace

QString idText(const QJsonValue &id)
{
    return compactJson(id);
}

std::optional<Payload> decode(const QByteArray &text)
{
    // A cheap look first: most text a monitor shows is not JSON-RPC (a chat room's JSON has ids too), and parsing it
    // all would cost its length. A 1.0 message has an id, and a method or a result.
    const bool mayBeVersion1 = text.contains("\"id\"") && (text.contains("\"method\"") || text.contains("\"result\""));
    if (!mayBeVersion1 && !text.contains("\"jsonrpc\""))
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        return std::nullopt;
    if (document.isObject() && !document.object().contains("jsonrpc"_L1)) {
        std::optional<Message> message = decodeVersion1(document.object());
        if (!message)
            return std::nullopt;
        return Payload {.messages = {std::move(*message)}, .batch = false, .version1 = true};
    }
    Payload payload;
    payload.batch = document.isArray();
    const QJsonArray items = payload.batch ? document.array() : QJsonArray {document.object()};
    if (items.isEmpty())
        return std::nullopt;
    for (const QJsonValue item : items) {
        std::optional<Message> message = decodeOne(item);
        if (!message)
            return std::nullopt;
        payload.messages.append(std::move(*message));
    }
    return payload;
}

QString describe(const Payload &payload)
{
    if (payload.version1)
        return tr("JSON-RPC 1.0 %1").arg(words(payload.messages.first()));
    if (!payload.batch)
        return tr("JSON-RPC %1").arg(words(payload.messages.first()));
    return tr("JSON-RPC batch of %1: %2")
        .arg(payload.messages.size())
        .arg(MessageWords::listed(payload.messages, words));
}

bool hasRequests(const Payload &payload)
{
    return std::any_of(payload.messages.cbegin(), payload.messages.cend(),
        [](const Message &message) { return message.kind == Message::Kind::Request; });
}

bool hasAnswers(const Payload &payload)
{
    return std::any_of(payload.messages.cbegin(), payload.messages.cend(), [](const Message &message) {
        return message.kind == Message::Kind::Result || message.kind == Message::Kind::Error;
    });
}

bool answers(const Payload &reply, const Payload &request)
{
    for (const Message &answer : reply.messages) {
        if (answer.kind != Message::Kind::Result && answer.kind != Message::Kind::Error)
            continue;
        for (const Message &asked : request.messages) {
            if (asked.kind == Message::Kind::Request && !answer.id.isNull() && answer.id == asked.id)
                return true;
        }
    }
    return false;
}

} // namespace Duplex::JsonRpc
