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

Replay::Replay(ClientSession &session, QList<RecordedMessage> messages, ReplayPacer::Pacing pacing,
    std::chrono::milliseconds replyWait, QObject *parent)
    : QObject(parent)
    , m_session(&session)
    , m_pacer(std::move(messages), pacing, replyWait)
{
    connect(&m_pacer, &ReplayPacer::due, this, &Replay::send);
    connect(&m_pacer, &ReplayPacer::note, this, &Replay::note);
    connect(&m_pacer, &ReplayPacer::allSent, this, [this] {
        finish(total() == 1 ? tr("the message sent") : tr("all %1 sent").arg(ReplayPacer::messageCount(total())));
    });
    connect(&session, &ClientSession::stateChanged, this, &Replay::onStateChanged);
    connect(&session, &ClientSession::textReceived, &m_pacer, &ReplayPacer::otherSideSpoke);
    connect(&session, &ClientSession::binaryReceived, &m_pacer, &ReplayPacer::otherSideSpoke);
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
        finish(tr("stopped after %1").arg(sentOfTotal()));
}

void Replay::onStateChanged(ClientSession::State state)
{
    if (m_stage == Stage::AwaitingOpen && state == ClientSession::State::Open) {
        m_stage = Stage::Sending;
        m_pacer.start();
    } else if (m_stage == Stage::AwaitingOpen && state != ClientSession::State::Connecting) {
        finish(tr("the connection did not open, so nothing was sent"));
    } else if (m_stage == Stage::Sending && state != ClientSession::State::Open) {
        finish(tr("the connection ended after %1").arg(sentOfTotal()));
    }
}

void Replay::send(const RecordedMessage &message)
{
    QString error;
    const bool sent = message.text ? m_session->sendText(QString::fromUtf8(message.payload), &error)
                                   : m_session->sendBinary(message.payload, &error);
    if (!sent)
        return finish(tr("message %1 could not be sent: %2").arg(m_pacer.sent()).arg(error));
    Q_EMIT messageSent(m_pacer.sent(), total());
}

QString Replay::sentOfTotal() const
{
    return tr("%1 of %2").arg(m_pacer.sent()).arg(ReplayPacer::messageCount(total()));
}

void Replay::finish(const QString &outcome)
{
    m_stage = Stage::Ended;
    m_pacer.stop();
    if (m_session)
        m_session->disconnect(this);
    Q_EMIT finished(outcome);
}

} // namespace Duplex
