// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/autoreplies.h"

#include <QCoreApplication>

#include "ui/typedlines.h"

using namespace Qt::StringLiterals;

namespace Duplex::AutoReplies {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Duplex::AutoReplies", text);
}

} // namespace

Rules define(const QString &typed)
{
    Rules defined;
    defined.problems = TypedLines::readPairs(
        typed, u"=>"_s, u"message => reply"_s, [&defined](const TypedLines::Pair &pair) -> std::optional<QString> {
            if (pair.left.isEmpty())
                return tr("\"%1\" is not \"message => reply\"").arg(pair.line);
            const bool regex = pair.left.size() > 2 && pair.left.startsWith(u'/') && pair.left.endsWith(u'/');
            QRegularExpression match(regex
                    ? pair.left.sliced(1, pair.left.size() - 2)
                    : QRegularExpression::anchoredPattern(QRegularExpression::escape(pair.left)));
            if (!match.isValid())
                return tr("%1 is not a regular expression: %2").arg(pair.left, match.errorString());
            match.optimize();
            defined.rules.append({match, pair.right});
            return std::nullopt;
        });
    return defined;
}

std::optional<QString> replyTo(const QList<Rule> &rules, const QString &text)
{
    for (const Rule &rule : rules) {
        const QRegularExpressionMatch found = rule.match.match(text);
        if (!found.hasMatch())
            continue;
        // In one pass, so that a group's own text is never read for \N again.
        QString reply;
        for (qsizetype i = 0; i < rule.reply.size(); ++i) {
            const QChar next = i + 1 < rule.reply.size() ? rule.reply[i + 1] : QChar();
            if (rule.reply[i] == u'\\' && next >= u'1' && next <= u'9') {
                reply += found.captured(next.digitValue());
                ++i;
            } else {
                reply += rule.reply[i];
            }
        }
        return reply;
    }
    return std::nullopt;
}

} // namespace Duplex::AutoReplies
