// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <optional>

#include "wire/websocketframe.h"

namespace Duplex {

// Gathers the frames of a fragmented message into the message: the server delivers client messages whole, and the
// client tap sends each server message on as one frame, since QtWebSockets 6.4.2 refuses valid UTF-8 split across
// fragments. Control frames, which may come between fragments, pass at once.
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
