// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include "room/serverconfig.h"
#include "traffic/replaypacer.h"

namespace Duplex {

class Connection;

// /replay: plays the server's side of a recorded connection to each client that connects, from its first message,
// paced as the host chose (ReplayPacer), what the client says counting as the replies. After the last message the
// connection stays open, as a server's would, until the client closes it.
class ReplayEndpoint final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplayEndpoint)

public:
    explicit ReplayEndpoint(const ServerConfig &config, QObject *parent = nullptr);

    // What the next clients hear; those connected go on with what they started with. No messages: nothing to play.
    void setScript(const QList<RecordedMessage> &messages, ReplayPacer::Pacing pacing);
    bool isPlaying() const { return !m_messages.isEmpty(); }

    // Takes ownership; the connection is deleted when it disconnects.
    void accept(Connection *connection);

private:
    qint64 m_maxSendQueue; // a client that never reads is cut off past it
    QList<RecordedMessage> m_messages;
    ReplayPacer::Pacing m_pacing = ReplayPacer::Pacing::Replies;
};

} // namespace Duplex
