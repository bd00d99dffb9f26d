// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The monitor's connection picker: a closed connection greyed, and each connection's sparkline, in the colours of
// the palette the desktop has now, as it turns dark or light.
#include <QComboBox>

#include "models/connectionlistmodel.h"
#include "models/framelogmodel.h"
#include "models/heartbeattracker.h"
#include "support/legibility.h"
#include "support/trafficevents.h"
#include "traffic/trafficlog.h"
#include "ui/monitorpanel.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

namespace {

// The most opaque pixel of an item's icon: the sparkline's ink.
QColor sparklineInk(const QIcon &icon)
{
    const QImage image = icon.pixmap(QSize(48, 16)).toImage().convertToFormat(QImage::Format_ARGB32);
    QColor ink = Qt::transparent;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (const QColor pixel = image.pixelColor(x, y); pixel.alpha() > ink.alpha())
                ink = pixel;
        }
    }
    return ink;
}

bool near(const QColor &a, const QColor &b)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) <= 12;
}

} // namespace

class tst_MonitorPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void thePickerFollowsTheDesktopDarkOrLight()
    {
        TrafficLog log;
        ConnectionListModel connections;
        connections.follow(log);
        FrameLogModel frames;
        frames.follow(log);
        HeartbeatTracker heartbeats;
        heartbeats.follow(log);
        MonitorPanel panel(connections, frames, heartbeats);
        panel.show();

        for (quint64 c = 1; c <= 2; ++c) {
            log.append({0, c, ConnectionOpened {u"127.0.0.1:%1"_s.arg(40'000 + c), "/chat"}});
            log.append({0, c, HandshakeExchanged {"GET /chat HTTP/1.1\r\n\r\n", "HTTP/1.1 101 OK\r\n\r\n"}});
            for (int i = 0; i < 3; ++i) {
                const QByteArray payload = QByteArray::number(i);
                log.append(Test::frameRecord(i * 1'000'000, c, Direction::ServerToClient, Opcode::ping, payload));
                log.append(Test::frameRecord(
                    i * 1'000'000 + 500 * (i + 1), c, Direction::ClientToServer, Opcode::pong, payload));
            }
        }
        log.append({3'000'000, 1, ConnectionClosed {Closer::Server, 1001, "going away", true}});

        QComboBox *picker = panel.picker();
        const int closed = picker->findData(quint64(1));
        const int open = picker->findData(quint64(2));
        QVERIFY(closed > 0 && open > 0);
        const auto expectShadesOf = [&](const QString &paletteName) {
            const QPalette palette = Test::paletteNamed(paletteName);
            QCOMPARE(picker->itemData(closed, Qt::ForegroundRole).value<QBrush>().color(),
                palette.color(QPalette::Disabled, QPalette::Text));
            QVERIFY(!picker->itemData(open, Qt::ForegroundRole).isValid());
            for (const int item : {closed, open}) {
                const QColor ink = sparklineInk(picker->itemIcon(item));
                QVERIFY2(near(ink, palette.color(QPalette::Text)), qPrintable(paletteName + u' ' + ink.name()));
            }
        };

        panel.setPalette(Test::paletteNamed(u"light"_s));
        expectShadesOf(u"light"_s);
        panel.setPalette(Test::paletteNamed(u"dark"_s));
        expectShadesOf(u"dark"_s);
        panel.setPalette(Test::paletteNamed(u"light"_s));
        expectShadesOf(u"light"_s);
    }
};

QTEST_MAIN(tst_MonitorPanel)
#include "tst_monitorpanel.moc"
