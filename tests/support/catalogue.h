// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace Duplex::Test {

// One message of a Qt Linguist catalogue (translations/*.ts).
struct CatalogueMessage
{
    QString context;
    QString source;
    QString translation;
    bool finished = true; // lupdate marks a new source text, or one whose source changed, unfinished
    friend bool operator==(const CatalogueMessage &, const CatalogueMessage &) = default;
};

// The catalogue's messages in its order; empty when the file cannot be read or is not XML.
QList<CatalogueMessage> readCatalogue(const QString &path);

// translations/duplex_<language>.ts of the source tree.
QString cataloguePath(const QString &language);

} // namespace Duplex::Test
