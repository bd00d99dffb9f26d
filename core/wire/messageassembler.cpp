// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/messageassembler.h"

namespace Duplex {

std::optional<MessageAssembler::Message> MessageAssembler::add(const Frame &frame)
{
    if (Opcode::isControl(frame.opcode) || (frame.fin && frame.opcode != Opcode::continuation))
        return Message {frame.opcode, frame.data()};
    if (frame.opcode != Opcode::continuation)
        m_opcode = frame.opcode;
    m_data += frame.data();
    if (!frame.fin)
        return std::nullopt;
    return Message {std::exchange(m_opcode, 0), std::exchange(m_data, {})};
}

} // namespace Duplex
