// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/stomp.h"

#include <QCoreApplication>

#include <algorithm>

#include "wire/messagewords.h"

using namespace Qt::StringLiterals;

namespace Duplex::Stomp {

namespace {

using MessageWords::shortened;

constexpr const char *commands[] = {"CONNECT", "STOMP", "CONNECTED", "SEND", "SUBSCRIBE", "UNSUBSCRIBE", "ACK", "NACK",
    "BEGIN", "COMMIT", "ABORT", "DISCONNECT", "MESSAGE", "RECEIPT", "ERROR"};
// The headers that say what a frame is about, in the order a description names them.
constexpr const char *telling[] = {"destination", "subscription", "id", "receipt", "receipt-id", "host", "version"};

// One line from at, without its line end (LF or CR LF); at moves past it. Nothing when no LF follows.
std::optional<QByteArray> line(const QByteArray &text, qsizetype &at)
{
    const qsizetype end = text.indexOf('\n', at);
    if (end < 0)
        return std::nullopt;
    QByteArray found = text.sliced(at, end - at);
    if (found.endsWith('\r'))
        found.chop(1);
    at = end + 1;
    return found;
}

// A header's name or value as STOMP 1.2 escapes it (\r, \n, \c for a colon, \\); nothing for an undefined escape.
std::optional<QString> unescaped(const QByteArray &raw)
{
    QByteArray plain;
    plain.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
            plain += raw[i];
            continue;
        }
        if (++i == raw.size())
            return std::nullopt;
        switch (raw[i]) {
        case 'r':
            plain += '\r';
            break;
        case 'n':
            plain += '\n';
            break;
        case 'c':
            plain += ':';
            break;
        case '\\':
            plain += '\\';
            break;
        default:
            return std::nullopt;
        }
    }
    return QString::fromUtf8(plain);
}

} // namespace

QString Frame::header(const QString &name) const
{
    const auto found
        = std::find_if(headers.cbegin(), headers.cend(), [&name](const auto &header) { return header.first == name; });
    return found == headers.cend() ? QString() : found->second;
}

std::optional<Frame> decode(const QByteArray &text)
{
    qsizetype at = 0;
    const std::optional<QByteArray> command = line(text, at);
    if (!command || std::none_of(std::begin(commands), std::end(commands), [&command](const char *known) {
            return *command == known;
        }))
        return std::nullopt;
    Frame frame;
    frame.command = QString::fromLatin1(*command);
    // CONNECT and CONNECTED frames carry their headers as they are, for STOMP 1.0 peers.
    const bool escaped = frame.command != u"CONNECT" && frame.command != u"CONNECTED";
    for (;;) {
        const std::optional<QByteArray> header = line(text, at);
        if (!header)
            return std::nullopt;
        if (header->isEmpty())
            break;
        const qsizetype colon = header->indexOf(':');
        if (colon <= 0)
            return std::nullopt;
        const QByteArray name = header->first(colon);
        const QByteArray value = header->sliced(colon + 1);
        const std::optional<QString> plainName = escaped ? unescaped(name) : QString::fromUtf8(name);
        const std::optional<QString> plainValue = escaped ? unescaped(value) : QString::fromUtf8(value);
        if (!plainName || !plainValue)
            return std::nullopt;
        frame.headers.append({*plainName, *plainValue});
    }
    bool declared = false;
    const qsizetype length = frame.header(u"content-length"_s).toLongLong(&declared);
    // The body ends at its NUL: the first one, or the one content-length bytes on (a body may hold NULs).
    if (declared && (length < 0 || length >= text.size() - at || text[at + length] != '\0'))
        return std::nullopt;
    const qsizetype end = declared ? at + length : text.indexOf('\0', at);
    if (end < 0)
        return std::nullopt;
    frame.body = text.sliced(at, end - at);
    for (qsizetype i = end + 1; i < text.size(); ++i) {
        if (text[i] != '\n' && text[i] != '\r')
            return std::nullopt;
    }
    return frame;
}

QString describe(const Frame &frame)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("Duplex::Stomp", text); };
    QStringList parts {tr("STOMP %1").arg(frame.command)};
    if (const QString message = frame.header(u"message"_s); frame.command == u"ERROR" && !message.isEmpty())
        parts.first() += tr(" “%1”").arg(shortened(message));
    for (const char *name : telling) {
        if (const QString value = frame.header(QString::fromLatin1(name)); !value.isEmpty())
            parts << tr("%1 %2").arg(QString::fromLatin1(name), shortened(value));
    }
    if (!frame.body.isEmpty())
        parts << tr("%1-byte body").arg(frame.body.size());
    return parts.join(u" · ");
}

} // namespace Duplex::Stomp
