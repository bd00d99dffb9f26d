// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace Duplex {

bool installTranslations(const QLocale &locale)
{
    auto *duplex = new QTranslator(QCoreApplication::instance());
    if (!duplex->load(locale, u"duplex"_s, u"_"_s, u":/i18n"_s)) {
        delete duplex;
        return false;
    }
    QCoreApplication::installTranslator(duplex);
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}

} // namespace Duplex
