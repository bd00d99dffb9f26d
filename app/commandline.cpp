// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>
#include <tuple>

#include "room/roomannouncement.h"
#include "traffic/payloadbudget.h"

namespace Duplex {

namespace {

constexpr double maxPingIntervalSeconds = 3600;
constexpr int maxPasswordBytes = 1024;              // a password travels in the request's head, bounded at 8 KiB a line
constexpr double maxPollHoldSeconds = 300;          // past what proxies and browsers wait for an answer
constexpr double maxChatRate = 1e6;                 // messages per second a member may send
constexpr qint64 maxMessageLimit = qint64(1) << 30; // bytes; QtWebSockets holds a whole message in memory
constexpr qint64 maxRoomMemoryMiB = 64 << 10;
constexpr int maxBroadcastBatchMs = 1000;

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

// The help as Qt writes it, with the program's name where Qt puts a placeholder or the path it was started by.
QString helpNaming(const QCommandLineParser &parser, const QStringList &arguments)
{
    const QString name = arguments.isEmpty() ? QString() : QFileInfo(arguments.first()).fileName();
    return parser.helpText().replace(
        QRegularExpression(QStringLiteral("^Usage: \\S+")), QStringLiteral("Usage: ") + name);
}

// Help, version, a parse error or stray arguments end the command here: true when one did.
template <typename Command>
bool handledAlone(QCommandLineParser &parser, const QStringList &arguments, Command &command)
{
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    command.action = Command::Action::Fail;
    if (!parser.parse(arguments))
        command.text = parser.errorText();
    else if (parser.isSet(helpOption))
        std::tie(command.action, command.text) = std::pair(Command::Action::ShowHelp, helpNaming(parser, arguments));
    else if (parser.isSet(versionOption))
        std::tie(command.action, command.text) = std::pair(Command::Action::ShowVersion,
            QCoreApplication::applicationName() % u' ' % QCoreApplication::applicationVersion());
    else if (!parser.positionalArguments().isEmpty())
        command.text = QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst());
    else
        command.action = Command::Action::Run;
    return command.action != Command::Action::Run;
}

// Fails command with one line that names the option, repeats the bad value and says what would have been accepted.
template <typename Command>
Command invalidValue(Command &command, const QCommandLineOption &option, const QString &value, const QString &expected)
{
    command.action = Command::Action::Fail;
    command.text = QStringLiteral("invalid --%1 '%2': expected %3").arg(option.names().constLast(), value, expected);
    return command;
}

std::optional<quint16> portFrom(const QString &text)
{
    bool ok = false;
    const uint value = text.toUInt(&ok);
    return ok && value <= 65535 ? std::optional(quint16(value)) : std::nullopt;
}

QCommandLineOption portOption(quint16 defaultPort)
{
    return QCommandLineOption({QStringLiteral("p"), QStringLiteral("port")},
        QCoreApplication::translate("CommandLine", "TCP port to listen on; 0 picks a free one (default %1).")
            .arg(defaultPort),
        QStringLiteral("port"));
}

} // namespace

