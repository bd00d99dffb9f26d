// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// What the client answers by itself: rules as typed, the first that matches, its groups in the reply.
#include "ui/autoreplies.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

class tst_AutoReplies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theFirstMatchingRuleReplies()
    {
        const AutoReplies::Rules defined = AutoReplies::define(uR"(# an application's heartbeat
{"type":"ping"} => {"type":"pong"}

/^hello (\S+) (\S+)$/ => hi \2, \1 (not \3)
/ready/ => go
ready => never: the rule above came first
a.b => dots are dots)"_s);
        QVERIFY2(defined.problems.isEmpty(), qPrintable(defined.problems.join(u'\n')));
        QCOMPARE(defined.rules.size(), 5);
        const auto reply = [&defined](const QString &text) { return AutoReplies::replyTo(defined.rules, text); };
        QCOMPARE(reply(uR"({"type":"ping"})"_s), uR"({"type":"pong"})"_s);
        QCOMPARE(reply(uR"({"type":"ping"} )"_s), std::nullopt); // the whole message, exactly
        QCOMPARE(reply(u"hello ada lovelace"_s), u"hi lovelace, ada (not )"_s);
        QCOMPARE(reply(u"hello \\2 \\1"_s), u"hi \\1, \\2 (not )"_s); // a group's text is not read again
        QCOMPARE(reply(u"are you ready?"_s), u"go"_s);
        QCOMPARE(reply(u"ready"_s), u"go"_s);
        QCOMPARE(reply(u"a.b"_s), u"dots are dots"_s);
        QCOMPARE(reply(u"axb"_s), std::nullopt);
    }

    void linesThatAreNoRulesAreNamed()
    {
        const QStringList problems = AutoReplies::define(
            u"ok => fine\nno arrow here\n => no message\n/(unclosed/ => x\n// => empty slashes are text"_s)
                                         .problems;
        QCOMPARE(problems.size(), 3);
        QVERIFY2(problems[0].startsWith(u"line 2: \"no arrow here\""_s), qPrintable(problems[0]));
        QVERIFY2(problems[1].startsWith(u"line 3: "_s), qPrintable(problems[1]));
        QVERIFY2(problems[2].startsWith(u"line 4: /(unclosed/ is not a regular expression"_s), qPrintable(problems[2]));
    }
};

QTEST_GUILESS_MAIN(tst_AutoReplies)
#include "tst_autoreplies.moc"
