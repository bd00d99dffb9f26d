// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/autoreplies.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Duplex::AutoReplies {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AutoReplies", text);
}

} // namespace

Rules define(const QString &typed)
{
    Rules defined;
    const QStringList lines = typed.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const auto problem
            = [&defined, i](const QString &why) { defined.problems << tr("line %1: %2").arg(i + 1).arg(why); };
        const qsizetype arrow = line.indexOf(u"=>"_s);
        const QString left = line.left(std::max<qsizetype>(arrow, 0)).trimmed();
        if (arrow < 0 || left.isEmpty()) {
            problem(tr("\"%1\" is not \"message => reply\"").arg(line));
            continue;
        }
        const bool regex = left.size() > 2 && left.startsWith(u'/') && left.endsWith(u'/');
        QRegularExpression match(regex ? left.sliced(1, left.size() - 2)
                                       : QRegularExpression::anchoredPattern(QRegularExpression::escape(left)));
        if (!match.isValid()) {
            problem(tr("%1 is not a regular expression: %2").arg(left, match.errorString()));
            continue;
        }
        match.optimize();
        defined.rules.append({match, line.mid(arrow + 2).trimmed()});
    }
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
