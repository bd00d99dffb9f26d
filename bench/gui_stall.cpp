// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Floods the window's monitor with real frames and measures how long the GUI event loop stalls, and how much memory
// the process holds at its peak.
//
// The window hosts its room on 127.0.0.1; a QWebSocket on its own thread sends paced text messages to /echo, so
// the room's tap records two frames per message (in and out), which reach the monitor as they would for a person
// watching a busy server. A precise timer on the GUI thread notes every gap between its ticks; the longest gap
// beyond the timer's interval is the longest stall. One JSON line on stdout.
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <atomic>

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

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // leaves the person's settings alone
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Floods the monitor and measures the longest GUI stall."));
    parser.addHelpOption();
    const QCommandLineOption rateOption(QStringLiteral("rate"), QStringLiteral("Frames per second (default 25000)."),
        QStringLiteral("frames"), QStringLiteral("25000"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("How long (default 10)."),
        QStringLiteral("seconds"), QStringLiteral("10"));
    const QCommandLineOption bytesOption(QStringLiteral("bytes"), QStringLiteral("Bytes of each message (default 40)."),
        QStringLiteral("bytes"), QStringLiteral("40"));
    parser.addOptions({rateOption, secondsOption, bytesOption});
    parser.process(app);
    const double frameRate = std::clamp(parser.value(rateOption).toDouble(), 1.0, 1e6);
    const int seconds = std::clamp(parser.value(secondsOption).toInt(), 1, 600);
    const qsizetype messageBytes = std::clamp(parser.value(bytesOption).toLongLong(), 1LL, 1LL << 20);

    TrafficLog log;
    NetworkThread network(log);
    HostedRoom room(network);
    HostedRoom labRoom(network);
    MainWindow window(log, network, room, labRoom);
    window.resize(1400, 900);
    window.monitor()->tabs()->setCurrentWidget(window.monitor()->frames()); // the table that grows, in view
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

    QThread floodThread;
    floodThread.start();
    auto *flooder = new Flooder(frameRate / framesPerMessage, messageBytes);
    flooder->moveToThread(&floodThread);
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/echo").arg(room.port()));
    QMetaObject::invokeMethod(flooder, [flooder, url] { flooder->start(url); });

    QList<qint64> stallsUs;
    QElapsedTimer clock;
    QElapsedTimer sinceTick;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(tickInterval);
    QObject::connect(&tick, &QTimer::timeout, &app, [&] {
        const qint64 gapUs = sinceTick.nsecsElapsed() / 1000;
        sinceTick.start();
        stallsUs.append(std::max<qint64>(0, gapUs - std::chrono::microseconds(tickInterval).count()));
        if (clock.elapsed() >= seconds * 1000)
            QApplication::exit(0); // not quit(): that would close the window, which asks about the traffic first
    });
    clock.start();
    sinceTick.start();
    tick.start();
    app.exec();

    QMetaObject::invokeMethod(
        flooder, [flooder] { flooder->stop(); }, Qt::BlockingQueuedConnection);
    const double elapsedS = double(clock.nsecsElapsed()) / 1e9;
    std::sort(stallsUs.begin(), stallsUs.end());
    const auto percentile = [&stallsUs](double p) {
        return stallsUs.isEmpty() ? 0 : stallsUs[qsizetype(p * double(stallsUs.size() - 1))];
    };
    const QJsonObject result {
        {QStringLiteral("bench"), QStringLiteral("gui_stall")},
        {QStringLiteral("platform"), QApplication::platformName()},
        {QStringLiteral("seconds"), elapsedS},
        {QStringLiteral("offered_frames_per_s"), frameRate},
        {QStringLiteral("message_bytes"), messageBytes},
        {QStringLiteral("sent_messages"), flooder->sent.load()},
        {QStringLiteral("echoed_messages"), flooder->echoed.load()},
        {QStringLiteral("frames_reaching_window_per_s"), double(framesSeen) / elapsedS},
        {QStringLiteral("frames_in_table"), window.frames()->rowCount()},
        {QStringLiteral("frames_dropped"), qint64(window.frames()->dropped() + network.dropped())},
        {QStringLiteral("stall_max_ms"), double(percentile(1.0)) / 1000},
        {QStringLiteral("stall_p99_ms"), double(percentile(0.99)) / 1000},
        {QStringLiteral("stall_median_ms"), double(percentile(0.5)) / 1000},
        {QStringLiteral("payloads_held_mib"), double(log.heldPayloadBytes()) / (1 << 20)},
        {QStringLiteral("payloads_dropped"), log.droppedPayloads()},
        {QStringLiteral("peak_rss_mib"), peakResidentMiB()},
    };
    QMetaObject::invokeMethod(
        flooder, [flooder] { delete flooder; }, Qt::BlockingQueuedConnection);
    floodThread.quit();
    floodThread.wait();
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
    return 0;
}
