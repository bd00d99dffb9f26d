// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab/labrun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

#include "client/clientsession.h"
#include "client/eventsourcesession.h"
#include "client/pollsession.h"
#include "traffic/networkthread.h"
#include "wire/httphead.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

constexpr auto tickInterval = std::chrono::milliseconds(5);
constexpr qint64 progressEveryUs = 250'000;
constexpr qint64 us(std::chrono::microseconds duration)
{
    return duration.count();
}

// A recorded message's head: all of it when it has no body (a stream's answer, as recorded, ends at its head).
qsizetype headLength(const QByteArray &message)
{
    const qsizetype head = HttpHead::headLength(message);
    return head < 0 ? message.size() : head;
}

// The lab's messages: "lab SEQUENCE SENT_US " and filler up to the size asked for.
QString labText(qint64 sequence, qint64 sentUs, int bytes)
{
    QString text = u"lab %1 %2 "_s.arg(sequence).arg(sentUs);
    return text.leftJustified(bytes, u'x');
}

std::optional<qint64> sentUsOf(const QJsonObject &message)
{
    if (message.value(u"type").toString() != u"message")
        return {};
    const QStringList words = message.value(u"text").toString().split(u' ');
    bool ok = false;
    const qint64 sentUs = words.size() > 2 && words[0] == u"lab" ? words[2].toLongLong(&ok) : 0;
    return ok ? std::optional(sentUs) : std::nullopt;
}

} // namespace

