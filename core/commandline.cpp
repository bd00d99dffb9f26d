// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QUrl>

#include <cmath>

namespace Duplex {

namespace {

constexpr double maxPingIntervalSeconds = 3600;
constexpr qint64 maxMessageLimit = qint64(1) << 30; // bytes; QtWebSockets holds a whole message in memory

// "*" or an origin as browsers send it (RFC 6454): scheme://host[:port], no path. Returns the normalized form.
std::optional<QString> normalizedOrigin(const QString &text)
{
    if (text == u"*")
        return text;
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty()
        || !(url.path().isEmpty() || url.path() == u"/") || url.hasQuery() || url.hasFragment())
        return std::nullopt;
    return url.adjusted(QUrl::RemovePath).toString();
}

} // namespace

ServerCommand parseServerCommandLine(const QStringList &arguments)
{
    const ServerConfig defaults;
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "CommandLine", "Hosts a WebSocket echo endpoint (/echo) and a chat room (/chat) on one port."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption port({QStringLiteral("p"), QStringLiteral("port")},
        QCoreApplication::translate("CommandLine", "TCP port to listen on; 0 picks a free one (default %1).")
            .arg(defaults.port),
        QStringLiteral("port"));
    const QCommandLineOption bind({QStringLiteral("b"), QStringLiteral("bind")},
        QCoreApplication::translate("CommandLine", "Address to listen on; 0.0.0.0 shares on the LAN (default %1).")
            .arg(defaults.bindAddress.toString()),
        QStringLiteral("address"));
    const QCommandLineOption allowOrigin(QStringLiteral("allow-origin"),
        QCoreApplication::translate("CommandLine",
            "Also accept browser pages from this origin, e.g. http://example.com:3000, or * for any (repeatable)."),
        QStringLiteral("origin"));
    const QCommandLineOption pingInterval(QStringLiteral("ping-interval"),
        QCoreApplication::translate("CommandLine", "Seconds between heartbeat pings; 0 turns them off (default %1).")
            .arg(std::chrono::duration<double>(defaults.pingInterval).count()),
        QStringLiteral("seconds"));
    const QCommandLineOption maxMessage(QStringLiteral("max-message"),
        QCoreApplication::translate("CommandLine",
            "Largest message accepted, in bytes (default %1 on /chat, %2 on /echo); larger ones close with 1009.")
            .arg(defaults.maxChatMessage)
            .arg(defaults.maxEchoMessage),
        QStringLiteral("bytes"));
    const QCommandLineOption maxClients(QStringLiteral("max-clients"),
        QCoreApplication::translate("CommandLine", "Most WebSocket connections at once; more get 503 (default %1).")
            .arg(defaults.maxClients),
        QStringLiteral("count"));
    const QCommandLineOption capture(QStringLiteral("capture"),
        QCoreApplication::translate("CommandLine",
            "Write every handshake, frame and HTTP exchange to this capture file (JSON Lines) as it happens."),
        QStringLiteral("file"));
    const QCommandLineOption noTap(QStringLiteral("no-tap"),
        QCoreApplication::translate("CommandLine",
            "Hand upgrades to QtWebSockets directly: faster, but no frames are recorded and the protocol guard is "
            "off."));
    parser.addOptions({port, bind, allowOrigin, pingInterval, maxMessage, maxClients, capture, noTap});

    ServerCommand command;
    const auto fail = [&command](const QString &why) {
        command.action = ServerCommand::Action::Fail;
        command.text = why;
        return command;
    };
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(helpOption)) {
        command.action = ServerCommand::Action::ShowHelp;
        command.text = parser.helpText();
        return command;
    }
    if (parser.isSet(versionOption)) {
        command.action = ServerCommand::Action::ShowVersion;
        command.text = QCoreApplication::applicationName() % u' ' % QCoreApplication::applicationVersion();
        return command;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));

    // One line that names the option, repeats the bad value and says what would have been accepted.
    const auto invalid = [&](const QCommandLineOption &option, const QString &value, const QString &expected) {
        return fail(QStringLiteral("invalid --%1 '%2': expected %3").arg(option.names().constLast(), value, expected));
    };
    ServerConfig &config = command.config;
    bool ok = true;
    if (parser.isSet(port)) {
        const uint value = parser.value(port).toUInt(&ok);
        if (!ok || value > 65535)
            return invalid(port, parser.value(port), QStringLiteral("0 to 65535"));
        config.port = quint16(value);
    }
    if (parser.isSet(bind)) {
        const QHostAddress address(parser.value(bind));
        if (address.isNull())
            return invalid(bind, parser.value(bind), QStringLiteral("an IP address such as 127.0.0.1 or 0.0.0.0"));
        config.bindAddress = address;
    }
    for (const QString &origin : parser.values(allowOrigin)) {
        const auto normalized = normalizedOrigin(origin);
        if (!normalized)
            return invalid(allowOrigin, origin, QStringLiteral("* or scheme://host[:port]"));
        config.allowedOrigins.append(*normalized);
    }
    if (parser.isSet(pingInterval)) {
        const double seconds = parser.value(pingInterval).toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > maxPingIntervalSeconds)
            return invalid(pingInterval, parser.value(pingInterval),
                QStringLiteral("seconds from 0 to %1").arg(maxPingIntervalSeconds));
        config.pingInterval = std::chrono::milliseconds(std::llround(seconds * 1000));
    }
    if (parser.isSet(maxMessage)) {
        const qint64 bytes = parser.value(maxMessage).toLongLong(&ok);
        if (!ok || bytes < 1 || bytes > maxMessageLimit)
            return invalid(
                maxMessage, parser.value(maxMessage), QStringLiteral("bytes from 1 to %1").arg(maxMessageLimit));
        config.maxChatMessage = config.maxEchoMessage = bytes;
    }
    if (parser.isSet(maxClients)) {
        const int count = parser.value(maxClients).toInt(&ok);
        if (!ok || count < 1)
            return invalid(maxClients, parser.value(maxClients), QStringLiteral("a positive number"));
        config.maxClients = count;
    }
    if (parser.isSet(capture)) {
        if (parser.value(capture).isEmpty())
            return invalid(capture, parser.value(capture), QStringLiteral("a file name"));
        command.captureFile = parser.value(capture);
    }
    config.tap = !parser.isSet(noTap);
    return command;
}

} // namespace Duplex
