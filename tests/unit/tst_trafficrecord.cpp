// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// How a record names the other end of a connection.
#include <QTest>

#include "traffic/trafficrecord.h"

using namespace Duplex;

class tst_TrafficRecord : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void endpoint_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("expected");
        QTest::newRow("IPv4") << "127.0.0.1"
                              << "127.0.0.1:4242";
        QTest::newRow("IPv6 in brackets") << "::1"
                                          << "[::1]:4242";
        QTest::newRow("IPv4 on a dual-stack listener") << "::ffff:192.0.2.7"
                                                       << "192.0.2.7:4242";
        QTest::newRow("IPv6 with a scope") << "fe80::1%lo"
                                           << "[fe80::1%lo]:4242";
    }
    void endpoint()
    {
        QFETCH(QString, address);
        QFETCH(QString, expected);
        QCOMPARE(ConnectionOpened::endpoint(QHostAddress(address), 4242), expected);
    }
};

QTEST_GUILESS_MAIN(tst_TrafficRecord)
#include "tst_trafficrecord.moc"
