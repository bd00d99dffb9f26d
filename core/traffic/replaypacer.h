// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace Duplex {

// A text or binary message one side sent on a recorded connection, with when and after how many of the other
// side's messages it was sent.
struct RecordedMessage
{
    QByteArray payload;
    bool text = true;
    qint64 gapUs = 0;      // after the previous message (the first: after the connection opened)
    int repliesBefore = 0; // the other side's messages that came between the previous one and this
};

// When one side's recorded messages are due again on a live connection, paced as the person chose: each once as
// many of the other side's messages have come since the previous one as came when recorded (or after replyWait,
// whichever is first), or with the recorded gaps, or one after another. The client's replay and the room's
// /replay both say their side's messages as it tells them.
class ReplayPacer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplayPacer)

public:
    enum class Pacing : quint8 { Replies, Timing, Immediate };
    Q_ENUM(Pacing)
    static constexpr std::chrono::milliseconds defaultReplyWait {10'000};

    ReplayPacer(QList<RecordedMessage> messages, Pacing pacing, std::chrono::milliseconds replyWait = defaultReplyWait,
        QObject *parent = nullptr);

    void start(); // the connection is open: the first message is due as its pacing says
    void otherSideSpoke();
    void stop(); // nothing more is due

    qsizetype sent() const { return m_sent; }
    qsizetype total() const { return m_messages.size(); }
    static QString messageCount(qsizetype count); // "1 message", "12 messages"

Q_SIGNALS:
    // Say message now. Always on a pass of the event loop of its own: a long script of messages that wait for
    // nothing is not said in one deep recursion, the thread unanswered.
    void due(const Duplex::RecordedMessage &message);
    void note(const QString &line); // a reply that did not come in time, in words
    void allSent();

private:
    void scheduleNext();
    void sayNext();

    QList<RecordedMessage> m_messages;
    Pacing m_pacing;
    std::chrono::milliseconds m_replyWait;
    qsizetype m_sent = 0;
    int m_repliesSinceSent = 0; // the other side's messages since the last one said (or since the start)
    bool m_running = false;
    QTimer m_timer; // the recorded gap, or how long the replies are waited for
};

} // namespace Duplex