ServerCommand parseServerCommandLine(const QStringList &arguments)
{
    const ServerConfig defaults;
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("CommandLine",
        "Hosts a WebSocket echo endpoint (/echo) and a chat room (/chat) on one port; the room also speaks SSE, "
        "long polls and short polls (/chat/events, /chat/join, /chat/poll, /chat/send)."));
    const QCommandLineOption port = portOption(defaults.port);
    const QCommandLineOption bind({QStringLiteral("b"), QStringLiteral("bind")},
        QCoreApplication::translate("CommandLine", "Address to listen on; 0.0.0.0 shares on the LAN (default %1).")
            .arg(defaults.bindAddress.toString()),
        QStringLiteral("address"));
    const QCommandLineOption allowOrigin(QStringLiteral("allow-origin"),
        QCoreApplication::translate("CommandLine",
            "Also accept browser pages from this origin, e.g. http://example.com:3000, or * for any (repeatable)."),
        QStringLiteral("origin"));
    const QCommandLineOption passwordFile(QStringLiteral("password-file"),
        QCoreApplication::translate("CommandLine",
            "Members join only with the password on this file's first line, given as ?password= (default: anyone "
            "who reaches the room joins)."),
        QStringLiteral("file"));
    const QCommandLineOption announce(QStringLiteral("announce"),
        QCoreApplication::translate("CommandLine",
            "Announce the room on the networks --bind reaches (UDP multicast to %1, port %2), for Duplex there to "
            "find it.")
            .arg(RoomAnnouncement::group.toString())
            .arg(RoomAnnouncement::udpPort));
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
    const QCommandLineOption roomMemory(QStringLiteral("room-memory"),
        QCoreApplication::translate("CommandLine",
            "Most data waiting to be sent to all the room's members together, in MiB; past it, the members with the "
            "most waiting are dropped first (default %1).")
            .arg(defaults.maxRoomQueue >> 20),
        QStringLiteral("MiB"));
    const QCommandLineOption maxFile(QStringLiteral("max-file"),
        QCoreApplication::translate(
            "CommandLine", "Largest file a member may share, in MiB; 0 takes no files (default %1).")
            .arg(defaults.maxFileBytes >> 20),
        QStringLiteral("MiB"));
    const QCommandLineOption filesMemory(QStringLiteral("files-memory"),
        QCoreApplication::translate("CommandLine",
            "Memory for the files members share, in MiB: the room keeps the newest within it while it runs "
            "(default %1).")
            .arg(defaults.fileBudget >> 20),
        QStringLiteral("MiB"));
    const QCommandLineOption broadcastBatch(QStringLiteral("broadcast-batch"),
        QCoreApplication::translate("CommandLine",
            "Milliseconds a busy room gathers broadcasts to send each member together, in one write; 0 sends each "
            "at once (default %1).")
            .arg(defaults.broadcastBatch.count()),
        QStringLiteral("ms"));
    const QCommandLineOption maxClients(QStringLiteral("max-clients"),
        QCoreApplication::translate("CommandLine", "Most WebSocket connections at once; more get 503 (default %1).")
            .arg(defaults.maxClients),
        QStringLiteral("count"));
    const QCommandLineOption chatRate(QStringLiteral("chat-rate"),
        QCoreApplication::translate("CommandLine",
            "Messages a chat member may send per second, in bursts of up to 2 seconds' worth; 0 lifts the limit "
            "(default %1).")
            .arg(defaults.messagesPerSecond),
        QStringLiteral("messages"));
    const QCommandLineOption capture(QStringLiteral("capture"),
        QCoreApplication::translate("CommandLine",
            "Write every handshake, frame and HTTP exchange to this capture file (JSON Lines) as it happens."),
        QStringLiteral("file"));
    const QCommandLineOption transports(QStringLiteral("transports"),
        QCoreApplication::translate("CommandLine",
            "The transports the room offers, comma-separated: ws, sse, long-poll, poll (default all); a refused "
            "one answers 404."),
        QStringLiteral("list"));
    const QCommandLineOption pollHold(QStringLiteral("poll-hold"),
        QCoreApplication::translate("CommandLine",
            "Seconds a long poll is held when there is no news; a poller silent for twice this leaves (default %1).")
            .arg(std::chrono::duration<double>(defaults.pollHold).count()),
        QStringLiteral("seconds"));
    const QCommandLineOption maxHttpPerAddress(QStringLiteral("max-http-per-address"),
        QCoreApplication::translate("CommandLine",
            "Most plain HTTP connections (SSE streams, polls, kept-alive ones) one address may hold; more get 429 "
            "(default %1).")
            .arg(defaults.maxHttpPerAddress),
        QStringLiteral("count"));
    const QCommandLineOption historyFile(QStringLiteral("history-file"),
        QCoreApplication::translate("CommandLine",
            "Keep the room's last %1 messages to everyone in this SQLite file, created if missing, and greet with "
            "them when started again (default: in memory only).")
            .arg(defaults.historySize),
        QStringLiteral("file"));
    const QCommandLineOption noTap(QStringLiteral("no-tap"),
        QCoreApplication::translate("CommandLine",
            "Hand upgrades to QtWebSockets instead of serving them through the wire tap: no frames are recorded "
            "and the protocol guard is off."));
    parser.addOptions({port, bind, allowOrigin, passwordFile, announce, pingInterval, maxMessage, roomMemory, maxFile,
        filesMemory, broadcastBatch, maxClients, chatRate, transports, pollHold, maxHttpPerAddress, capture,
        historyFile, noTap});

    ServerCommand command;
    if (handledAlone(parser, arguments, command))
        return command;
    const auto invalid = [&command](const QCommandLineOption &option, const QString &value, const QString &expected) {
        return invalidValue(command, option, value, expected);
    };
    ServerConfig &config = command.config;
    bool ok = true;
    if (parser.isSet(port)) {
        const auto value = portFrom(parser.value(port));
        if (!value)
            return invalid(port, parser.value(port), QStringLiteral("0 to 65535"));
        config.port = *value;
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
    if (parser.isSet(passwordFile)) {
        // Read here rather than given on the command line, which every user of the machine can list.
        QFile file(parser.value(passwordFile));
        if (file.open(QIODevice::ReadOnly | QIODevice::Text))
            config.password = QString::fromUtf8(file.readLine(maxPasswordBytes + 2)).remove(u'\n');
        if (config.password.isEmpty() || config.password.toUtf8().size() > maxPasswordBytes)
            return invalid(passwordFile, parser.value(passwordFile),
                QStringLiteral("a readable file whose first line, the password, has 1 to %1 bytes")
                    .arg(maxPasswordBytes));
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
    if (parser.isSet(roomMemory)) {
        const qint64 mebibytes = parser.value(roomMemory).toLongLong(&ok);
        if (!ok || mebibytes < 1 || mebibytes > maxRoomMemoryMiB)
            return invalid(
                roomMemory, parser.value(roomMemory), QStringLiteral("MiB from 1 to %1").arg(maxRoomMemoryMiB));
        config.maxRoomQueue = mebibytes << 20;
    }
    for (const auto &[option, bytes, least] :
        {std::tuple {&maxFile, &config.maxFileBytes, 0}, {&filesMemory, &config.fileBudget, 1}}) {
        if (!parser.isSet(*option))
            continue;
        const qint64 mebibytes = parser.value(*option).toLongLong(&ok);
        if (!ok || mebibytes < least || mebibytes > maxRoomMemoryMiB)
            return invalid(
                *option, parser.value(*option), QStringLiteral("MiB from %1 to %2").arg(least).arg(maxRoomMemoryMiB));
        *bytes = mebibytes << 20;
    }
    if (config.maxFileBytes > config.fileBudget) {
        if (parser.isSet(maxFile))
            return invalid(maxFile, parser.value(maxFile),
                QStringLiteral("at most --files-memory (%1 MiB)").arg(config.fileBudget >> 20));
        config.maxFileBytes = config.fileBudget; // a small memory for files makes the largest file smaller too
    }
    if (parser.isSet(broadcastBatch)) {
        const int ms = parser.value(broadcastBatch).toInt(&ok);
        if (!ok || ms < 0 || ms > maxBroadcastBatchMs)
            return invalid(broadcastBatch, parser.value(broadcastBatch),
                QStringLiteral("milliseconds from 0 to %1").arg(maxBroadcastBatchMs));
        config.broadcastBatch = std::chrono::milliseconds(ms);
    }
    if (parser.isSet(maxClients)) {
        const int count = parser.value(maxClients).toInt(&ok);
        if (!ok || count < 1)
            return invalid(maxClients, parser.value(maxClients), QStringLiteral("a positive number"));
        config.maxClients = count;
    }
    if (parser.isSet(chatRate)) {
        const double rate = parser.value(chatRate).toDouble(&ok);
        if (!ok || !std::isfinite(rate) || rate < 0 || rate > maxChatRate)
            return invalid(chatRate, parser.value(chatRate), QStringLiteral("messages from 0 to %1").arg(maxChatRate));
        config.messagesPerSecond = rate;
        config.burst = std::max(config.burst, int(std::ceil(2 * rate)));
    }
    if (parser.isSet(transports)) {
        config.transports.clear();
        for (const QString &name : parser.value(transports).split(u',')) {
            const auto transport = ChatProtocol::transportNamed(name.trimmed());
            if (!transport)
                return invalid(transports, parser.value(transports),
                    QStringLiteral("a comma-separated list of ws, sse, long-poll and poll"));
            if (!config.transports.contains(*transport))
                config.transports.append(*transport);
        }
    }
    if (parser.isSet(pollHold)) {
        const double seconds = parser.value(pollHold).toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds < 1 || seconds > maxPollHoldSeconds)
            return invalid(
                pollHold, parser.value(pollHold), QStringLiteral("seconds from 1 to %1").arg(maxPollHoldSeconds));
        config.pollHold = std::chrono::milliseconds(std::llround(seconds * 1000));
    }
    if (parser.isSet(maxHttpPerAddress)) {
        const int count = parser.value(maxHttpPerAddress).toInt(&ok);
        if (!ok || count < 1)
            return invalid(maxHttpPerAddress, parser.value(maxHttpPerAddress), QStringLiteral("a positive number"));
        config.maxHttpPerAddress = count;
    }
    for (const auto &[option, file] :
        {std::pair {&capture, &command.captureFile}, {&historyFile, &config.historyFile}}) {
        if (!parser.isSet(*option))
            continue;
        if (parser.value(*option).isEmpty())
            return invalid(*option, parser.value(*option), QStringLiteral("a file name"));
        *file = parser.value(*option);
    }
    config.tap = !parser.isSet(noTap);
    config.announce = parser.isSet(announce);
    return command;
}

