// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <optional>

#include "wire/websocketframe.h"

namespace Duplex {

// Gathers the frames of a fragmented message into the message, which a native connection delivers whole in either
// role. Control frames, which may come between fragments, pass at once.
class MessageAssembler
{
public:
    struct Message
    {
        quint8 opcode = Opcode::text;
        QByteArray data; // inflated, where the frames were compressed
    };

    // The message or control frame that frame completes, if any.
    std::optional<Message> add(const Frame &frame);

private:
    quint8 m_opcode = 0; // of the fragmented message being gathered
    QByteArray m_data;
};

} // namespace Duplex
