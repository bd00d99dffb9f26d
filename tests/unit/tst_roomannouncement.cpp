// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "room/roomannouncement.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

class tst_RoomAnnouncement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsWhatItWrites()
    {
        const RoomAnnouncement::Room room {u"ann's laptop \u00e9"_s, 8080, true};
        const QByteArray datagram = RoomAnnouncement::encode(room);
        QVERIFY(datagram.size() <= RoomAnnouncement::maxBytes);
        QCOMPARE(RoomAnnouncement::decode(datagram), room);
        // A longest name still fits a datagram, and a longer one is cut to it.
        const RoomAnnouncement::Room longName {QString(100, u'\u00e9'), 65535, false};
        const QByteArray cut = RoomAnnouncement::encode(longName);
        QVERIFY(cut.size() <= RoomAnnouncement::maxBytes);
        QCOMPARE(RoomAnnouncement::decode(cut)->name, QString(RoomAnnouncement::maxNameLength, u'\u00e9'));
        // Never in the middle of a character outside the BMP, which is as good a name as any.
        const QString emoji = u"\U0001F3E0"_s;
        const RoomAnnouncement::Room houses {QString(63, u'a') + emoji, 1, false};
        QCOMPARE(RoomAnnouncement::decode(RoomAnnouncement::encode(houses))->name, QString(63, u'a'));
        QCOMPARE(RoomAnnouncement::decode(RoomAnnouncement::encode({emoji, 1, false}))->name, emoji);
    }

    void refusesWhatIsNotAnAnnouncement_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        QTest::newRow("not JSON") << QByteArray("duplex-room 8080");
        QTest::newRow("an array") << QByteArray("[1]");
        QTest::newRow("another kind") << QByteArray(R"({"type":"x","version":1,"name":"a","port":1,"password":false})");
        QTest::newRow("no version") << QByteArray(R"({"type":"duplex-room","name":"a","port":1,"password":false})");
        QTest::newRow("no name") << QByteArray(R"({"type":"duplex-room","version":1,"port":1,"password":false})");
        QTest::newRow("empty name") << QByteArray(
            R"({"type":"duplex-room","version":1,"name":"","port":1,"password":false})");
        QTest::newRow("control in name") << QByteArray(
            R"({"type":"duplex-room","version":1,"name":"a\nb","port":1,"password":false})");
        QTest::newRow("port 0") << QByteArray(
            R"({"type":"duplex-room","version":1,"name":"a","port":0,"password":false})");
        QTest::newRow("port too high") << QByteArray(
            R"({"type":"duplex-room","version":1,"name":"a","port":65536,"password":false})");
        QTest::newRow("port a fraction") << QByteArray(
            R"({"type":"duplex-room","version":1,"name":"a","port":80.5,"password":false})");
        QTest::newRow("port as text") << QByteArray(
            R"({"type":"duplex-room","version":1,"name":"a","port":"80","password":false})");
        QTest::newRow("password not a boolean")
            << QByteArray(R"({"type":"duplex-room","version":1,"name":"a","port":80,"password":0})");
        QTest::newRow("too long")
            << QByteArray(R"({"type":"duplex-room","version":1,"name":"a","port":80,"password":false,"pad":")")
                + QByteArray(500, 'x') + "\"}";
    }
    void refusesWhatIsNotAnAnnouncement()
    {
        QFETCH(QByteArray, datagram);
        QVERIFY(!RoomAnnouncement::decode(datagram));
    }

    // A later version may say more: what this one reads is still there.
    void readsALaterVersion()
    {
        const auto room = RoomAnnouncement::decode(
            R"({"type":"duplex-room","version":2,"name":"lab","port":80,"password":false,"tls":true})");
        QVERIFY(room);
        QCOMPARE(room->name, u"lab");
    }
};

QTEST_GUILESS_MAIN(tst_RoomAnnouncement)
#include "tst_roomannouncement.moc"
