// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <algorithm>

// The words a monitor shows of an app's messages, alike whichever protocol it reads (JSON-RPC, STOMP, SignalR).
namespace Duplex::MessageWords {

constexpr qsizetype longestText = 120; // characters of an app's own text shown: a method, a header, an error
constexpr qsizetype itemsNamed = 3;    // of a batch or of several records

// text, cut past longestText with an ellipsis.
QString shortened(const QString &text);
QString andMore(qsizetype more); // "and 4 more"

// "a, b, c, and 4 more": the words of the first itemsNamed items, and how many more there are.
template <typename Item, typename Words> QString listed(const QList<Item> &items, Words words)
{
    QStringList named;
    for (const Item &item : items.first(std::min(items.size(), itemsNamed)))
        named << words(item);
    if (items.size() > named.size())
        named << andMore(items.size() - named.size());
    return named.join(u", ");
}

} // namespace Duplex::MessageWords
