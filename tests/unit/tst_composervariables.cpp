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
