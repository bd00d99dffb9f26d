// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <algorithm>
#include <deque>

namespace Duplex {

// Bounds the payload bytes a queue of items holds, oldest first: past the budget, the oldest items lose their
// payloads (they stay, with their lengths, marked as dropped) so that the newest stay whole. Whoever holds records
// keeps one (the mirror log, the network thread's queue, the frames table). The queue stays the holder's; it tells
// the budget what it added and removes from the front through it. An item type provides, found by ADL:
//   qint64 heldPayloadBytes(const Item &)  // 0 once dropped
//   void dropPayload(Item &)
class PayloadBudget
{
public:
    static constexpr qint64 defaultBytes = qint64(256) << 20;
    // The limits a person may choose, in the window and on the command line.
    static constexpr qint64 minLimit = qint64(16) << 20;
    static constexpr qint64 maxLimit = qint64(64) << 30;

    explicit PayloadBudget(qint64 bytes = defaultBytes)
        : m_limit(bytes)
    { }

    qint64 limit() const { return m_limit; }
    qint64 held() const { return m_held; }
    qsizetype droppedPayloads() const { return m_dropped; }
    // The items before this index hold no payload.
    qsizetype oldestHeld() const { return qsizetype(m_oldestHeld); }

    template <typename Item> void setLimit(std::deque<Item> &items, qint64 bytes)
    {
        m_limit = bytes;
        enforce(items);
    }
    // After items.push_back().
    template <typename Item> void pushedBack(std::deque<Item> &items)
    {
        m_held += heldPayloadBytes(items.back());
        enforce(items);
    }
    // After count items were inserted at the front (older than the rest).
    template <typename Item> void pushedFront(std::deque<Item> &items, qsizetype count)
    {
        for (qsizetype i = 0; i < count; ++i)
            m_held += heldPayloadBytes(items[size_t(i)]);
        m_oldestHeld = 0;
        enforce(items);
    }
    // Removes the oldest count items.
    template <typename Item> void eraseFront(std::deque<Item> &items, qsizetype count)
    {
        for (qsizetype i = 0; i < count; ++i)
            m_held -= heldPayloadBytes(items[size_t(i)]);
        items.erase(items.begin(), items.begin() + count);
        m_oldestHeld -= std::min(m_oldestHeld, size_t(count));
    }
    void clear()
    {
        m_held = 0;
        m_oldestHeld = 0;
        m_dropped = 0;
    }

private:
    template <typename Item> void enforce(std::deque<Item> &items)
    {
        while (m_held > m_limit && m_oldestHeld < items.size()) {
            Item &item = items[m_oldestHeld++];
            if (const qint64 bytes = heldPayloadBytes(item)) {
                m_held -= bytes;
                dropPayload(item);
                ++m_dropped;
            }
        }
    }

    qint64 m_limit;
    qint64 m_held = 0;
    size_t m_oldestHeld = 0;
    qsizetype m_dropped = 0;
};

} // namespace Duplex
