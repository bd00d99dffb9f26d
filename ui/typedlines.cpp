// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/typedlines.h"

#include <QCoreApplication>

namespace Duplex::TypedLines {

QStringList readPairs(const QString &typed, const QString &separator, const QString &form,
    const std::function<std::optional<QString>(const Pair &)> &take)
{
    QStringList problems;
    const QStringList lines = typed.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const qsizetype at = line.indexOf(separator);
        const std::optional<QString> problem = at < 0
            ? QCoreApplication::translate("TypedLines", "\"%1\" is not \"%2\"").arg(line, form)
            : take({line, line.left(at).trimmed(), line.mid(at + separator.size()).trimmed()});
        if (problem)
            problems << QCoreApplication::translate("TypedLines", "line %1: %2").arg(i + 1).arg(*problem);
    }
    return problems;
}

} // namespace Duplex::TypedLines
