// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/signalr.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

#include "wire/messagewords.h"

using namespace Qt::StringLiterals;

namespace Duplex::SignalR {

namespace {

using MessageWords::shortened;

QString tr(const char *text)
{
    return QCoreApplication::translate("Duplex::SignalR", text);
}

// The protocol's message types (HubProtocol.md, "Message Types"), 0 for a handshake's record.
enum Type {
    Handshake = 0,
    Invocation,
    StreamItem,
    Completion,
    StreamInvocation,
    CancelInvocation,
    Ping,
    Close,
    Ack,
    Sequence
};

int typeOf(const QJsonObject &record)
{
    return record.contains("type"_L1) ? record.value("type"_L1).toInt(-1) : Handshake;
}

// " · id 3", or nothing for a record without an invocation id.
QString idOf(const QJsonObject &record)
{
    const QJsonValue id = record.value("invocationId"_L1);
    return id.isString() ? tr(" · id %1").arg(shortened(id.toString())) : QString();
}

QString errorOf(const QJsonObject &record)
{
    const QJsonValue error = record.value("error"_L1);
    return error.isString() ? tr(" · error “%1”").arg(shortened(error.toString())) : QString();
}

// One record, without the protocol's name: "invocation “SendMessage” · id 3".
QString words(const QJsonObject &record)
{
    const QString target = shortened(record.value("target"_L1).toString());
    switch (typeOf(record)) {
    case Handshake:
        if (record.contains("protocol"_L1))
            return tr("handshake: protocol %1, version %2")
                .arg(shortened(record.value("protocol"_L1).toString()))
                .arg(record.value("version"_L1).toInt());
        return record.contains("error"_L1) ? tr("handshake refused%1").arg(errorOf(record)) : tr("handshake accepted");
    case Invocation:
        return record.contains("invocationId"_L1) ? tr("invocation “%1”%2").arg(target, idOf(record))
                                                  : tr("invocation “%1”, no reply wanted").arg(target);
    case StreamItem:
        return tr("stream item%1").arg(idOf(record));
    case Completion:
        return tr("completion%1%2").arg(idOf(record), errorOf(record));
    case StreamInvocation:
        return tr("stream invocation “%1”%2").arg(target, idOf(record));
    case CancelInvocation:
        return tr("cancel invocation%1").arg(idOf(record));
    case Ping:
        return tr("ping");
    case Close:
        return tr("close%1%2")
            .arg(errorOf(record), record.value("allowReconnect"_L1).toBool() ? tr(" · reconnect allowed") : QString());
    case Ack:
        return tr("ack · sequence %1").arg(record.value("sequenceId"_L1).toInteger());
    case Sequence:
        return tr("sequence %1").arg(record.value("sequenceId"_L1).toInteger());
    }
    return {};
}

// {}, or {"error": "…"}, with a minor version perhaps.
bool isHandshakeResponse(const QJsonObject &record)
{
    const QStringList keys = record.keys();
    return std::all_of(keys.cbegin(), keys.cend(), [](const QString &key) {
        return key == "error"_L1 || key == "minorVersion"_L1;
    }) && (!record.contains("error"_L1) || record.value("error"_L1).isString());
}

// A handshake's record or a hub message of a known type, with the members its kind cannot do without.
bool isRecord(const QJsonObject &record)
{
    const int type = typeOf(record);
    const bool named = record.value("target"_L1).isString();
    switch (type) {
    case Handshake:
        return record.contains("protocol"_L1)
            ? record.value("protocol"_L1).isString() && record.value("version"_L1).isDouble()
            : isHandshakeResponse(record);
    case Invocation:
        return named && record.value("arguments"_L1).isArray();
    case StreamInvocation:
        return named && record.value("arguments"_L1).isArray() && record.value("invocationId"_L1).isString();
    case StreamItem:
    case Completion:
    case CancelInvocation:
        return record.value("invocationId"_L1).isString();
    case Ping:
    case Close:
        return true;
    case Ack:
    case Sequence:
        return record.value("sequenceId"_L1).isDouble();
    default:
        return false;
    }
}

} // namespace

std::optional<Payload> decode(const QByteArray &text)
{
    if (!text.endsWith(recordSeparator))
        return std::nullopt;
    Payload payload;
    for (const QByteArray &part : text.chopped(1).split(recordSeparator)) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(part, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject() || !isRecord(document.object()))
            return std::nullopt;
        payload.records.append(document.object());
    }
    return payload;
}

QString describe(const Payload &payload)
{
    if (payload.records.size() == 1)
        return tr("SignalR %1").arg(words(payload.records.first()));
    return tr("SignalR, %1 records: %2").arg(payload.records.size()).arg(MessageWords::listed(payload.records, words));
}

QByteArray json(const Payload &payload)
{
    if (payload.records.size() == 1)
        return QJsonDocument(payload.records.first()).toJson(QJsonDocument::Compact);
    QJsonArray records;
    for (const QJsonObject &record : payload.records)
        records.append(record);
    return QJsonDocument(records).toJson(QJsonDocument::Compact);
}

} // namespace Duplex::SignalR
