// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Measures how long the window's GUI event loop stalls, and how busy its thread is, under one of two loads from
// 127.0.0.1. The window hosts its room, as a person would, with the monitor's Frames tab in view.
// - A flood of frames (the default): a QWebSocket on its own thread sends paced text messages to /echo, so the
//   room's tap records two frames per message (in and out), which reach the monitor as they would for a person
//   watching a busy server.
// - A crowd (--members N): N members on their own thread join the room at once, stay --seconds while the room pings
//   them every --ping-ms, then leave one by one over --leave-seconds. The Host panel's member table, the chat's
//   member list and the monitor all follow them.
// A precise timer on the GUI thread notes every gap between its ticks; a stall is how much a gap exceeds the
// timer's interval. One JSON line on stdout.
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <functional>
#include <memory>
#include <vector>

#include "client/certificatetrust.h"
#include "models/framelogmodel.h"
#include "server/hostedroom.h"
#include "traffic/networkthread.h"
#include "traffic/trafficlog.h"
#include "ui/framespanel.h"
#include "ui/hostpanel.h"
#include "ui/mainwindow.h"
#include "ui/monitorpanel.h"

using namespace Duplex;
using namespace std::chrono_literals;

namespace {

constexpr auto tickInterval = 5ms;
constexpr int framesPerMessage = 2; // the room's tap records the message in and its echo out

// Sends text messages to an echo URL at a steady rate, from the thread it lives on, until told to stop.
class Flooder final : public QObject
{
public:
    Flooder(double messagesPerSecond, qsizetype messageBytes)
        : m_rate(messagesPerSecond)
        , m_message(messageBytes, u'm')
    {
        connect(&m_socket, &QWebSocket::connected, this, [this] {
            m_clock.start();
            m_tick.start();
        });
        connect(&m_socket, &QWebSocket::textMessageReceived, this, [this] { ++echoed; });
        m_tick.setTimerType(Qt::PreciseTimer);
        m_tick.setInterval(1ms);
        connect(&m_tick, &QTimer::timeout, this, &Flooder::sendDue);
    }
    void start(const QUrl &url) { m_socket.open(url); }
    void stop() { m_tick.stop(); }

    std::atomic<qint64> sent = 0;
    std::atomic<qint64> echoed = 0;

private:
    void sendDue()
    {
        const auto due = qint64(m_rate * double(m_clock.nsecsElapsed()) / 1e9);
        for (qint64 n = sent; n < due; ++n)
            m_socket.sendTextMessage(m_message);
        sent = std::max(due, sent.load());
    }

    double m_rate;
    QString m_message;
    QWebSocket m_socket {QString(), QWebSocketProtocol::VersionLatest, this}; // children: they move with it
    QTimer m_tick {this};
    QElapsedTimer m_clock;
};

// Members of a room, from the thread they live on: they join at once and leave one by one over a while.
class Crowd final : public QObject
{
public:
    explicit Crowd(int members)
    {
        for (int i = 0; i < members; ++i)
            m_sockets.push_back(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this));
        m_leaving.setTimerType(Qt::PreciseTimer);
        m_leaving.setInterval(1ms);
        connect(&m_leaving, &QTimer::timeout, this, &Crowd::leaveDue);
    }
    void join(const QUrl &url)
    {
        for (QWebSocket *socket : m_sockets)
            socket->open(url);
    }
    void leave(std::chrono::milliseconds over)
    {
        m_leaveTime = over;
        m_clock.start();
        m_leaving.start();
    }

private:
    void leaveDue()
    {
        const double share = double(m_clock.elapsed()) / double(std::max<qint64>(1, m_leaveTime.count()));
        const auto due = std::min(m_sockets.size(), qsizetype(share * double(m_sockets.size())) + 1);
        for (; m_left < due; ++m_left)
            m_sockets[m_left]->close();
        if (m_left == m_sockets.size())
            m_leaving.stop();
    }

    QList<QWebSocket *> m_sockets; // children: they move with it
    qsizetype m_left = 0;
    std::chrono::milliseconds m_leaveTime {};
    QElapsedTimer m_clock;
    QTimer m_leaving {this};
};

// The most memory the process has held (VmHWM), in MiB.
double peakResidentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (QByteArray line = status.readLine(); !line.isEmpty(); line = status.readLine()) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').constFirst().toDouble() / 1024;
    }
    return -1;
}

double threadCpuSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// The GUI thread's stalls and CPU over a stretch of time: ticks of a precise timer, and how late each came.
class StallMeter
{
public:
    StallMeter()
    {
        m_tick.setTimerType(Qt::PreciseTimer);
        m_tick.setInterval(tickInterval);
        QObject::connect(&m_tick, &QTimer::timeout, [this] {
            const qint64 gapUs = m_sinceTick.nsecsElapsed() / 1000;
            m_sinceTick.start();
            m_stallsUs.append(std::max<qint64>(0, gapUs - std::chrono::microseconds(tickInterval).count()));
        });
    }
    void start()
    {
        m_stallsUs.clear();
        m_clock.start();
        m_sinceTick.start();
        m_cpuAtStart = threadCpuSeconds();
        m_tick.start();
    }
    // prefix_seconds, prefix_stall_max_ms, prefix_stall_p99_ms, prefix_stall_median_ms and prefix_gui_busy (the
    // share of the time the GUI thread spent on the CPU) into result.
    void stop(const QString &prefix, QJsonObject &result)
    {
        m_tick.stop();
        const double seconds = double(m_clock.nsecsElapsed()) / 1e9;
        std::sort(m_stallsUs.begin(), m_stallsUs.end());
        const auto percentileMs = [this](double p) {
            return m_stallsUs.isEmpty() ? 0 : double(m_stallsUs[qsizetype(p * double(m_stallsUs.size() - 1))]) / 1000;
        };
        result.insert(prefix + QStringLiteral("seconds"), seconds);
        result.insert(prefix + QStringLiteral("stall_max_ms"), percentileMs(1.0));
        result.insert(prefix + QStringLiteral("stall_p99_ms"), percentileMs(0.99));
        result.insert(prefix + QStringLiteral("stall_median_ms"), percentileMs(0.5));
        result.insert(prefix + QStringLiteral("gui_busy"), (threadCpuSeconds() - m_cpuAtStart) / seconds);
    }

private:
    QTimer m_tick;
    QElapsedTimer m_clock;
    QElapsedTimer m_sinceTick;
    QList<qint64> m_stallsUs;
    double m_cpuAtStart = 0;
};

