// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Rooms shared on the LAN announce themselves, and Duplex lists and joins them. Multicast never goes to a real
// network here: ctest runs this in a network namespace of its own (CMakeLists.txt), whose only interface is its
// own loopback, which the test lets carry multicast.
#include <QLineEdit>
#include <QMenu>
#include <QNetworkInterface>
#include <QSysInfo>
#include <QTest>
#include <QToolButton>
#include <QUdpSocket>

#include <cstring>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client/chatclient.h"
#include "client/roomfinder.h"
#include "support/eventwait.h"
#include "support/jsonclient.h"
#include "support/testserver.h"
#include "ui/chatpanel.h"
#include "ui/hostpanel.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

namespace {

// Whether this process is alone on a network with loopback only, as unshare --net leaves it.
bool inANetworkOfItsOwn()
{
    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    return interfaces.size() == 1 && interfaces.first().flags().testFlag(QNetworkInterface::IsLoopBack);
}

// Up, and carrying multicast (which a loopback interface does not by default): ip link set lo up multicast on.
bool letLoopbackMulticast()
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    ifreq request {};
    std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    bool done = fd >= 0 && ::ioctl(fd, SIOCGIFFLAGS, &request) == 0;
    request.ifr_flags = short(request.ifr_flags | IFF_UP | IFF_MULTICAST);
    done = done && ::ioctl(fd, SIOCSIFFLAGS, &request) == 0;
    if (fd >= 0)
        ::close(fd);
    return done;
}

ServerConfig announced(const QString &password = {})
{
    ServerConfig config = Test::loopbackConfig();
    config.announce = true;
    config.password = password;
    return config;
}

// Sends datagram to the announcements' group from a port of its own, as another program on the network would.
void sendToGroup(const QByteArray &datagram)
{
    QUdpSocket socket;
    socket.bind(QHostAddress::LocalHost, 0);
    socket.setMulticastInterface(QNetworkInterface::interfaceFromName(u"lo"_s));
    socket.writeDatagram(datagram, RoomAnnouncement::group, RoomAnnouncement::udpPort);
}

} // namespace

