// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include "client/certificatetrust.h"
#include "lab/countingrelay.h"
#include "lab/labfigures.h"
#include "traffic/trafficlog.h"

class QJsonObject;

namespace Duplex {

class ClientSession;
class NetworkThread;

// One Transport Lab run, on a thread of its own so that the network thread's CPU time is the room's alone. For
// each transport that has clients, in turn: its clients join the room through a CountingRelay; once all have joined,
// a WebSocket sender (straight to the room, not counted) posts messages at the set rate for the set duration, each
// text carrying its sequence number and sending time; the window closes when every client has every message, or
// when the last one is overdue. Then the clients leave and the next transport begins. Bounded by LabSettings' limits
// and by its deadlines, it ends by itself.
class LabRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LabRun)

public:
    static constexpr std::chrono::seconds joinDeadline {10};
    static constexpr std::chrono::seconds drainGrace {3}; // after the last message, beyond one poll interval
    // After the last join (and the room's announcement of the joins it gathered) and after the last delivery: for
    // the requests and answers that follow them to cross the relay, so that the window holds the exchanges it counts;
    // short polls must be between two polls too.
    static constexpr std::chrono::milliseconds settle {50};
    // For the clients' goodbyes (a close frame, POST /chat/leave) to reach the room before finished() says it may go.
    static constexpr std::chrono::milliseconds goodbyeGrace {300};

    // roomPort: a Duplex room on 127.0.0.1; network: the thread it runs on. settings within LabSettings' limits.
    LabRun(const LabSettings &settings, quint16 roomPort, const NetworkThread &network, QObject *parent = nullptr);
    ~LabRun() override;

    // On the thread this object lives on.
    void start();
    void stop(); // now, with what was measured so far

Q_SIGNALS:
    void progressed(const QList<Duplex::LabFigures> &figures); // a few times a second: the finished transports and
                                                               // the one in its window
    void finished(const QList<Duplex::LabFigures> &figures, const QString &why); // why: empty when it ran to the end

private:
    enum class Step : quint8 { Idle, Joining, Settling, CatchingUp, Sending, Draining };
    using Transport = ChatProtocol::Transport;

    void nextTransport();
    void addClient(Transport transport);
    void onObject(const QJsonObject &object, qint64 bytes, qsizetype client);
    // Joining and settling: what the client heard of who is in the room.
    void hearOf(const QJsonObject &object, qsizetype client);
    bool everyoneKnowsEveryone() const;
    qsizetype joined() const { return m_nicks.size() - m_nicks.count(QString()); } // clients the room greeted
    void onRecorded(const TrafficRecord &record);
    void onTick();
    bool shortPollsQuiet() const; // no short poll on its way: the window's edges may fall here
    void catchUp();
    bool caughtUp() const;
    void openWindow();
    void closeWindow();
    void dropClients();
    void finish(const QString &why);
    LabFigures measured() const; // the current window up to now
    qint64 nowUs() const { return m_clock.nsecsElapsed() / 1000; }

    const LabSettings m_settings;
    const quint16 m_roomPort;
    const NetworkThread &m_network;
    TrafficLog m_log {0, this}; // the lab clients' records: their HTTP heads
    CertificateTrust m_trust;
    // The parent of the relay, the sender and the clients, so that they go before the log they record into.
    QObject m_sockets {this};
    CountingRelay *m_relay = nullptr;
    ClientSession *m_sender = nullptr;
    QList<QObject *> m_clients; // of the current transport
    QList<LabFigures> m_done;
    int m_transport = -1; // index into allTransports
    Step m_step = Step::Idle;
    bool m_ended = false;
    // Per client of the current transport: its nickname, once its hello came, and the members it heard of. Settled
    // when each knows all the others: the room's news of who joined (gathered, on a busy machine late) has crossed,
    // and does not count as the first message's cost.
    QStringList m_nicks;
    QList<QSet<QString>> m_known;
    QList<qint64> m_pollsToCatchUp; // per short poller: the answered polls that include one sent after settling
    LabFigures m_window;            // what was counted in the window so far
    qint64 m_windowStartUs = 0;
    CountingRelay::Counts m_relayAtStart;
    qint64 m_cpuAtStartUs = 0;
    qint64 m_deadlineUs = 0;  // of the current step
    qint64 m_settledByUs = 0; // settling goes on no longer than this, news or not
    qint64 m_lastProgressUs = 0;
    QElapsedTimer m_clock;
    QTimer m_tick {this};
};

} // namespace Duplex