// Runs the GUI's event loop until done() or for at most limit; whether done() came true.
bool runUntil(const std::function<bool()> &done, std::chrono::milliseconds limit)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() >= limit.count())
            return false;
        QEventLoop loop;
        QTimer::singleShot(10ms, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

void runFor(std::chrono::milliseconds time)
{
    runUntil([] { return false; }, time);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("DuplexBench"));
    QStandardPaths::setTestModeEnabled(true); // leaves the person's settings alone
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Loads the window and measures its GUI stalls."));
    parser.addHelpOption();
    const QCommandLineOption rateOption(QStringLiteral("rate"), QStringLiteral("Frames per second (default 25000)."),
        QStringLiteral("frames"), QStringLiteral("25000"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
        QStringLiteral("How long the flood, or the crowd's stay, lasts (default 10)."), QStringLiteral("seconds"),
        QStringLiteral("10"));
    const QCommandLineOption bytesOption(QStringLiteral("bytes"), QStringLiteral("Bytes of each message (default 40)."),
        QStringLiteral("bytes"), QStringLiteral("40"));
    const QCommandLineOption membersOption(QStringLiteral("members"),
        QStringLiteral("A crowd of this many members instead of a flood."), QStringLiteral("count"));
    const QCommandLineOption pingOption(QStringLiteral("ping-ms"),
        QStringLiteral("The room's heartbeat for the crowd (default 1000)."), QStringLiteral("ms"),
        QStringLiteral("1000"));
    const QCommandLineOption leaveOption(QStringLiteral("leave-seconds"),
        QStringLiteral("How long the crowd takes to leave (default 2)."), QStringLiteral("seconds"),
        QStringLiteral("2"));
    const QCommandLineOption tabOption(QStringLiteral("tab"),
        QStringLiteral("The tab in view beside the monitor: Host, Chat, Client or Lab (default Host)."),
        QStringLiteral("name"), QStringLiteral("Host"));
    parser.addOptions({rateOption, secondsOption, bytesOption, membersOption, pingOption, leaveOption, tabOption});
    parser.process(app);
    const double frameRate = std::clamp(parser.value(rateOption).toDouble(), 1.0, 1e6);
    const int seconds = std::clamp(parser.value(secondsOption).toInt(), 1, 600);
    const qsizetype messageBytes = std::clamp(parser.value(bytesOption).toLongLong(), 1LL, 1LL << 20);
    const int members = std::clamp(parser.value(membersOption).toInt(), 0, 5000);
    const auto leaveTime = std::chrono::milliseconds(std::clamp(parser.value(leaveOption).toInt(), 0, 600) * 1000);
    QSettings().setValue(
        QStringLiteral("heartbeat/intervalMs"), std::clamp(parser.value(pingOption).toInt(), 100, 60'000));

    TrafficLog log;
    NetworkThread network(log);
    HostedRoom room(network);
    HostedRoom labRoom(network);
    CertificateTrust trust;
    MainWindow window(log, network, room, labRoom, trust);
    window.resize(1400, 900);
    window.monitor()->tabs()->setCurrentWidget(window.monitor()->frames()); // the table that grows, in view
    for (int i = 0; i < window.tabs()->count(); ++i) {
        if (window.tabs()->tabText(i).remove(u'&').compare(parser.value(tabOption), Qt::CaseInsensitive) == 0)
            window.tabs()->setCurrentIndex(i);
    }
    window.show();
    window.hostPanel()->setShareOnLan(false); // loopback only
    window.hostPanel()->setPort(0);
    if (!window.hostPanel()->toggle()) {
        qCritical("cannot host: %s", qPrintable(room.lastError()));
        return 1;
    }

    qint64 framesSeen = 0;
    QObject::connect(&log, &TrafficLog::recorded, &app,
        [&framesSeen](const TrafficRecord &record) { framesSeen += std::holds_alternative<Frame>(record.event); });

    QThread loadThread;
    loadThread.start();
    const auto onLoadThread = [](QObject *load, auto &&call) {
        QMetaObject::invokeMethod(load, std::forward<decltype(call)>(call), Qt::BlockingQueuedConnection);
    };
    StallMeter meter;
    QJsonObject result {{QStringLiteral("bench"), QStringLiteral("gui_stall")},
        {QStringLiteral("platform"), QApplication::platformName()}};

    if (members > 0) {
        // The window's own chat member is in the room too.
        const auto inRoom
            = [&room](qsizetype count) { return [&room, count] { return room.members().size() == count; }; };
        if (!runUntil(inRoom(1), 10s)) {
            qCritical("the window did not join its room");
            return 1;
        }
        auto *crowd = new Crowd(members);
        crowd->moveToThread(&loadThread);
        const QUrl url(QStringLiteral("ws://127.0.0.1:%1/chat").arg(room.port()));
        meter.start();
        onLoadThread(crowd, [crowd, url] { crowd->join(url); });
        const bool joined = runUntil(inRoom(members + 1), 60s);
        meter.stop(QStringLiteral("join_"), result);
        meter.start();
        runFor(std::chrono::seconds(seconds));
        meter.stop(QStringLiteral("stay_"), result);
        meter.start();
        onLoadThread(crowd, [crowd, leaveTime] { crowd->leave(leaveTime); });
        const bool left = runUntil(inRoom(1), leaveTime + 60s);
        meter.stop(QStringLiteral("leave_"), result);
        onLoadThread(crowd, [crowd] { delete crowd; });
        result.insert(QStringLiteral("members"), members);
        result.insert(QStringLiteral("ping_ms"), parser.value(pingOption).toInt());
        result.insert(QStringLiteral("all_joined"), joined);
        result.insert(QStringLiteral("all_left"), left);
    } else {
        auto *flooder = new Flooder(frameRate / framesPerMessage, messageBytes);
        flooder->moveToThread(&loadThread);
        const QUrl url(QStringLiteral("ws://127.0.0.1:%1/echo").arg(room.port()));
        meter.start();
        onLoadThread(flooder, [flooder, url] { flooder->start(url); });
        runFor(std::chrono::seconds(seconds));
        onLoadThread(flooder, [flooder] { flooder->stop(); });
        meter.stop({}, result);
        result.insert(QStringLiteral("offered_frames_per_s"), frameRate);
        result.insert(QStringLiteral("message_bytes"), messageBytes);
        result.insert(QStringLiteral("sent_messages"), flooder->sent.load());
        result.insert(QStringLiteral("echoed_messages"), flooder->echoed.load());
        result.insert(QStringLiteral("frames_reaching_window_per_s"), double(framesSeen) / double(seconds));
        onLoadThread(flooder, [flooder] { delete flooder; });
    }
    result.insert(QStringLiteral("frames_in_table"), window.frames()->rowCount());
    result.insert(QStringLiteral("frames_dropped"), qint64(window.frames()->dropped() + network.dropped()));
    result.insert(QStringLiteral("payloads_held_mib"), double(log.heldPayloadBytes()) / (1 << 20));
    result.insert(QStringLiteral("payloads_dropped"), log.droppedPayloads());
    result.insert(QStringLiteral("peak_rss_mib"), peakResidentMiB());
    loadThread.quit();
    loadThread.wait();
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
    return 0;
}
