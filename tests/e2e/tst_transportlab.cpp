// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

#include <optional>

#include "lab/transportlab.h"
#include "server/hostedroom.h"
#include "support/eventwait.h"
#include "traffic/networkthread.h"
#include "traffic/trafficlog.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using Test::waitUntil;
using Transport = ChatProtocol::Transport;

Q_DECLARE_METATYPE(Duplex::ServerConfig)

namespace {

// The room a lab run measures: no heartbeat, so that every byte in a window is one of the run's messages or what
// carries it, and no rate limit for the lab's sender.
ServerConfig labRoomConfig()
{
    ServerConfig config;
    config.port = 0;
    config.pingInterval = {};
    config.messagesPerSecond = 0;
    config.maxHttpPerAddress = 1000;
    return config;
}

// That room, on a network thread of its own.
struct LabRoom
{
    explicit LabRoom(const ServerConfig &config = labRoomConfig()) { started = room.start(config); }
    TrafficLog mirror;
    NetworkThread network {mirror};
    HostedRoom room {network};
    bool started = false;
};

// The room's messages as its members receive them: JSON text by id.
struct Listener
{
    explicit Listener(quint16 port)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [this](const QString &text) {
            const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
            if (object.value(u"type").toString() == u"message")
                messages.append({object.value(u"id").toInteger(), text.toUtf8()});
        });
        socket.open(QUrl(u"ws://127.0.0.1:%1/chat"_s.arg(port)));
    }
    QWebSocket socket;
    QList<std::pair<qint64, QByteArray>> messages;
};

// How a run ended: what it measured, and why it ended early (empty when it ran to the end).
struct RunEnd
{
    QList<LabFigures> figures;
    QString why;
};

// Runs the lab against the room until it ends by itself; nothing (and a warning that says why) when it did not start
// or did not end in 60 s.
std::optional<RunEnd> runUntilItEnds(const LabRoom &lab, const LabSettings &settings)
{
    TransportLab transportLab(lab.network);
    QSignalSpy finished(&transportLab, &TransportLab::finished);
    const QString why = !transportLab.start(lab.room.port(), settings) ? u"it did not start"_s
        : !waitUntil([&] { return !finished.isEmpty(); }, 60'000)      ? u"it did not end by itself in 60 s"_s
                                                                       : QString();
    if (!why.isEmpty()) {
        qWarning("the lab's run failed: %s", qPrintable(why));
        return std::nullopt;
    }
    return RunEnd {finished.first().first().value<QList<LabFigures>>(), finished.first().at(1).toString()};
}

// The figures of each transport of a run that went to the end, or nothing (and a warning that says why).
std::optional<QList<LabFigures>> runToTheEnd(const LabRoom &lab, const LabSettings &settings)
{
    const auto end = runUntilItEnds(lab, settings);
    if (end && end->why.isEmpty())
        return end->figures;
    if (end)
        qWarning("the lab's run ended early: %s", qPrintable(end->why));
    return std::nullopt;
}

// What a poll's answers add to the lab's messages when they carry nothing else: "[" and "]" per answer, and a comma
// between two objects of one answer.
qint64 pollFraming(const LabFigures &f)
{
    return 2 * f.answers + f.delivered - (f.answers - f.emptyAnswers);
}

} // namespace

