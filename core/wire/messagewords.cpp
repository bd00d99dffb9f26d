// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/messagewords.h"

#include <QCoreApplication>

namespace Duplex::MessageWords {

QString shortened(const QString &text)
{
    return text.size() <= longestText ? text : text.first(longestText) + u'…';
}

QString andMore(qsizetype more)
{
    return QCoreApplication::translate("MessageWords", "and %1 more").arg(more);
}

} // namespace Duplex::MessageWords
