// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The join URLs duplex-server prints. Nothing listens here: "any" addresses are only expanded, never bound.
#include <QTest>

#include "server/server.h"

using Duplex::Server;

class tst_ServerUrls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneAddressGivesItsTwoEndpoints()
    {
        QCOMPARE(Server::urlsFor(QHostAddress(QHostAddress::LocalHost), 8080),
            QList<QUrl>({QUrl("ws://127.0.0.1:8080/echo"), QUrl("ws://127.0.0.1:8080/chat")}));
        QCOMPARE(Server::urlsFor(QHostAddress(QHostAddress::LocalHostIPv6), 9).first(), QUrl("ws://[::1]:9/echo"));
    }

    void anyAddressListsEveryInterfaceLoopbackFirst()
    {
        const QList<QUrl> urls = Server::urlsFor(QHostAddress(QHostAddress::AnyIPv4), 8080);
        QVERIFY(urls.size() >= 2);
        QCOMPARE(urls.size() % 2, 0);
        QCOMPARE(urls.first(), QUrl("ws://127.0.0.1:8080/echo"));
        for (const QUrl &url : urls) {
            const QHostAddress host(url.host());
            QCOMPARE(host.protocol(), QAbstractSocket::IPv4Protocol); // bound to IPv4 only
            QVERIFY(host != QHostAddress(QHostAddress::AnyIPv4));
        }
    }
};

QTEST_GUILESS_MAIN(tst_ServerUrls)
#include "tst_serverurls.moc"
