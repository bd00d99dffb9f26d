// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/captureformat.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

#include "traffic/trafficlog.h"
#include "wire/handshake.h"

using namespace Qt::StringLiterals;

namespace Duplex::CaptureFormat {

namespace {

constexpr auto formatName = "duplex-capture"_L1;

// Heads and reasons are bytes; Latin-1 maps each byte to one character and back without loss.
QString bytesText(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes);
}
QByteArray textBytes(const QJsonValue &value)
{
    return value.toString().toLatin1();
}
QString base64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}
QByteArray fromBase64(const QJsonValue &value)
{
    return QByteArray::fromBase64(value.toString().toLatin1());
}

QString directionName(Direction direction)
{
    return direction == Direction::ClientToServer ? u"client"_s : u"server"_s;
}

std::optional<Direction> directionFrom(const QJsonValue &value)
{
    if (value == "client"_L1)
        return Direction::ClientToServer;
    if (value == "server"_L1)
        return Direction::ServerToClient;
    return std::nullopt;
}

constexpr std::array closerNames = {"client"_L1, "server"_L1, "guard"_L1, "nobody"_L1};

QJsonObject toJson(const ConnectionOpened &e)
{
    QJsonObject object {{"type"_L1, "open"_L1}, {"peer"_L1, e.peer}, {"path"_L1, bytesText(e.path)}};
    if (!e.local.isEmpty())
        object.insert("local"_L1, e.local);
    if (!e.relayedFor.isEmpty())
        object.insert("relayedFor"_L1, e.relayedFor);
    if (!e.relayedTo.isEmpty())
        object.insert("relayedTo"_L1, e.relayedTo);
    return object;
}

QJsonObject toJson(const HandshakeExchanged &e)
{
    QJsonObject object {
        {"type"_L1, "handshake"_L1}, {"request"_L1, bytesText(e.request)}, {"response"_L1, bytesText(e.response)}};
    const auto request = HttpHead::parseRequest(e.request);
    const auto response = HttpHead::parseResponse(e.response);
    if (request && response) {
        const Handshake::Verdict verdict = Handshake::check(*request, *response);
        QJsonArray problems;
        for (const QByteArray &problem : verdict.problems)
            problems.append(bytesText(problem));
        // Derived from the heads, written for whoever reads the file without Duplex.
        object.insert("verdict"_L1,
            QJsonObject {{"status"_L1, verdict.status}, {"expectedAccept"_L1, bytesText(verdict.expectedAccept)},
                {"accept"_L1, bytesText(verdict.accept)}, {"acceptValid"_L1, verdict.acceptValid()},
                {"subprotocol"_L1, bytesText(verdict.subprotocol)}, {"extensions"_L1, bytesText(verdict.extensions)},
                {"problems"_L1, problems}});
    }
    return object;
}

QJsonObject toJson(const Frame &f)
{
    QJsonObject object {{"type"_L1, "frame"_L1}, {"from"_L1, directionName(f.direction)}, {"fin"_L1, f.fin},
        {"rsv1"_L1, f.rsv1}, {"rsv2"_L1, f.rsv2}, {"rsv3"_L1, f.rsv3}, {"opcode"_L1, f.opcode},
        {"messageOpcode"_L1, f.messageOpcode}, {"masked"_L1, f.masked}, {"length"_L1, qint64(f.payloadLength)},
        {"lengthBits"_L1, f.lengthBits}, {"headerSize"_L1, f.headerSize}, {"payload"_L1, base64(f.payload)}};
    if (f.masked)
        object.insert("maskingKey"_L1, QString::number(f.maskingKey, 16).rightJustified(8, u'0'));
    if (f.compressed) {
        object.insert("compressed"_L1, true);
        object.insert("inflated"_L1, base64(f.inflated));
        object.insert("inflatedLength"_L1, qint64(f.inflatedLength));
    }
    if (f.closeCode) {
        object.insert("closeCode"_L1, *f.closeCode);
        object.insert("closeReason"_L1, QString::fromUtf8(f.closeReason));
    }
    return object;
}

QJsonObject toJson(const HttpExchange &e)
{
    return {{"type"_L1, "http"_L1}, {"request"_L1, bytesText(e.request)}, {"status"_L1, e.status},
        {"reason"_L1, bytesText(e.reason)}, {"response"_L1, bytesText(e.response)}, {"heldUs"_L1, e.heldUs}};
}

