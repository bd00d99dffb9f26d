// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/replayscripts.h"

#include <algorithm>

#include "models/connectionlistmodel.h"
#include "models/framelogmodel.h"

namespace Duplex::ReplayScripts {

std::optional<ReplayScript> of(const FrameLogModel &frames, const ConnectionInfo &connection, QString *error)
{
    const quint16 peerPort = connection.peer.section(u':', -1).toUShort();
    std::optional<ClientSession::Request> request = ReplayScript::requestOf(connection.request, peerPort, error);
    if (!request)
        return std::nullopt;
    ReplayScript script {*request, {}, 0};
    qint64 lastUs = connection.firstSeenUs;
    int replies = 0;
    for (int row = 0; row < frames.rowCount(); ++row) {
        const Frame &frame = frames.frameAt(row);
        if (frames.connectionAt(row) != connection.id || frames.carrierAt(row) != FrameLogModel::Carrier::WebSocket
            || frames.violationAt(row) || Opcode::isControl(frame.opcode) || !frame.fin)
            continue; // a whole message counts once, at its last fragment
        if (frame.direction == Direction::ServerToClient) {
            ++replies;
            continue;
        }
        const QList<int> fragments = frames.messageRows(row);
        const qint64 sentUs = frames.timeUsAt(fragments.constFirst());
        const bool whole = frames.frameAt(fragments.constFirst()).opcode != Opcode::continuation
            && std::none_of(
                fragments.cbegin(), fragments.cend(), [&frames](int r) { return frames.isPayloadDropped(r); });
        if (whole)
            script.messages.append({frames.messageData(row), frames.isTextMessage(row), sentUs - lastUs, replies});
        else
            ++script.lost;
        lastUs = sentUs;
        replies = 0;
    }
    return script;
}

} // namespace Duplex::ReplayScripts