class tst_LanDiscovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(inANetworkOfItsOwn(), "run under tests/support/own-network, as ctest does");
        QVERIFY(letLoopbackMulticast());
    }

    // A room announces on the interface its address is on: a room on loopback there alone; a room on "any" on the
    // networks, never on loopback, which has none here.
    void announcesWhereTheRoomListens()
    {
        const QList<QNetworkInterface> onLoopback = RoomAnnouncement::interfacesFor(QHostAddress::LocalHost);
        QCOMPARE(onLoopback.size(), 1);
        QCOMPARE(onLoopback.first().name(), u"lo");
        QVERIFY(RoomAnnouncement::interfacesFor(QHostAddress::Any).isEmpty());
        QVERIFY(RoomAnnouncement::interfacesFor(QHostAddress(u"10.1.2.3"_s)).isEmpty());
    }

    // Two rooms are found in the order they were heard, with their names, ports and whether they ask a password;
    // a room found is joined at its page's address; a room that stops is forgotten once it has been silent a while.
    void findsJoinsAndForgetsRooms()
    {
        RoomFinder finder;
        QVERIFY2(finder.start(), qPrintable(finder.errorString()));
        const auto open = Test::startServer(announced());
        const auto guarded = Test::startServer(announced(u"open sesame"_s));
        QVERIFY(open && guarded);
        QVERIFY(Test::waitUntil([&finder] { return finder.rooms().size() == 2; }, 5000));
        QList<quint16> ports;
        for (const FoundRoom &found : finder.rooms()) {
            QCOMPARE(found.address, QHostAddress(QHostAddress::LocalHost));
            QCOMPARE(found.room.name, QSysInfo::machineHostName());
            QCOMPARE(found.room.password, found.room.port == guarded->port());
            ports.append(found.room.port);
        }
        QVERIFY(ports.contains(open->port()) && ports.contains(guarded->port()));

        const auto openOne = std::find_if(finder.rooms().cbegin(), finder.rooms().cend(),
            [&open](const FoundRoom &found) { return found.room.port == open->port(); });
        const std::optional<QUrl> room = ChatClient::roomUrl(openOne->page().toString());
        QVERIFY(room);
        Test::JsonClient member;
        QVERIFY(member.join(*room));

        QSignalSpy changed(&finder, &RoomFinder::roomsChanged);
        guarded->shutdown();
        QVERIFY(Test::waitUntil([&finder] { return finder.rooms().size() == 1; },
            int(RoomAnnouncement::lifetime.count() + 2 * RoomAnnouncement::interval.count())));
        QCOMPARE(finder.rooms().first().room.port, open->port());
        QCOMPARE(changed.size(), 1); // the room that stays said nothing new
    }

    // Datagrams that are not announcements are no rooms; however many rooms announce, the list holds at most
    // maxRooms.
    void takesOnlyAnnouncementsAndABoundedNumber()
    {
        RoomFinder finder;
        QVERIFY(finder.start());
        const RoomAnnouncement::Room valid {u"lab"_s, 8080, false};
        for (const QByteArray &datagram : {QByteArray("hello"), QByteArray(600, '{'),
                 RoomAnnouncement::encode(valid).replace("duplex-room", "other-room"),
                 RoomAnnouncement::encode({u"lab"_s, 0, false}), RoomAnnouncement::encode({u"l\u0007b"_s, 1, false})})
            sendToGroup(datagram);
        sendToGroup(RoomAnnouncement::encode(valid)); // then one that is: everything before it was read
        QVERIFY(Test::waitUntil([&finder] { return finder.rooms().size() == 1; }, 5000));
        QCOMPARE(finder.rooms().first().room, valid);

        for (int port = 1; port <= 2 * RoomFinder::maxRooms; ++port)
            sendToGroup(RoomAnnouncement::encode({u"crowd"_s, quint16(port), false}));
        QVERIFY(Test::waitUntil([&finder] { return finder.rooms().size() == RoomFinder::maxRooms; }, 5000));
        QTest::qWait(200);
        QCOMPARE(finder.rooms().size(), RoomFinder::maxRooms);
    }

    // The Host tab says who can join, and what may keep the others out.
    void theHostTabSaysWhoCanJoin()
    {
        QVERIFY(HostPanel::whoCanJoin(false, {}, 8080).startsWith(u"Only this computer can join"));
        QCOMPARE(HostPanel::whoCanJoin(true, {}, 8080), u"This computer is on no network others could join from.");
        QCOMPARE(HostPanel::whoCanJoin(true, RoomAnnouncement::interfacesFor(QHostAddress::LocalHost), 8080),
            u"Announced on lo (127.0.0.1): Duplex there lists the room under Chat ▸ Nearby. Someone who does not see "
            u"it there may have a firewall that drops UDP port 49877; someone who cannot join, one here that refuses "
            u"TCP port 8080."_s);
    }

    // The Chat tab's Nearby lists the rooms found, says which ask for a password, and joins the one chosen.
    void theChatTabJoinsARoomNearby()
    {
        RoomFinder finder;
        QVERIFY(finder.start());
        ChatClient client;
        ChatPanel panel(&client);
        QToolButton *nearby = panel.nearbyButton();
        QVERIFY(nearby->isHidden()); // no finder, no Nearby
        panel.setRoomFinder(&finder);
        QVERIFY(!nearby->isHidden());
        QCOMPARE(nearby->text(), u"Nearby (0)");
        QCOMPARE(nearby->menu()->actions().size(), 1);
        QVERIFY(!nearby->menu()->actions().first()->isEnabled());

        const auto server = Test::startServer(announced());
        QVERIFY(server);
        QVERIFY(Test::waitUntil([nearby] { return nearby->text() == u"Nearby (1)"; }, 5000));
        QAction *room = nearby->menu()->actions().first();
        QCOMPARE(room->text(), u"%1 at 127.0.0.1:%2"_s.arg(QSysInfo::machineHostName()).arg(server->port()));
        room->trigger();
        QVERIFY(Test::waitUntil([&panel] { return panel.input()->isEnabled(); }));
        QCOMPARE(panel.roomField()->text(), u"ws://127.0.0.1:%1/chat"_s.arg(server->port()));
    }
};

QTEST_MAIN(tst_LanDiscovery)
#include "tst_landiscovery.moc"
