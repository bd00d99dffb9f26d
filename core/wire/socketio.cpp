// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/socketio.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <limits>

namespace Duplex::SocketIo {

namespace {

constexpr const char *engineTypes[] = {"open", "close", "ping", "pong", "message", "upgrade", "noop"};
constexpr const char *socketTypes[]
    = {"CONNECT", "DISCONNECT", "EVENT", "ACK", "CONNECT_ERROR", "BINARY_EVENT", "BINARY_ACK"};
constexpr int maxDigits = 15; // an ack id or an attachment count within qint64, whatever the input

// Any JSON value, scalars too: QJsonDocument takes only objects and arrays, so the value is read as an array's one.
std::optional<QJsonValue> jsonValue(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + json + ']', &error);
    if (error.error != QJsonParseError::NoError || wrapped.array().size() != 1)
        return std::nullopt;
    return wrapped.array().first();
}

// Digits from at, at most maxDigits of them; at moves past them.
std::optional<qint64> digits(const QByteArray &text, qsizetype &at)
{
    const qsizetype start = at;
    while (at < text.size() && at - start < maxDigits && text[at] >= '0' && text[at] <= '9')
        ++at;
    if (at == start)
        return std::nullopt;
    return text.sliced(start, at - start).toLongLong();
}

// The Socket.IO packet in an Engine.IO message's text.
bool decodeSocketPacket(const QByteArray &text, Packet &packet)
{
    if (text.isEmpty() || text[0] < '0' || text[0] > '6')
        return false;
    const int type = text[0] - '0';
    packet.socket = QString::fromLatin1(socketTypes[type]);
    qsizetype at = 1;
    if (packet.socket.startsWith(u"BINARY_")) {
        const auto count = digits(text, at);
        if (!count || at >= text.size() || text[at] != '-')
            return false;
        packet.attachments = int(std::min<qint64>(*count, std::numeric_limits<int>::max()));
        ++at;
    }
    if (at < text.size() && text[at] == '/') {
        const qsizetype comma = text.indexOf(',', at);
        const qsizetype end = comma < 0 ? text.size() : comma;
        packet.nameSpace = QString::fromUtf8(text.sliced(at, end - at));
        at = comma < 0 ? end : comma + 1;
    }
    packet.ackId = digits(text, at); // past maxDigits, the rest is no payload of any type
    packet.data = text.sliced(at);
    const std::optional<QJsonValue> payload
        = packet.data.isEmpty() ? std::optional<QJsonValue>(QJsonValue::Undefined) : jsonValue(packet.data);
    if (!payload)
        return false;
    switch (type) {
    case 0: // CONNECT: an object (auth) or nothing
        return payload->isObject() || payload->isUndefined();
    case 1: // DISCONNECT
        return payload->isUndefined();
    case 4: // CONNECT_ERROR
        return payload->isObject() || payload->isString();
    case 2: // EVENT, BINARY_EVENT: the name first, then the arguments
    case 5: {
        const QJsonArray arguments = payload->toArray();
        if (!payload->isArray() || arguments.isEmpty() || !(arguments[0].isString() || arguments[0].isDouble()))
            return false;
        packet.event = arguments[0].isString() ? arguments[0].toString() : QString::number(arguments[0].toDouble());
        return true;
    }
    default: // ACK, BINARY_ACK
        return payload->isArray();
    }
}

} // namespace

std::optional<Packet> decode(const QByteArray &text)
{
    if (text.isEmpty() || text[0] < '0' || text[0] > '6')
        return std::nullopt;
    Packet packet;
    packet.engine = QString::fromLatin1(engineTypes[text[0] - '0']);
    const QByteArray rest = text.sliced(1);
    switch (text[0]) {
    case '0': // open: the handshake, an object
        packet.data = rest;
        return jsonValue(rest).value_or(QJsonValue()).isObject() ? std::optional(packet) : std::nullopt;
    case '2': // ping and pong: nothing, or the upgrade's probe
    case '3':
        packet.data = rest;
        return rest.isEmpty() || rest == "probe" ? std::optional(packet) : std::nullopt;
    case '4':
        return decodeSocketPacket(rest, packet) ? std::optional(packet) : std::nullopt;
    default: // close, upgrade, noop: nothing more
        return rest.isEmpty() ? std::optional(packet) : std::nullopt;
    }
}

QString describe(const Packet &packet)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("Duplex::SocketIo", text); };
    if (packet.socket.isEmpty()) {
        QString words = tr("Engine.IO %1").arg(packet.engine);
        if (packet.data == "probe")
            words += tr(" (probe)");
        return words;
    }
    QStringList parts {tr("Socket.IO %1").arg(packet.socket)};
    if (!packet.event.isEmpty())
        parts.first() += tr(" “%1”").arg(packet.event);
    parts << tr("namespace %1").arg(packet.nameSpace);
    if (packet.ackId)
        parts << tr("ack %1").arg(*packet.ackId);
    if (packet.attachments == 1)
        parts << tr("1 binary attachment follows");
    else if (packet.attachments > 1)
        parts << tr("%1 binary attachments follow").arg(packet.attachments);
    return parts.join(u" · ");
}

} // namespace Duplex::SocketIo
