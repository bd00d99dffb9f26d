// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "room/roomannouncement.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Duplex::RoomAnnouncement {

namespace {

const QString kind = QStringLiteral("duplex-room");

bool isPrintable(const QString &text)
{
    const QList<uint> codePoints = text.toUcs4(); // a lone surrogate becomes U+FFFD, which is printable: refused here
    return !text.contains(QChar::ReplacementCharacter)
        && std::all_of(codePoints.cbegin(), codePoints.cend(), [](uint c) { return QChar::isPrint(char32_t(c)); });
}

// At most maxNameLength UTF-16 units, never half a character.
QString shortened(const QString &name)
{
    QString cut = name.left(maxNameLength);
    if (!cut.isEmpty() && cut.back().isHighSurrogate())
        cut.chop(1);
    return cut;
}

bool canAnnounce(const QNetworkInterface &interface)
{
    const auto flags = interface.flags();
    return flags.testFlag(QNetworkInterface::IsUp) && flags.testFlag(QNetworkInterface::IsRunning)
        && flags.testFlag(QNetworkInterface::CanMulticast);
}

} // namespace

QByteArray encode(const Room &room)
{
    return QJsonDocument(QJsonObject {{QStringLiteral("type"), kind}, {QStringLiteral("version"), 1},
                             {QStringLiteral("name"), shortened(room.name)}, {QStringLiteral("port"), room.port},
                             {QStringLiteral("password"), room.password}})
        .toJson(QJsonDocument::Compact);
}

std::optional<Room> decode(QByteArrayView datagram)
{
    if (datagram.size() > maxBytes)
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(datagram.toByteArray()).object();
    const QJsonValue name = object.value(QStringLiteral("name"));
    const QJsonValue port = object.value(QStringLiteral("port"));
    const QJsonValue password = object.value(QStringLiteral("password"));
    // A later version may say more; what this one needs must be there as it says.
    if (object.value(QStringLiteral("type")) != kind || object.value(QStringLiteral("version")).toInt() < 1
        || !name.isString() || name.toString().isEmpty() || name.toString().size() > maxNameLength
        || !isPrintable(name.toString()) || !port.isDouble() || port.toDouble() != double(port.toInt())
        || port.toInt() < 1 || port.toInt() > 65535 || !password.isBool())
        return std::nullopt;
    return Room {name.toString(), quint16(port.toInt()), password.toBool()};
}

QList<QNetworkInterface> interfacesFor(const QHostAddress &bound)
{
    QList<QNetworkInterface> chosen;
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces()) {
        if (!canAnnounce(interface))
            continue;
        const QList<QNetworkAddressEntry> entries = interface.addressEntries();
        const bool carriesBound = std::any_of(entries.cbegin(), entries.cend(),
            [&bound](const QNetworkAddressEntry &entry) { return entry.ip() == bound; });
        const bool loopback = interface.flags().testFlag(QNetworkInterface::IsLoopBack);
        if (bound == QHostAddress::Any || bound == QHostAddress::AnyIPv4 ? !loopback : carriesBound)
            chosen.append(interface);
    }
    return chosen;
}

} // namespace Duplex::RoomAnnouncement
