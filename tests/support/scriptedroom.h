// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "room/roomhost.h"

namespace Duplex::Test {

// A room whose members a test sets: what follows it sees only the RoomHost interface.
class ScriptedRoom final : public RoomHost
{
public:
    bool start(const ServerConfig &) override
    {
        setState(State::Running);
        return true;
    }
    void stop() override { setState(State::Stopped); }
    void kick(const QString &nick, const QString &) override { removeMember(nick); }
    void setPingInterval(std::chrono::milliseconds) override { }
    void setReplay(const QList<RecordedMessage> &messages, ReplayPacer::Pacing pacing) override
    {
        replayed = messages;
        replayedPacing = pacing;
    }
    // Running, listening where a server would: at port, reached at urls.
    void listen(quint16 port, const QList<QUrl> &urls)
    {
        setListening(port, urls);
        setState(State::Running);
    }
    QList<RecordedMessage> replayed;
    ReplayPacer::Pacing replayedPacing = ReplayPacer::Pacing::Replies;
    using RoomHost::addMember;
    using RoomHost::renameMember;
};

} // namespace Duplex::Test
