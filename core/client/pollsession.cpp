// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/pollsession.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "client/httprequester.h"
#include "traffic/trafficlog.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

// What went wrong, for a person: the room's own sentence from its JSON error, or the status alone.
QString refusal(const HttpRequester::Answer &answer)
{
    if (answer.status == 0)
        return answer.error;
    QString sentence = QJsonDocument::fromJson(answer.body).object().value(u"message").toString();
    if (sentence.isEmpty() && !answer.body.startsWith('{')) // a plain-text refusal, such as the gateway's
        sentence = QString::fromUtf8(answer.body.left(200)).trimmed();
    return sentence.isEmpty() ? PollSession::tr("the room answered %1").arg(answer.status)
                              : PollSession::tr("the room answered %1: %2").arg(answer.status).arg(sentence);
}

} // namespace

PollSession::PollSession(TrafficLog &log, QObject *parent)
    : PollSession(log, log.newSessionId(), parent)
{ }

PollSession::PollSession(TrafficLog &log, quint64 session, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_id(session)
{
    m_next.setSingleShot(true);
    connect(&m_next, &QTimer::timeout, this, [this] { m_authorization.isEmpty() ? join() : poll(); });
}

PollSession::~PollSession() = default;

bool PollSession::isAwaitingAnswer() const
{
    return m_polls && m_polls->isBusy();
}

bool PollSession::open(const QUrl &room, Mode mode, std::chrono::milliseconds interval, QString *error)
{
    const QString scheme = room.scheme();
    if (!room.isValid() || room.host().isEmpty() || (scheme != u"http" && scheme != u"https")) {
        if (error)
            *error = tr("A room's HTTP address is http:// or https://, such as http://127.0.0.1:8080/chat, not \"%1\".")
                         .arg(room.toString());
        return false;
    }
    close();
    m_room = room;
    m_mode = mode;
    m_interval = interval;
    const QUrl server = room.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    m_polls = new HttpRequester(m_log, m_id, server, this);
    m_sends = new HttpRequester(m_log, m_id, server, this);
    m_backoff.reset();
    join();
    return true;
}

void PollSession::close()
{
    m_next.stop();
    // close() may come from one of their answers: they go later.
    if (m_polls) {
        m_polls->abort();
        m_polls->deleteLater();
    }
    if (HttpRequester *sends = m_sends; sends && !m_authorization.isEmpty()) {
        // The room would notice the silence only after twice its poll hold; the goodbye tells it now.
        sends->send("POST", target(u"leave"), m_authorization, {},
            [sends](const HttpRequester::Answer &) { sends->deleteLater(); });
    } else if (sends) {
        sends->abort();
        sends->deleteLater();
    }
    m_polls = m_sends = nullptr;
    m_authorization.clear();
    m_since = -1;
    setState(State::Closed);
}

bool PollSession::sendText(const QString &text, QString *error)
{
    if (m_state != State::Open) {
        if (error)
            *error = tr("Not in the room yet: nothing can be sent.");
        return false;
    }
    m_sends->send("POST", target(u"send"), m_authorization + "Content-Type: text/plain; charset=utf-8\r\n",
        text.toUtf8(), [this](const HttpRequester::Answer &answer) {
            if (answer.status == 200) // what a request for users or history answers
                Q_EMIT objectReceived(QJsonDocument::fromJson(answer.body).object());
            else if (answer.status != 204)
                Q_EMIT problem(tr("The message was not sent: %1").arg(refusal(answer)));
        });
    return true;
}

void PollSession::join()
{
    setState(State::Joining);
    m_authorization.clear();
    const QString join = m_mode == Mode::LongPoll ? u"join?transport=long-poll"_s : u"join?transport=poll"_s;
    m_polls->send("POST", target(join), {}, {}, [this](const HttpRequester::Answer &answer) {
        if (answer.status == 400 || answer.status == 404) // the room does not offer this transport
            return stop(refusal(answer));
        const QJsonObject hello = QJsonDocument::fromJson(answer.body).object();
        const QString session = hello.value(u"session").toString();
        if (answer.status != 200 || session.isEmpty())
            return retry(answer.status == 200 ? tr("the room's hello has no session") : refusal(answer));
        m_authorization = "Authorization: Bearer " + session.toUtf8() + "\r\n";
        m_since = hello.value(u"lastId").toInteger(-1);
        m_backoff.reset();
        setState(State::Open);
        Q_EMIT objectReceived(hello);
        poll();
    });
}

void PollSession::poll()
{
    const QByteArray since = m_since >= 0 ? "?since=" + QByteArray::number(m_since) : QByteArray();
    m_polls->send("GET", target(u"poll") + since, m_authorization, {}, [this](const HttpRequester::Answer &answer) {
        if (answer.status == 401) { // the room forgot the session: it restarted
            Q_EMIT problem(tr("The room no longer knows this session; joining again."));
            return join();
        }
        if (answer.status == 410)
            return stop(tr("the room closed this session (kicked, or flooding)"));
        if (answer.status != 200)
            return retry(refusal(answer));
        setState(State::Open);
        m_backoff.reset();
        ++m_pollsAnswered;
        const QJsonArray objects = QJsonDocument::fromJson(answer.body).array();
        for (const QJsonValue &value : objects) {
            const QJsonObject object = value.toObject();
            if (object.value(u"type").toString() == u"message")
                m_since = std::max(m_since, object.value(u"id").toInteger(m_since));
            Q_EMIT objectReceived(object);
        }
        if (m_mode == Mode::LongPoll)
            poll();
        else
            m_next.start(m_interval);
    });
}

void PollSession::retry(const QString &why)
{
    const std::chrono::milliseconds delay = m_backoff.next();
    Q_EMIT problem(tr("%1; trying again in %2 s").arg(why).arg(double(delay.count()) / 1000, 0, 'f', 1));
    setState(State::Waiting);
    m_next.start(delay);
}

void PollSession::stop(const QString &why)
{
    close();
    Q_EMIT ended(why);
}

void PollSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

QByteArray PollSession::target(QStringView endpoint) const
{
    QString path = m_room.path(QUrl::FullyEncoded);
    while (path.endsWith(u'/'))
        path.chop(1);
    return (path + u'/' + endpoint).toUtf8();
}

} // namespace Duplex
