// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>

// What the client answers by itself, as a mock peer would: an application's own heartbeat ({"type":"ping"} →
// {"type":"pong"}), a login challenge, a subscription's acknowledgement.
namespace Duplex::AutoReplies {

struct Rule
{
    QRegularExpression match; // the whole message, unless written as /…/
    QString reply;            // \1 … \9 are the match's groups
};

// One "message => reply" a line; /…/ on the left is a regular expression found anywhere in the message. Blank lines
// and lines starting with # are skipped.
struct Rules
{
    QList<Rule> rules;
    QStringList problems; // "line 2: …", for each line that is none of the above
};
Rules define(const QString &typed);

// The reply of the first rule that matches text; nothing when none does.
std::optional<QString> replyTo(const QList<Rule> &rules, const QString &text);

} // namespace Duplex::AutoReplies