LabRun::LabRun(const LabSettings &settings, quint16 roomPort, const NetworkThread &network, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_roomPort(roomPort)
    , m_network(network)
{
    m_tick.setInterval(tickInterval);
    m_tick.setTimerType(Qt::PreciseTimer);
    connect(&m_tick, &QTimer::timeout, this, &LabRun::onTick);
    connect(&m_log, &TrafficLog::recorded, this, &LabRun::onRecorded);
}

LabRun::~LabRun() = default;

void LabRun::start()
{
    m_clock.start();
    m_relay = new CountingRelay(m_roomPort, &m_sockets);
    QString error;
    if (!m_relay->listen(&error))
        return finish(tr("The lab's relay cannot listen: %1").arg(error));
    ClientSession::Options options;
    options.heartbeatInterval = {}; // the room keeps the heartbeat; the lab's clients only answer it
    options.autoReconnect = false;
    m_sender = new ClientSession(m_log, m_trust, options, &m_sockets);
    connect(m_sender, &ClientSession::stateChanged, this, [this](ClientSession::State state) {
        if (state == ClientSession::State::Open && m_transport < 0)
            nextTransport();
        else if (state == ClientSession::State::Closed && m_step != Step::Idle)
            finish(tr("The lab's sender lost the room: %1").arg(m_sender->lastError()));
    });
    ClientSession::Request request;
    request.url = QUrl(u"ws://127.0.0.1:%1/chat"_s.arg(m_roomPort));
    m_sender->open(request);
    m_step = Step::Joining;
    m_deadlineUs = nowUs() + us(joinDeadline);
    m_tick.start();
}

void LabRun::stop()
{
    if (!m_ended && (m_step == Step::Sending || m_step == Step::Draining))
        m_done.append(measured());
    finish(tr("stopped"));
}

void LabRun::nextTransport()
{
    dropClients();
    while (++m_transport < int(std::size(ChatProtocol::allTransports))) {
        const Transport transport = ChatProtocol::allTransports[m_transport];
        const int clients = std::clamp(m_settings.clientsOf(transport), 0, LabSettings::maxClients);
        if (clients == 0)
            continue;
        m_window = {};
        m_window.transport = transport;
        m_window.clients = clients;
        m_nicks = QStringList(clients);
        m_known = QList<QSet<QString>>(clients);
        m_step = Step::Joining;
        m_deadlineUs = nowUs() + us(joinDeadline);
        for (int i = 0; i < clients; ++i)
            addClient(transport);
        return;
    }
    finish({});
}

void LabRun::addClient(Transport transport)
{
    const QString relay = u"127.0.0.1:%1"_s.arg(m_relay->port());
    const auto lost = [this, transport](const QString &why) {
        finish(tr("A client failed (%1): %2").arg(LabFigures::title(transport), why));
    };
    QObject *client = nullptr;
    const qsizetype index = m_clients.size();
    switch (transport) {
    case Transport::WebSocket: {
        ClientSession::Options options;
        options.heartbeatInterval = {};
        options.autoReconnect = false;
        auto *session = new ClientSession(m_log, m_trust, options, &m_sockets);
        connect(session, &ClientSession::textReceived, this, [this, index](const QString &text) {
            const QByteArray bytes = text.toUtf8();
            onObject(QJsonDocument::fromJson(bytes).object(), bytes.size(), index);
        });
        connect(session, &ClientSession::closed, this,
            [lost](const ConnectionClosed &, const QString &failure) { lost(failure); });
        ClientSession::Request request;
        request.url = QUrl(u"ws://"_s + relay + u"/chat"_s);
        session->open(request);
        client = session;
        break;
    }
    case Transport::Sse: {
        auto *session = new EventSourceSession(m_log, &m_sockets);
        connect(
            session, &EventSourceSession::eventReceived, this, [this, index](const EventStreamParser::Event &event) {
                const QByteArray data = event.data.toUtf8();
                onObject(QJsonDocument::fromJson(data).object(), data.size(), index);
            });
        connect(session, &EventSourceSession::ended, this, lost);
        EventSourceSession::Request request;
        request.url = QUrl(u"http://"_s + relay + u"/chat/events"_s);
        session->open(request);
        client = session;
        break;
    }
    case Transport::LongPoll:
    case Transport::Poll: {
        auto *session = new PollSession(m_log, &m_sockets);
        connect(session, &PollSession::objectReceived, this, [this, index](const QJsonObject &object) {
            onObject(object, QJsonDocument(object).toJson(QJsonDocument::Compact).size(), index);
        });
        connect(session, &PollSession::problem, this, lost);
        connect(session, &PollSession::ended, this, lost);
        const auto mode = transport == Transport::LongPoll ? PollSession::Mode::LongPoll : PollSession::Mode::ShortPoll;
        session->open(QUrl(u"http://"_s + relay + u"/chat"_s), mode, m_settings.pollInterval);
        client = session;
        break;
    }
    }
    m_clients.append(client);
}

void LabRun::onObject(const QJsonObject &object, qint64 bytes, qsizetype client)
{
    if (m_step == Step::Joining || m_step == Step::Settling) {
        hearOf(object, client);
        if (object.value(u"type").toString() == u"hello" && m_step == Step::Joining && joined() == m_window.clients) {
            // The room announces the joins it gathered at most a batch interval after the first of them, and they
            // must cross before the window opens (everyoneKnowsEveryone()); no sooner than this, in any case.
            m_step = Step::Settling;
            m_deadlineUs = nowUs() + us(ChatProtocol::presenceInterval + settle);
            m_settledByUs = nowUs() + us(joinDeadline);
        }
        return;
    }
    const std::optional<qint64> sentUs = sentUsOf(object);
    if (!sentUs || (m_step != Step::Sending && m_step != Step::Draining))
        return;
    const qint64 now = nowUs();
    ++m_window.delivered;
    m_window.down.payload += bytes;
    m_window.latencies.append({double(now - m_windowStartUs) / 1e6, double(now - *sentUs) / 1e3});
    if (m_step == Step::Draining && m_window.delivered == m_window.sent * m_window.clients)
        m_deadlineUs = std::min(m_deadlineUs, now + us(settle));
}

void LabRun::hearOf(const QJsonObject &object, qsizetype client)
{
    const QString type = object.value(u"type").toString();
    QSet<QString> &known = m_known[client];
    if (type == u"hello")
        m_nicks[client] = object.value(u"you").toString();
    if (type == u"join")
        known.insert(object.value(u"nick").toString());
    if (type == u"hello" || type == u"joins") {
        for (const QJsonValue &member : object.value(u"members").toArray())
            known.insert(member.toObject().value(u"nick").toString());
    }
}

bool LabRun::everyoneKnowsEveryone() const
{
    return std::all_of(m_known.cbegin(), m_known.cend(), [this](const QSet<QString> &known) {
        return std::all_of(
            m_nicks.cbegin(), m_nicks.cend(), [&known](const QString &nick) { return known.contains(nick); });
    });
}

void LabRun::onRecorded(const TrafficRecord &record)
{
    if ((m_step != Step::Sending && m_step != Step::Draining) || (m_sender && record.session == m_sender->id()))
        return;
    if (const auto *handshake = std::get_if<HandshakeExchanged>(&record.event)) {
        ++m_window.requests;
        m_window.up.headers += handshake->request.size();
        m_window.down.headers += handshake->response.size();
    } else if (const auto *exchange = std::get_if<HttpExchange>(&record.event)) {
        ++m_window.requests;
        const qsizetype answerHead = headLength(exchange->response);
        m_window.up.headers += headLength(exchange->request);
        m_window.down.headers += answerHead;
        if (exchange->request.startsWith("GET ") && exchange->request.contains("/chat/poll")) {
            ++m_window.answers;
            m_window.emptyAnswers += exchange->response.sliced(answerHead) == "[]";
        }
    }
}

void LabRun::onTick()
{
    const qint64 now = nowUs();
    if (m_step == Step::Sending) {
        const qint64 elapsed = now - m_windowStartUs;
        const qint64 due = std::min(qint64(double(elapsed) * m_settings.rate / 1e6) + 1,
            qint64(std::ceil(double(us(m_settings.duration)) * m_settings.rate / 1e6)));
        for (; m_window.sent < due; ++m_window.sent)
            m_sender->sendText(labText(m_window.sent, nowUs(), m_settings.messageBytes));
        if (elapsed >= us(m_settings.duration)) {
            m_step = Step::Draining;
            m_deadlineUs = now + us(m_settings.pollInterval) + us(drainGrace);
            if (m_window.delivered == m_window.sent * m_window.clients)
                m_deadlineUs = now + us(settle);
        }
    } else if (now >= m_deadlineUs && m_step == Step::Settling && (everyoneKnowsEveryone() || now >= m_settledByUs)) {
        catchUp();
    } else if (m_step == Step::CatchingUp && caughtUp()) {
        openWindow();
    } else if (now >= m_deadlineUs && m_step == Step::Draining
        && (shortPollsQuiet() || now >= m_deadlineUs + us(settle) * 20)) {
        return closeWindow();
    } else if (now >= m_deadlineUs && m_step == Step::Joining) {
        return finish(m_transport < 0
                ? tr("The lab's sender could not join the room in %1 s.").arg(joinDeadline.count())
                : tr("Only %1 of %2 clients joined in %3 s (%4).")
                      .arg(joined())
                      .arg(m_window.clients)
                      .arg(joinDeadline.count())
                      .arg(LabFigures::title(m_window.transport)));
    } else if (now >= m_deadlineUs && m_step == Step::CatchingUp) {
        const auto waited = std::chrono::duration_cast<std::chrono::seconds>(m_settings.pollInterval + joinDeadline);
        return finish(tr("The short polls went unanswered for %1 s.").arg(waited.count()));
    }
    if (now - m_lastProgressUs >= progressEveryUs) {
        m_lastProgressUs = now;
        QList<LabFigures> figures = m_done;
        if (m_step == Step::Sending || m_step == Step::Draining)
            figures.append(measured());
        Q_EMIT progressed(figures);
    }
}

bool LabRun::shortPollsQuiet() const
{
    // Between two short polls, what crossed the relay and what the clients recorded agree. A long poll is always
    // held: the one in flight when the window closes stands for the one answered after it opened.
    return m_window.transport != Transport::Poll || std::none_of(m_clients.cbegin(), m_clients.cend(), [](QObject *c) {
        return static_cast<PollSession *>(c)->isAwaitingAnswer();
    });
}

void LabRun::catchUp()
{
    // A short poller hears what the room has sent so far only from a poll that leaves from now on: the one on its way
    // may have left before.
    m_step = Step::CatchingUp;
    m_deadlineUs = nowUs() + us(m_settings.pollInterval) + us(joinDeadline);
    m_pollsToCatchUp.clear();
    if (m_window.transport != Transport::Poll)
        return;
    for (QObject *client : std::as_const(m_clients)) {
        const auto *poller = static_cast<PollSession *>(client);
        m_pollsToCatchUp.append(poller->pollsAnswered() + (poller->isAwaitingAnswer() ? 2 : 1));
    }
}

bool LabRun::caughtUp() const
{
    for (qsizetype i = 0; i < m_pollsToCatchUp.size(); ++i) {
        if (static_cast<const PollSession *>(m_clients[i])->pollsAnswered() < m_pollsToCatchUp[i])
            return false;
    }
    return shortPollsQuiet();
}

void LabRun::openWindow()
{
    m_step = Step::Sending;
    m_windowStartUs = nowUs();
    m_relayAtStart = m_relay->counts();
    m_cpuAtStartUs = m_network.cpuTimeUs();
}

void LabRun::closeWindow()
{
    m_done.append(measured());
    m_step = Step::Idle;
    nextTransport();
}

LabFigures LabRun::measured() const
{
    LabFigures figures = m_window;
    const CountingRelay::Counts relay = m_relay->counts();
    figures.seconds = double(nowUs() - m_windowStartUs) / 1e6;
    // What crossed the relay is the truth; framing is what the heads and messages counted do not explain. Mid-window
    // (a live figure) a request may be on the relay before its record: its head waits until then.
    const auto split = [](LabBytes &bytes, qint64 crossed) {
        bytes.framing = crossed - bytes.headers - bytes.payload;
        if (bytes.framing < 0) {
            bytes.headers += bytes.framing;
            bytes.framing = 0;
        }
    };
    split(figures.up, relay.up - m_relayAtStart.up);
    split(figures.down, relay.down - m_relayAtStart.down);
    figures.serverCpuUs = m_network.cpuTimeUs() - m_cpuAtStartUs;
    figures.connections = relay.open;
    return figures;
}

void LabRun::dropClients()
{
    // Each leaves as a person's client would, and is deleted once its goodbye is on the wire.
    for (QObject *client : std::exchange(m_clients, {})) {
        client->disconnect(this);
        if (auto *session = qobject_cast<ClientSession *>(client))
            session->close(CloseCode::goingAway);
        else if (auto *stream = qobject_cast<EventSourceSession *>(client))
            stream->close();
        else if (auto *poller = qobject_cast<PollSession *>(client))
            poller->close();
        QTimer::singleShot(goodbyeGrace * 2, client, &QObject::deleteLater);
    }
}

void LabRun::finish(const QString &why)
{
    if (m_ended)
        return;
    m_ended = true;
    m_tick.stop();
    m_step = Step::Idle;
    dropClients();
    if (m_sender) {
        m_sender->disconnect(this);
        m_sender->close(CloseCode::goingAway);
    }
    // Once the goodbyes are on their way: the room may be stopped as soon as this is known.
    QTimer::singleShot(goodbyeGrace, this, [this, why] { Q_EMIT finished(m_done, why); });
}

} // namespace Duplex
