// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

// What a monitor can tell of a STOMP app's WebSocket traffic (Spring's message broker, RabbitMQ Web STOMP,
// ActiveMQ): the STOMP 1.2 frame a text message holds (stomp.github.io/stomp-specification-1.2.html):
// a command line, header lines, an empty line, the body and a NUL.
namespace Duplex::Stomp {

struct Frame
{
    QString command;                            // "SEND", "MESSAGE", "SUBSCRIBE", "CONNECTED", "ERROR", …
    QList<std::pair<QString, QString>> headers; // in order, unescaped; a repeated header's first is the one in force
    QByteArray body;

    QString header(const QString &name) const; // the first of that name; empty when there is none
};

// Nothing unless text is one STOMP frame exactly: a command of the specification's, headers as "name:value" lines,
// the body up to its NUL (or its content-length), and after the NUL only line ends.
std::optional<Frame> decode(const QByteArray &text);
// "STOMP SEND · destination /app/chat · 42-byte body", "STOMP ERROR “malformed frame received”".
QString describe(const Frame &frame);

} // namespace Duplex::Stomp
