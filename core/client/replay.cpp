// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/replay.h"

#include "wire/httphead.h"

using namespace Qt::StringLiterals;

namespace Duplex {

std::optional<ClientSession::Request> ReplayScript::requestOf(const QByteArray &head, quint16 peerPort, QString *error)
{
    QByteArray why;
    const std::optional<HttpHead> parsed = HttpHead::parseRequest(head, &why);
    if (!parsed) {
        if (error)
            *error = u"the recorded request cannot be read: "_s + QString::fromUtf8(why);
        return std::nullopt;
    }
    QUrl url(QString::fromUtf8(parsed->target()));
    if (url.isRelative()) // the origin form, "/chat?room=1", as nearly every client sends it
        url = QUrl(u"http://"_s + QString::fromUtf8(parsed->host()) + QString::fromUtf8(parsed->target()));
    const int port = url.port(peerPort);
    url.setScheme(port == 443 ? u"wss"_s : u"ws"_s);
    if (url.port() == 443)
        url.setPort(-1);

    ClientSession::Request request;
    request.url = url;
    const QByteArray protocols = parsed->value("Sec-WebSocket-Protocol");
    for (const QByteArrayView protocol : HttpHead::splitList(protocols)) {
        if (!protocol.isEmpty())
            request.subprotocols << QString::fromUtf8(protocol);
    }
    request.origin = QString::fromUtf8(parsed->value("Origin"));
    for (const HttpHead::Field &field : parsed->fields()) {
        if (!ClientSession::writesItself(field.name))
            request.headers.append({field.name, field.value});
    }
    request.offerDeflate = parsed->has("Sec-WebSocket-Extensions");
    return request;
}

Replay::Replay(ClientSession &session, QList<ReplayScript::Message> messages, Pacing pacing,
    std::chrono::milliseconds replyWait, QObject *parent)
    : QObject(parent)
    , m_session(&session)
    , m_messages(std::move(messages))
    , m_pacing(pacing)
    , m_replyWait(replyWait)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // the recorded gaps to the millisecond
    connect(&m_timer, &QTimer::timeout, this, &Replay::sendNext);
    connect(&session, &ClientSession::stateChanged, this, &Replay::onStateChanged);
    connect(&session, &ClientSession::textReceived, this, &Replay::onReceived);
    connect(&session, &ClientSession::binaryReceived, this, &Replay::onReceived);
}

QString Replay::messageCount(qsizetype count)
{
    return count == 1 ? tr("1 message") : tr("%1 messages").arg(count);
}

void Replay::start()
{
    if (m_stage != Stage::Idle)
        return;
    m_stage = Stage::AwaitingOpen;
    onStateChanged(m_session->state());
}

void Replay::stop()
{
    if (m_stage != Stage::Ended)
        finish(tr("stopped after %1 of %2").arg(m_sent).arg(messageCount(total())));
}

void Replay::onStateChanged(ClientSession::State state)
{
    if (m_stage == Stage::AwaitingOpen && state == ClientSession::State::Open) {
        m_stage = Stage::Sending;
        scheduleNext();
    } else if (m_stage == Stage::AwaitingOpen && state != ClientSession::State::Connecting) {
        finish(tr("the connection did not open, so nothing was sent"));
    } else if (m_stage == Stage::Sending && state != ClientSession::State::Open) {
        finish(tr("the connection ended after %1 of %2").arg(m_sent).arg(messageCount(total())));
    }
}

void Replay::onReceived()
{
    ++m_repliesSinceSent;
    if (m_stage == Stage::Sending && m_pacing == Pacing::Replies && m_sent < total()
        && m_repliesSinceSent == m_messages.at(m_sent).repliesBefore)
        m_timer.start(0);
}

void Replay::scheduleNext()
{
    if (m_sent == total())
        return finish(total() == 1 ? tr("the message sent") : tr("all %1 sent").arg(messageCount(total())));
    const ReplayScript::Message &next = m_messages.at(m_sent);
    switch (m_pacing) {
    case Pacing::Replies:
        // The next pass of the event loop rather than now: a long script of messages that wait for nothing would
        // otherwise be sent in one deep recursion, the window unanswered.
        m_timer.start(m_repliesSinceSent >= next.repliesBefore ? std::chrono::milliseconds(0) : m_replyWait);
        return;
    case Pacing::Timing:
        m_timer.start(std::chrono::round<std::chrono::milliseconds>(std::chrono::microseconds(next.gapUs)));
        return;
    case Pacing::Immediate:
        m_timer.start(0);
        return;
    }
}

void Replay::sendNext()
{
    const ReplayScript::Message &next = m_messages.at(m_sent);
    if (m_pacing == Pacing::Replies && m_repliesSinceSent < next.repliesBefore) {
        Q_EMIT note(tr("Message %1 went after %2 s with %3 of the %4 replies recorded before it")
                        .arg(m_sent + 1)
                        .arg(double(m_replyWait.count()) / 1000)
                        .arg(m_repliesSinceSent)
                        .arg(next.repliesBefore));
    }
    QString error;
    const bool sent = next.text ? m_session->sendText(QString::fromUtf8(next.payload), &error)
                                : m_session->sendBinary(next.payload, &error);
    if (!sent)
        return finish(tr("message %1 could not be sent: %2").arg(m_sent + 1).arg(error));
    ++m_sent;
    m_repliesSinceSent = 0;
    Q_EMIT messageSent(m_sent, total());
    scheduleNext();
}

void Replay::finish(const QString &outcome)
{
    m_stage = Stage::Ended;
    m_timer.stop();
    if (m_session)
        m_session->disconnect(this);
    Q_EMIT finished(outcome);
}

} // namespace Duplex