class tst_TransportLab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A short run over every transport: each client gets every message, and the bytes the relay counted are exactly
    // what hand-written formulas make of the messages the room sent.
    void countsWhatCrossedTheWire()
    {
        LabRoom lab;
        QVERIFY(lab.started);
        Listener listener(lab.room.port());
        QVERIFY(waitUntil([&] { return listener.socket.state() == QAbstractSocket::ConnectedState; }));

        LabSettings settings;
        // More clients than the room announces one by one (ChatProtocol::presenceAnnouncedAlone): it gathers the joins
        // of the last, and the window must open after it has announced them.
        std::fill(std::begin(settings.clients), std::end(settings.clients), ChatProtocol::presenceAnnouncedAlone + 2);
        constexpr int perWindow = 2; // few, so that most short polls find nothing even on a slow machine (below)
        settings.rate = perWindow;
        settings.messageBytes = 40;
        settings.duration = std::chrono::milliseconds(1000);
        settings.pollInterval = std::chrono::milliseconds(20);
        const auto run = runToTheEnd(lab, settings);
        QVERIFY(run);
        const QList<LabFigures> &figures = *run;
        QCOMPARE(figures.size(), 4);

        // Every transport heard the same messages per window.
        QCOMPARE(listener.messages.size(), 4 * perWindow);
        for (int i = 0; i < 4; ++i) {
            const LabFigures &f = figures[i];
            QCOMPARE(f.transport, ChatProtocol::allTransports[i]);
            QCOMPARE(f.sent, perWindow);
            QCOMPARE(f.delivered, f.sent * f.clients);
            QCOMPARE(f.latencies.size(), f.delivered);
            QVERIFY(f.serverCpuUs > 0);
            const auto window = listener.messages.mid(i * perWindow, perWindow);
            qint64 payload = 0;
            for (const auto &[id, json] : window)
                payload += json.size();
            QCOMPARE(f.down.payload, f.clients * payload);

            switch (f.transport) {
            case Transport::WebSocket: { // a frame header per message (unmasked: 2 bytes, 4 from 126), nothing else
                qint64 frames = 0;
                for (const auto &[id, json] : window)
                    frames += (json.size() < 126 ? 2 : 4) + json.size();
                QCOMPARE(f.down.total(), f.clients * frames);
                QCOMPARE(f.up.total(), 0);
                QCOMPARE(f.requests, 0);
                QCOMPARE(f.connections, f.clients);
                break;
            }
            case Transport::Sse: { // one event per message, and nothing up
                qint64 events = 0;
                for (const auto &[id, json] : window)
                    events += ("event: message\nid: " + QByteArray::number(id) + "\ndata: " + json + "\n\n").size();
                QCOMPARE(f.down.total(), f.clients * events);
                QCOMPARE(f.up.total(), 0);
                QCOMPARE(f.requests, 0);
                QCOMPARE(f.connections, f.clients);
                break;
            }
            case Transport::LongPoll:
            case Transport::Poll: {
                // Up, only request heads. (A long poll is always held: the one sent before the window and answered
                // in it stands for the one sent in it and answered after, the same head but for a digit of since.)
                // Down, heads and arrays: "[" and "]" per answer, a comma between objects.
                QVERIFY(f.answers > 0);
                QCOMPARE(f.requests, f.answers);
                QCOMPARE(f.up.payload, 0);
                if (f.transport == Transport::Poll)
                    QCOMPARE(f.up.framing, 0);
                else
                    QVERIFY2(f.up.framing <= f.clients, qPrintable(QString::number(f.up.framing)));
                QCOMPARE(f.down.framing, pollFraming(f));
                // Up to 50 polls a client in the second that brings 2 messages: most find nothing. (Busy CI machines
                // stretched a poll's cycle to 66 ms; this holds below 250.)
                if (f.transport == Transport::Poll)
                    QVERIFY2(f.emptyAnswers > f.answers / 2,
                        qPrintable(
                            u"%1 empty answers of %2 in %3 s"_s.arg(f.emptyAnswers).arg(f.answers).arg(f.seconds)));
                else
                    QVERIFY(f.emptyAnswers <= f.clients); // a held poll answers news only (or the hold's end)
                break;
            }
            }
        }
    }

    // A short poller hears of the joins the room gathered only from a poll sent after it announced them. With polls
    // far apart, the window opens once each poller has sent one since; else the first answers in it carry them.
    void shortPollsCatchUpBeforeTheWindow()
    {
        LabRoom lab;
        QVERIFY(lab.started);
        LabSettings settings;
        std::fill(std::begin(settings.clients), std::end(settings.clients), 0);
        settings.clients[int(Transport::Poll)] = ChatProtocol::presenceAnnouncedAlone + 2;
        settings.rate = 2;
        settings.duration = std::chrono::milliseconds(1000);
        settings.pollInterval = std::chrono::milliseconds(500);
        const auto run = runToTheEnd(lab, settings);
        QVERIFY(run);
        QCOMPARE(run->size(), 1);
        const LabFigures &f = run->first();
        QCOMPARE(f.delivered, f.sent * f.clients);
        QCOMPARE(f.down.framing, pollFraming(f)); // nothing but the lab's messages
    }

    // A room that refuses a transport's clients ends the run at once, saying which and why, rather than at the join
    // deadline.
    void saysWhyAClientFailed_data()
    {
        QTest::addColumn<int>("transport");
        QTest::addColumn<ServerConfig>("config");
        QTest::addColumn<QString>("why"); // a regular expression
        ServerConfig withoutSse = labRoomConfig();
        withoutSse.transports.removeOne(Transport::Sse);
        QTest::newRow("a transport the room does not offer")
            << int(Transport::Sse) << withoutSse << u"^A client failed \\(SSE\\): the server answered 404 Not Found$"_s;
        ServerConfig withoutLongPolls = labRoomConfig();
        withoutLongPolls.transports.removeOne(Transport::LongPoll);
        QTest::newRow("a poll transport the room does not offer")
            << int(Transport::LongPoll) << withoutLongPolls
            << u"^A client failed \\(Long polls\\): the room answered 404: this room does not offer long-poll$"_s;
        ServerConfig full = labRoomConfig();
        full.maxClients = 2; // the sender and one client
        QTest::newRow("a full room")
            << int(Transport::WebSocket) << full
            << u"^A client failed \\(WebSocket\\): 127\\.0\\.0\\.1:\\d+ answered 503 .*: The server is full"_s;
    }

    void saysWhyAClientFailed()
    {
        QFETCH(int, transport);
        QFETCH(ServerConfig, config);
        QFETCH(QString, why);
        LabRoom lab(config);
        QVERIFY(lab.started);
        LabSettings settings;
        std::fill(std::begin(settings.clients), std::end(settings.clients), 0);
        settings.clients[transport] = 3;
        const auto end = runUntilItEnds(lab, settings);
        QVERIFY(end);
        QVERIFY2(QRegularExpression(why).match(end->why).hasMatch(), qPrintable(end->why));
        QVERIFY(end->figures.isEmpty()); // no window opened
    }

    // Stop ends a run at once, with what its window had measured so far; a run can start again after it.
    void stopsWhenAsked()
    {
        LabRoom lab;
        QVERIFY(lab.started);
        LabSettings settings;
        settings.clients[int(Transport::WebSocket)] = 3;
        settings.duration = LabSettings::maxDuration;
        TransportLab transportLab(lab.network);
        QSignalSpy progressed(&transportLab, &TransportLab::progressed);
        QSignalSpy finished(&transportLab, &TransportLab::finished);
        QVERIFY(transportLab.start(lab.room.port(), settings));
        QVERIFY(!transportLab.start(lab.room.port(), settings)); // one run at a time
        QVERIFY(waitUntil([&] {
            return !progressed.isEmpty() && !progressed.last().first().value<QList<LabFigures>>().isEmpty()
                && progressed.last().first().value<QList<LabFigures>>().first().delivered > 0;
        }));
        transportLab.stop();
        QVERIFY(waitUntil([&] { return !finished.isEmpty(); }, 2000));
        QCOMPARE(finished.first().at(1).toString(), u"stopped"_s);
        const auto figures = finished.first().first().value<QList<LabFigures>>();
        QCOMPARE(figures.size(), 1);
        QVERIFY(figures.first().delivered > 0);
        QVERIFY(!transportLab.isRunning());
        QVERIFY(transportLab.start(lab.room.port(), settings));
    }
};

QTEST_GUILESS_MAIN(tst_TransportLab)
#include "tst_transportlab.moc"
