// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

// What the client fills in, as Postman's variables: the dynamic ones in a text message as it is sent (a message
// sent Every few seconds can carry a fresh time, number or id each time), and the person's own, {{token}}, in the
// URL, the headers and text messages alike.
namespace Duplex::ComposerVariables {

// The person's own variables, as typed: one "name = value" a line; blank lines and lines starting with # are
// skipped. A name has letters, digits, _, - and . only (so never $, which begins the dynamic ones).
struct Definitions
{
    QHash<QString, QString> values;
    QStringList problems; // "line 3: …", one for each line that is none of the above
};
Definitions define(const QString &typed);

// The variables, as typed, with what each becomes.
const QList<std::pair<QString, QString>> &described();

// text with each variable replaced: {{$timestamp}} (seconds since the epoch), {{$isoTimestamp}} (ISO 8601, UTC, in
// milliseconds), {{$randomInt}} (0 to 1000), {{$guid}} (a random UUID), {{$counter}} (counter, the number of this
// message) and {{name}} (its value in defined; what a value holds is not expanded again). Anything else in braces
// stays as typed.
QString expand(const QString &text, const QDateTime &now, quint64 counter, const QHash<QString, QString> &defined = {});

} // namespace Duplex::ComposerVariables