DesktopCommand parseDesktopCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("CommandLine",
        "Hosts a WebSocket chat room, talks to any WebSocket server, and shows every handshake and frame."));
    const QCommandLineOption host(QStringLiteral("host"),
        QCoreApplication::translate("CommandLine",
            "Host the room at once, on this computer only or shared on the LAN as last chosen in the window "
            "(this computer only at first)."));
    const QCommandLineOption lan(QStringLiteral("lan"),
        QCoreApplication::translate("CommandLine", "Host the room at once, shared on the LAN (all interfaces)."));
    const QCommandLineOption port = portOption(ServerConfig().port);
    const QCommandLineOption connectTo(QStringLiteral("connect"),
        QCoreApplication::translate("CommandLine",
            "Connect the client to this ws:// or wss:// URL, or read the event stream at this http:// or https:// "
            "URL."),
        QStringLiteral("url"));
    const QCommandLineOption open(QStringLiteral("open"),
        QCoreApplication::translate("CommandLine", "Open this capture file (or HTTP Archive, .har) in the monitor."),
        QStringLiteral("file"));
    const QCommandLineOption monitorMemory(QStringLiteral("monitor-memory"),
        QCoreApplication::translate("CommandLine",
            "Keep payloads whole in the monitor up to this many MiB in all (past it, the oldest are dropped first); "
            "the limit last chosen in the window when not given (256 at first)."),
        QStringLiteral("MiB"));
    parser.addOptions({host, lan, port, connectTo, open, monitorMemory});

    DesktopCommand command;
    if (handledAlone(parser, arguments, command))
        return command;
    const auto invalid = [&command](const QCommandLineOption &option, const QString &value, const QString &expected) {
        return invalidValue(command, option, value, expected);
    };
    command.host = parser.isSet(host);
    command.lan = parser.isSet(lan);
    if (parser.isSet(port)) {
        command.port = portFrom(parser.value(port));
        if (!command.port)
            return invalid(port, parser.value(port), QStringLiteral("0 to 65535"));
    }
    if (parser.isSet(connectTo)) {
        command.connectUrl = QUrl(parser.value(connectTo), QUrl::StrictMode);
        const QString scheme = command.connectUrl.scheme();
        const bool known = scheme == u"ws" || scheme == u"wss" || scheme == u"http" || scheme == u"https";
        if (!command.connectUrl.isValid() || !known || command.connectUrl.host().isEmpty())
            return invalid(connectTo, parser.value(connectTo),
                QStringLiteral("a ws://, wss://, http:// or https:// URL with a host"));
    }
    if (parser.isSet(open)) {
        if (parser.value(open).isEmpty())
            return invalid(open, parser.value(open), QStringLiteral("a file name"));
        command.openFile = parser.value(open);
    }
    if (parser.isSet(monitorMemory)) {
        bool ok = false;
        const qint64 mebibytes = parser.value(monitorMemory).toLongLong(&ok);
        if (!ok || mebibytes < PayloadBudget::minLimit >> 20 || mebibytes > PayloadBudget::maxLimit >> 20)
            return invalid(monitorMemory, parser.value(monitorMemory),
                QStringLiteral("MiB from %1 to %2")
                    .arg(PayloadBudget::minLimit >> 20)
                    .arg(PayloadBudget::maxLimit >> 20));
        command.monitorMemory = mebibytes << 20;
    }
    return command;
}

} // namespace Duplex
