// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/catalogue.h"

#include <QFile>
#include <QXmlStreamReader>

namespace Duplex::Test {

QList<CatalogueMessage> readCatalogue(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<CatalogueMessage> messages;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"message") {
            messages.append(CatalogueMessage {});
            messages.last().context = context;
        } else if (xml.name() == u"source" && !messages.isEmpty()) {
            messages.last().source = xml.readElementText();
        } else if (xml.name() == u"translation" && !messages.isEmpty()) {
            messages.last().finished = xml.attributes().value(QLatin1StringView("type")).isEmpty();
            messages.last().translation = xml.readElementText();
        }
    }
    return xml.hasError() ? QList<CatalogueMessage> {} : messages;
}

QString cataloguePath(const QString &language)
{
    return QStringLiteral(TRANSLATIONS_DIR "/duplex_") + language + QStringLiteral(".ts");
}

} // namespace Duplex::Test
