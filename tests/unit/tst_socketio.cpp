// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Socket.IO's packets as the monitor reads them, from frames as socket.io and engine.io write them.
#include "wire/socketio.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

class tst_SocketIo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsWhatSocketIoWrites_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("described");
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("open") << R"(0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000})"_ba
                              << u"Engine.IO open"_s
                              << R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000})"_ba;
        QTest::newRow("ping") << "2"_ba << u"Engine.IO ping"_s << QByteArray();
        QTest::newRow("probe") << "3probe"_ba << u"Engine.IO pong (probe)"_s << "probe"_ba;
        QTest::newRow("upgrade") << "5"_ba << u"Engine.IO upgrade"_s << QByteArray();
        QTest::newRow("connect") << "40"_ba << u"Socket.IO CONNECT · namespace /"_s << QByteArray();
        QTest::newRow("connect with auth")
            << R"(40/admin,{"token":"123"})"_ba << u"Socket.IO CONNECT · namespace /admin"_s << R"({"token":"123"})"_ba;
        QTest::newRow("event") << R"(42["chat",{"msg":"hi"}])"_ba << u"Socket.IO EVENT “chat” · namespace /"_s
                               << R"(["chat",{"msg":"hi"}])"_ba;
        QTest::newRow("event with an ack")
            << R"(42/admin,13["ask",1])"_ba << u"Socket.IO EVENT “ask” · namespace /admin · ack 13"_s
            << R"(["ask",1])"_ba;
        QTest::newRow("ack") << R"(4313["fine"])"_ba << u"Socket.IO ACK · namespace / · ack 13"_s << R"(["fine"])"_ba;
        QTest::newRow("binary event")
            << R"(451-["upload",{"_placeholder":true,"num":0}])"_ba
            << u"Socket.IO BINARY_EVENT “upload” · namespace / · 1 binary attachment follows"_s
            << R"(["upload",{"_placeholder":true,"num":0}])"_ba;
        QTest::newRow("connect error") << R"(44{"message":"Not authorized"})"_ba
                                       << u"Socket.IO CONNECT_ERROR · namespace /"_s
                                       << R"({"message":"Not authorized"})"_ba;
        QTest::newRow("disconnect from a namespace")
            << "41/admin,"_ba << u"Socket.IO DISCONNECT · namespace /admin"_s << QByteArray();
    }
    void readsWhatSocketIoWrites()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, described);
        QFETCH(QByteArray, data);
        const auto packet = SocketIo::decode(frame);
        QVERIFY(packet);
        QCOMPARE(SocketIo::describe(*packet), described);
        QCOMPARE(packet->data, data);
    }

    // Plain text that starts with a digit, or a packet whose payload is not what its type takes, is no packet.
    void leavesEverythingElse_data()
    {
        QTest::addColumn<QByteArray>("frame");
        for (const QByteArray &text :
            {""_ba, "hello"_ba, "2 cats"_ba, "42"_ba, "4"_ba, "1bye"_ba, "0 open"_ba, R"(0["not","an","object"])"_ba,
                "42 is the answer"_ba, R"(42{"an":"object"})"_ba, R"(42[])"_ba, R"(42[{"first":"not a name"}])"_ba,
                R"(41{"x":1})"_ba, R"(45-["x"])"_ba, R"(451["x"])"_ba, R"(43{"ack":"not an array"})"_ba, "7"_ba,
                R"(40/admin,[1])"_ba, R"(421234567890123456789["x"])"_ba, "2probe!"_ba})
            QTest::newRow(text.isEmpty() ? "empty" : text.constData()) << text;
    }
    void leavesEverythingElse()
    {
        QFETCH(QByteArray, frame);
        QVERIFY(!SocketIo::decode(frame));
    }
};

QTEST_GUILESS_MAIN(tst_SocketIo)
#include "tst_socketio.moc"
