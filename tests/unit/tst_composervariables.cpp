// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The composer's variables: each filled in where it stands, anything else left as typed.
#include <QRegularExpression>

#include "ui/composervariables.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

class tst_ComposerVariables : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachIsFilledInWhereItStands()
    {
        const QDateTime now = QDateTime::fromString(u"2026-12-06T10:00:00.250+01:00"_s, Qt::ISODateWithMs);
        const QString sent = ComposerVariables::expand(
            u"{\"at\":{{$timestamp}},\"iso\":\"{{$isoTimestamp}}\",\"n\":{{$counter}},\"id\":\"{{$guid}}\","
            "\"r\":{{$randomInt}},\"again\":{{$counter}}}"_s,
            now, 7);
        const QRegularExpression expected(uR"(^\{"at":1796547600,"iso":"2026-12-06T09:00:00\.250Z","n":7,)"
                                          uR"("id":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}",)"
                                          uR"("r":(\d+),"again":7\}$)"_s);
        const QRegularExpressionMatch match = expected.match(sent);
        QVERIFY2(match.hasMatch(), qPrintable(sent));
        QVERIFY(match.captured(1).toInt() <= 1000);
    }

    void anythingElseStaysAsTyped()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const QString &text : {u"{{token}}"_s, u"{{$Timestamp}}"_s, u"{{$timestamp}"_s, u"{{ $guid }}"_s,
                 u"$timestamp"_s, QString(), u"é {{}}"_s})
            QCOMPARE(ComposerVariables::expand(text, now, 1), text);
    }

    void aGuidAndARandomNumberAreFreshEachTime()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QSet<QString> guids;
        QSet<QString> numbers;
        for (int i = 0; i < 50; ++i) {
            guids.insert(ComposerVariables::expand(u"{{$guid}}"_s, now, 1));
            numbers.insert(ComposerVariables::expand(u"{{$randomInt}}"_s, now, 1));
        }
        QCOMPARE(guids.size(), 50);
        QVERIFY(numbers.size() > 10);
    }

    // The person's own: defined one a line, filled in where used; a value is not expanded again; what is not a
    // definition is named by its line, and an unknown name stays as typed.
    void ownVariablesAreDefinedAndFilledIn()
    {
        const ComposerVariables::Definitions definitions = ComposerVariables::define(
            u"# the service\ntoken = abc=123 \n\n  host.name=127.0.0.1:9\nloop = {{token}}\nempty ="_s);
        QVERIFY2(definitions.problems.isEmpty(), qPrintable(definitions.problems.join(u'\n')));
        QCOMPARE(definitions.values.size(), 4);
        QCOMPARE(definitions.values.value(u"token"_s), u"abc=123"); // the first = divides
        QCOMPARE(definitions.values.value(u"empty"_s), QString());
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1'780'000'000, Qt::UTC);
        QCOMPARE(ComposerVariables::expand(
                     u"ws://{{host.name}}/chat?t={{token}}&n={{$counter}}&x={{nope}}"_s, now, 7, definitions.values),
            u"ws://127.0.0.1:9/chat?t=abc=123&n=7&x={{nope}}"_s);
        QCOMPARE(ComposerVariables::expand(u"{{loop}}"_s, now, 1, definitions.values), u"{{token}}"_s);

        const QStringList problems
            = ComposerVariables::define(u"ok = 1\njust words\n$timestamp = 5\nmy token = x"_s).problems;
        QCOMPARE(problems.size(), 3);
        QVERIFY2(problems[0].startsWith(u"line 2: \"just words\""_s), qPrintable(problems[0]));
        QVERIFY2(problems[1].startsWith(u"line 3: \"$timestamp\" is not a name"_s), qPrintable(problems[1]));
        QVERIFY2(problems[2].startsWith(u"line 4: \"my token\" is not a name"_s), qPrintable(problems[2]));
    }

    void everyVariableIsDescribed()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const auto &[variable, meaning] : ComposerVariables::described()) {
            QVERIFY(!meaning.isEmpty());
            QVERIFY2(ComposerVariables::expand(variable, now, 1) != variable, qPrintable(variable));
        }
    }
};

QTEST_GUILESS_MAIN(tst_ComposerVariables)
#include "tst_composervariables.moc"