QJsonObject toJson(const SseEvent &e)
{
    return {{"type"_L1, "sse"_L1}, {"event"_L1, bytesText(e.type)}, {"id"_L1, bytesText(e.id)},
        {"data"_L1, bytesText(e.data)}, {"length"_L1, e.length()}};
}

QJsonObject toJson(const ProtocolViolation &e)
{
    return {{"type"_L1, "violation"_L1}, {"from"_L1, directionName(e.direction)},
        {"closeCode"_L1, e.violation.closeCode}, {"reason"_L1, bytesText(e.violation.reason)}};
}

QJsonObject toJson(const ConnectionClosed &e)
{
    QJsonObject object {{"type"_L1, "close"_L1}, {"by"_L1, closerNames[size_t(e.closer)]}, {"clean"_L1, e.clean},
        {"reason"_L1, QString::fromUtf8(e.reason)}};
    if (e.code)
        object.insert("closeCode"_L1, *e.code);
    return object;
}

std::optional<quint16> closeCodeFrom(const QJsonValue &value)
{
    return value.isDouble() ? std::optional(quint16(value.toInt())) : std::nullopt;
}

std::optional<TrafficRecord::Event> eventFrom(const QJsonObject &o, QString *why)
{
    const QString type = o.value("type"_L1).toString();
    if (type == "open"_L1)
        return ConnectionOpened {o.value("peer"_L1).toString(), textBytes(o.value("path"_L1)),
            o.value("local"_L1).toString(), o.value("relayedFor"_L1).toString(), o.value("relayedTo"_L1).toString()};
    if (type == "handshake"_L1)
        return HandshakeExchanged {textBytes(o.value("request"_L1)), textBytes(o.value("response"_L1))};
    if (type == "http"_L1)
        return HttpExchange {textBytes(o.value("request"_L1)), o.value("status"_L1).toInt(),
            textBytes(o.value("reason"_L1)), textBytes(o.value("response"_L1)), o.value("heldUs"_L1).toInteger()};
    if (type == "sse"_L1) {
        SseEvent event {textBytes(o.value("event"_L1)), textBytes(o.value("id"_L1)), textBytes(o.value("data"_L1))};
        if (o.value("length"_L1).toInteger() > event.data.size())
            event.dataLength = o.value("length"_L1).toInteger();
        return event;
    }
    if (type == "violation"_L1 || type == "frame"_L1) {
        const std::optional<Direction> direction = directionFrom(o.value("from"_L1));
        if (!direction) {
            *why = u"\"from\" must be \"client\" or \"server\""_s;
            return std::nullopt;
        }
        if (type == "violation"_L1)
            return ProtocolViolation {
                *direction, {quint16(o.value("closeCode"_L1).toInt()), textBytes(o.value("reason"_L1))}};
        Frame f;
        f.direction = *direction;
        f.fin = o.value("fin"_L1).toBool();
        f.rsv1 = o.value("rsv1"_L1).toBool();
        f.rsv2 = o.value("rsv2"_L1).toBool();
        f.rsv3 = o.value("rsv3"_L1).toBool();
        f.opcode = quint8(o.value("opcode"_L1).toInt());
        f.messageOpcode = quint8(o.value("messageOpcode"_L1).toInt());
        f.masked = o.value("masked"_L1).toBool();
        f.maskingKey = o.value("maskingKey"_L1).toString().toUInt(nullptr, 16);
        f.payloadLength = quint64(o.value("length"_L1).toInteger());
        f.lengthBits = quint8(o.value("lengthBits"_L1).toInt());
        f.headerSize = quint8(o.value("headerSize"_L1).toInt());
        f.payload = fromBase64(o.value("payload"_L1));
        f.compressed = o.value("compressed"_L1).toBool();
        f.inflated = fromBase64(o.value("inflated"_L1));
        f.inflatedLength = quint64(o.value("inflatedLength"_L1).toInteger());
        f.closeCode = closeCodeFrom(o.value("closeCode"_L1));
        f.closeReason = o.value("closeReason"_L1).toString().toUtf8();
        return f;
    }
    if (type == "close"_L1) {
        const auto closer = std::find(closerNames.begin(), closerNames.end(), o.value("by"_L1).toString());
        if (closer == closerNames.end()) {
            *why = u"\"by\" must be client, server, guard or nobody"_s;
            return std::nullopt;
        }
        return ConnectionClosed {Closer(closer - closerNames.begin()), closeCodeFrom(o.value("closeCode"_L1)),
            o.value("reason"_L1).toString().toUtf8(), o.value("clean"_L1).toBool()};
    }
    *why = u"unknown record type \"%1\""_s.arg(type);
    return std::nullopt;
}

} // namespace

