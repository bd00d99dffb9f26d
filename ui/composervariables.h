// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <utility>

// What the client's composer fills in when a text message is sent, as Postman's dynamic variables do: a message sent
// Every few seconds can carry a fresh time, number or id each time.
namespace Duplex::ComposerVariables {

// The variables, as typed, with what each becomes.
const QList<std::pair<QString, QString>> &described();

// text with each variable replaced: {{$timestamp}} (seconds since the epoch), {{$isoTimestamp}} (ISO 8601, UTC, in
// milliseconds), {{$randomInt}} (0 to 1000), {{$guid}} (a random UUID) and {{$counter}} (counter, the number of this
// message). Anything else in braces stays as typed.
QString expand(const QString &text, const QDateTime &now, quint64 counter);

} // namespace Duplex::ComposerVariables
