// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/composervariables.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

#include "ui/typedlines.h"

using namespace Qt::StringLiterals;

namespace Duplex::ComposerVariables {

const QList<std::pair<QString, QString>> &described()
{
    static const QList<std::pair<QString, QString>> variables {
        {u"{{$timestamp}}"_s, QCoreApplication::translate("ComposerVariables", "seconds since 1970")},
        {u"{{$isoTimestamp}}"_s, QCoreApplication::translate("ComposerVariables", "the time in ISO 8601, UTC")},
        {u"{{$randomInt}}"_s, QCoreApplication::translate("ComposerVariables", "a number from 0 to 1000")},
        {u"{{$guid}}"_s, QCoreApplication::translate("ComposerVariables", "a random UUID")},
        {u"{{$counter}}"_s, QCoreApplication::translate("ComposerVariables", "1 for the first message sent, then 2…")},
    };
    return variables;
}

namespace {

const QString nameCharacters = uR"([A-Za-z0-9_.-]+)"_s;

} // namespace

Definitions define(const QString &typed)
{
    static const QRegularExpression name(u"^"_s + nameCharacters + u"$"_s);
    Definitions definitions;
    definitions.problems = TypedLines::readPairs(
        typed, u"="_s, u"name = value"_s, [&definitions](const TypedLines::Pair &pair) -> std::optional<QString> {
            if (!name.match(pair.left).hasMatch())
                return QCoreApplication::translate(
                    "ComposerVariables", "\"%1\" is not a name: use letters, digits, _, - and . (no $, no spaces)")
                    .arg(pair.left);
            definitions.values.insert(pair.left, pair.right);
            return std::nullopt;
        });
    return definitions;
}

QString expand(const QString &text, const QDateTime &now, quint64 counter, const QHash<QString, QString> &defined)
{
    static const QRegularExpression variable(
        uR"(\{\{(?:\$(timestamp|isoTimestamp|randomInt|guid|counter)|()"_s + nameCharacters + uR"())\}\})"_s);
    QString expanded;
    qsizetype from = 0;
    for (const QRegularExpressionMatch &match : variable.globalMatch(text)) {
        expanded += QStringView(text).sliced(from, match.capturedStart() - from);
        const QStringView name = match.capturedView(1);
        if (const QString own = match.captured(2); !own.isEmpty())
            expanded += defined.value(own, match.captured()); // an unknown name stays as typed
        else if (name == u"timestamp")
            expanded += QString::number(now.toSecsSinceEpoch());
        else if (name == u"isoTimestamp")
            expanded += now.toUTC().toString(Qt::ISODateWithMs);
        else if (name == u"randomInt")
            expanded += QString::number(QRandomGenerator::global()->bounded(1001));
        else if (name == u"guid")
            expanded += QUuid::createUuid().toString(QUuid::WithoutBraces);
        else
            expanded += QString::number(counter);
        from = match.capturedEnd();
    }
    return expanded + QStringView(text).sliced(from);
}

} // namespace Duplex::ComposerVariables