QByteArray headerLine(const QDateTime &startedAt)
{
    const QJsonObject header {{"format"_L1, formatName}, {"version"_L1, version},
        {"started"_L1, startedAt.toUTC().toString(Qt::ISODateWithMs)},
        {"producer"_L1, QString(QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion())}};
    return QJsonDocument(header).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray recordLine(const TrafficRecord &record)
{
    QJsonObject object = std::visit([](const auto &event) { return toJson(event); }, record.event);
    object.insert("t"_L1, record.timeUs);
    object.insert("conn"_L1, qint64(record.connection));
    if (record.session)
        object.insert("session"_L1, qint64(record.session));
    if (record.payloadDropped)
        object.insert("payloadDropped"_L1, true);
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<TrafficRecord> parseRecord(QByteArrayView line, QString *errorOut)
{
    QString why;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line.toByteArray(), &error);
    if (!document.isObject()) {
        why = error.error != QJsonParseError::NoError ? error.errorString() : u"not a JSON object"_s;
    } else {
        const QJsonObject o = document.object();
        if (!o.value("t"_L1).isDouble() || !o.value("conn"_L1).isDouble()) {
            why = u"a record needs numbers \"t\" and \"conn\""_s;
        } else if (auto event = eventFrom(o, &why)) {
            return TrafficRecord {o.value("t"_L1).toInteger(), quint64(o.value("conn"_L1).toInteger()), *event,
                quint64(o.value("session"_L1).toInteger()), o.value("payloadDropped"_L1).toBool()};
        }
    }
    if (errorOut)
        *errorOut = why;
    return std::nullopt;
}

Reading read(QIODevice &file, TrafficLog &log, const Progress &progress)
{
    constexpr qint64 linesBetweenProgress = 1000;
    const auto atLine = [](qint64 line, const QString &why) {
        return QCoreApplication::translate("CaptureFormat", "line %1: %2").arg(line).arg(why);
    };
    Reading reading;
    const auto failAt = [&](qint64 line, const QString &why) {
        reading.error = atLine(line, why);
        return reading;
    };
    const QJsonObject header = QJsonDocument::fromJson(file.readLine()).object();
    if (header.value("format"_L1) != formatName)
        return failAt(1, QCoreApplication::translate("CaptureFormat", "not a Duplex capture file"));
    // Each version only added records and fields: every earlier file still reads.
    if (header.value("version"_L1).toInt() < 1 || header.value("version"_L1).toInt() > version)
        return failAt(1,
            QCoreApplication::translate("CaptureFormat", "capture format version %1 is not supported")
                .arg(header.value("version"_L1).toInt()));
    if (const auto zero = QDateTime::fromString(header.value("started"_L1).toString(), Qt::ISODateWithMs);
        zero.isValid())
        log.setStartedAt(zero);
    for (qint64 number = 2; !file.atEnd(); ++number) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        if (progress && number % linesBetweenProgress == 0
            && !progress(double(file.pos()) / double(std::max<qint64>(file.size(), 1))))
            return failAt(number, QCoreApplication::translate("CaptureFormat", "stopped"));
        QString why;
        std::optional<TrafficRecord> record = parseRecord(line, &why);
        if (record) {
            log.append(std::move(*record));
        } else if (reading.skipped++ == 0) {
            reading.firstSkipped = atLine(number, why);
        }
    }
    reading.ok = true;
    return reading;
}

bool write(QIODevice &file, const TrafficLog &log, QString *errorOut)
{
    bool ok = file.write(headerLine(log.startedAt())) >= 0;
    for (auto it = log.records().cbegin(); ok && it != log.records().cend(); ++it)
        ok = file.write(recordLine(*it)) >= 0;
    if (!ok && errorOut)
        *errorOut = file.errorString();
    return ok;
}

} // namespace Duplex::CaptureFormat
