// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

// What a person types as "left SEPARATOR right", one a line: the client's variables (name = value), its
// auto-replies (message => reply). Blank lines and lines starting with # are skipped.
namespace Duplex::TypedLines {

struct Pair
{
    QString line;  // trimmed
    QString left;  // before the first separator, trimmed
    QString right; // after it, trimmed
};

// Gives take() each line's pair; what take() finds wrong with it, and each line without the separator ("… is not
// form"), come back as "line 3: …".
QStringList readPairs(const QString &typed, const QString &separator, const QString &form,
    const std::function<std::optional<QString>(const Pair &)> &take);

} // namespace Duplex::TypedLines
