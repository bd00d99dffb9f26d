// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The server's carrier that owns its descriptor, over loopback TCP with a QTcpSocket at the other end: bytes both
// ways in order, a peer that reads slowly, hanging up and aborting, carriers ending while others are ready, and a
// process with no descriptor left.
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>

#include "support/eventwait.h"
#include "support/nodescriptorsleft.h"
#include "traffic/descriptorcarrier.h"
#include "traffic/epolldispatcher.h"
#include "traffic/wiretap.h"

using namespace Duplex;
using Duplex::Test::waitUntil;

namespace {

// count bytes that say where they are, so that a reordered or lost chunk shows.
QByteArray numbered(qsizetype count, qsizetype from = 0)
{
    QByteArray bytes(count, Qt::Uninitialized);
    for (qsizetype i = 0; i < count; ++i)
        bytes[i] = char(((from + i) * 7 + (from + i) / 251) & 0xff);
    return bytes;
}

// What a carrier told its listener; onReceived does what a connection might do then.
struct Heard final : Carrier::Listener
{
    void received(QByteArrayView chunk) override
    {
        bytes += chunk;
        if (onReceived)
            onReceived();
    }
    void written(qint64 count) override { writtenBytes += count; }
    void gone() override { ++goneCount; }

    QByteArray bytes;
    qint64 writtenBytes = 0;
    int goneCount = 0;
    std::function<void()> onReceived;
};

} // namespace

class tst_DescriptorCarrier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_server.listen(QHostAddress::LocalHost)); }
    void cleanup()
    {
        qDeleteAll(std::exchange(m_carriers, {}));
        m_heard.clear();
        qDeleteAll(std::exchange(m_clients, {}));
        m_server.close();
    }

    void carriesBytesBothWaysUntilThePeerCloses()
    {
        auto [carrier, client] = connectPair();
        QVERIFY(carrier);
        const Heard &heard = heardBy(carrier);

        client->write("ping");
        QVERIFY(waitUntil([&] { return heard.bytes == "ping"; }));
        carrier->write("pong", Carrier::Write::Now);
        carrier->write("!", Carrier::Write::Gathered);
        QVERIFY(waitUntil([client = client] { return client->bytesAvailable() == 5; }));
        QCOMPARE(client->readAll(), "pong!");
        carrier->write("head", " and tail", Carrier::Write::Now); // one system call, the tail not copied
        carrier->write("gathered", " too", Carrier::Write::Gathered);
        QVERIFY(waitUntil([client = client] { return client->bytesAvailable() == 25; }));
        QCOMPARE(client->readAll(), "head and tailgathered too");

        client->disconnectFromHost();
        QVERIFY(waitUntil([&] { return heard.goneCount == 1; }));
        carrier->write("late", Carrier::Write::Now); // nothing, and no crash
        QCOMPARE(carrier->bytesToWrite(), 0);
    }

    void keepsWhatASlowPeerHasNotTakenAndLosesNothing()
    {
        auto [carrier, client] = connectPair();
        QVERIFY(carrier);
        // 16 MiB, more than loopback's kernel buffers hold: first a piece the kernel takes only part of at once, then
        // pieces of both kinds of write behind it, whole or as a head and a tail.
        constexpr qsizetype total = 16 * 1024 * 1024;
        constexpr qsizetype first = 8 * 1024 * 1024;
        carrier->write(numbered(first), Carrier::Write::Now);
        QVERIFY(carrier->bytesToWrite() > 0);
        QVERIFY(carrier->bytesToWrite() < first);
        constexpr qsizetype piece = 48 * 1024 + 3;
        for (qsizetype at = first; at < total; at += piece) {
            const QByteArray bytes = numbered(std::min(piece, total - at), at);
            const auto write = at / piece % 2 ? Carrier::Write::Now : Carrier::Write::Gathered;
            if (at / piece % 4 < 2)
                carrier->write(bytes, write);
            else
                carrier->write(bytes.first(10), bytes.sliced(10), write);
        }
        QVERIFY(carrier->bytesToWrite() > 0); // the peer has not read yet
        QByteArray received;
        QVERIFY(waitUntil(
            [&received, client = client] {
                received += client->readAll();
                return received.size() == total;
            },
            20'000));
        QVERIFY(received == numbered(total));
        QCOMPARE(carrier->bytesToWrite(), 0);
        QCOMPARE(heardBy(carrier).writtenBytes, total);
    }

    void hangingUpSendsWhatWaitsThenEnds()
    {
        auto [carrier, client] = connectPair();
        QVERIFY(carrier);
        const Heard &heard = heardBy(carrier);
        client->write("unread input"); // would make the kernel reset the connection if left unread
        QVERIFY(client->waitForBytesWritten());
        QTest::qWait(20);
        const QByteArray last = numbered(4 * 1024 * 1024);
        carrier->write(last, Carrier::Write::Gathered);
        carrier->hangUp();
        QCOMPARE(heard.goneCount, 0); // not before the peer took the rest
        QByteArray received;
        QVERIFY(waitUntil(
            [&received, client = client] {
                received += client->readAll();
                return client->state() == QAbstractSocket::UnconnectedState;
            },
            20'000));
        received += client->readAll();
        QVERIFY(received == last);
        QCOMPARE(heard.goneCount, 1);
    }

    void hangingUpWithNothingWaitingEndsAtOnce()
    {
        auto [carrier, client] = connectPair();
        QVERIFY(carrier);
        carrier->hangUp();
        QCOMPARE(heardBy(carrier).goneCount, 1);
        QVERIFY(waitUntil([client = client] { return client->state() == QAbstractSocket::UnconnectedState; }));
    }

    void abortingDropsWhatWaitsAndEndsAtOnce()
    {
        auto [carrier, client] = connectPair();
        QVERIFY(carrier);
        const Heard &heard = heardBy(carrier);
        carrier->write(numbered(8 * 1024 * 1024), Carrier::Write::Now);
        QVERIFY(carrier->bytesToWrite() > 0);
        carrier->abort();
        QCOMPARE(heard.goneCount, 1);
        QCOMPARE(carrier->bytesToWrite(), 0);
        carrier->abort(); // once gone, nothing
        QCOMPARE(heard.goneCount, 1);
        QVERIFY(waitUntil([client = client] {
            client->readAll();
            return client->state() == QAbstractSocket::UnconnectedState;
        }));
    }

    void carriersDeletedWhileOthersAreReadyAreForgotten()
    {
        // Every client sends before the event loop runs, so that one pass finds all carriers ready: the first to
        // receive deletes the others, whose events in the same batch must not reach them.
        constexpr int count = 8;
        for (int i = 0; i < count; ++i)
            QVERIFY(connectPair().first);
        int receivers = 0;
        for (DescriptorCarrier *carrier : std::as_const(m_carriers)) {
            heardBy(carrier).onReceived = [this, carrier, &receivers] {
                ++receivers;
                for (DescriptorCarrier *other : std::as_const(m_carriers)) {
                    if (other != carrier)
                        delete other;
                }
                m_carriers = {carrier};
            };
        }
        QVERIFY(everyClientSends("ready"));
        QCOMPARE(receivers, 1);
        QCOMPARE(m_carriers.size(), 1);
    }

    void theLastCarrierMayBeDeletedByItsOwnHandler()
    {
        auto [carrier, client] = connectPair();
        QVERIFY(carrier);
        bool deleted = false;
        heardBy(carrier).onReceived = [this, carrier = carrier, &deleted] {
            m_carriers.removeOne(carrier);
            delete carrier; // and with it the thread's epoll instance, in the middle of its dispatch
            deleted = true;
        };
        client->write("last");
        QVERIFY(waitUntil([&] { return deleted; }));
        QVERIFY(waitUntil([client = client] { return client->state() == QAbstractSocket::UnconnectedState; }));
    }

    void carriersDeletedInAnEventLoopOfAHandlersOwnAreForgotten()
    {
        // The first to receive runs an event loop of its own, where the second deletes the others: their events
        // wait in both batches, the nested one and the one the first handler came from.
        constexpr int count = 6;
        for (int i = 0; i < count; ++i)
            QVERIFY(connectPair().first);
        QList<DescriptorCarrier *> receivers;
        for (DescriptorCarrier *carrier : std::as_const(m_carriers)) {
            heardBy(carrier).onReceived = [this, carrier, &receivers] {
                receivers.append(carrier);
                if (receivers.size() == 1) {
                    QTest::qWait(20);
                } else if (receivers.size() == 2) {
                    for (DescriptorCarrier *other : std::as_const(m_carriers)) {
                        if (!receivers.contains(other))
                            delete other;
                    }
                    m_carriers = receivers;
                }
            };
        }
        QVERIFY(everyClientSends("ready"));
        QCOMPARE(receivers.size(), 2);
    }

    void givesTheSocketBackWhenNoDescriptorIsLeft()
    {
        QVERIFY(connectPair().first); // the thread's epoll instance exists: it is the duplicate that fails
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, m_server.serverPort());
        QVERIFY(client.waitForConnected());
        QVERIFY(waitUntil([&] { return m_server.hasPendingConnections(); }));
        QTcpSocket *socket = m_server.nextPendingConnection();
        {
            const Test::NoDescriptorsLeft none;
            QVERIFY(none.isInEffect());
            QCOMPARE(DescriptorCarrier::takeOver(socket), nullptr);
        }
        QCOMPARE(socket->state(), QAbstractSocket::ConnectedState); // untouched, still the caller's
        socket->write("still here");
        QVERIFY(waitUntil([&] { return client.bytesAvailable() == 10; }));
        delete socket;
    }

private:
    // Every client sends before the event loop runs, then the loop runs: one pass finds all carriers ready.
    bool everyClientSends(const QByteArray &bytes)
    {
        for (QTcpSocket *client : std::as_const(m_clients)) {
            client->write(bytes);
            if (!client->waitForBytesWritten())
                return false;
        }
        QTest::qWait(50);
        return true;
    }

    // A carrier over the server's side of a new loopback connection, and the client at the other end.
    std::pair<DescriptorCarrier *, QTcpSocket *> connectPair()
    {
        auto *client = new QTcpSocket;
        m_clients.append(client);
        client->connectToHost(QHostAddress::LocalHost, m_server.serverPort());
        if (!client->waitForConnected() || !waitUntil([&] { return m_server.hasPendingConnections(); }))
            return {};
        auto *carrier = DescriptorCarrier::takeOver(m_server.nextPendingConnection());
        if (carrier) {
            m_carriers.append(carrier);
            carrier->setListener(*m_heard.emplace(carrier, std::make_unique<Heard>()).first->second);
        }
        return {carrier, client};
    }

    Heard &heardBy(DescriptorCarrier *carrier) { return *m_heard.at(carrier); }

    QTcpServer m_server;
    QList<DescriptorCarrier *> m_carriers;
    std::map<DescriptorCarrier *, std::unique_ptr<Heard>> m_heard; // outlive the carriers
    QList<QTcpSocket *> m_clients;
};

// ctest runs this twice: under Qt's own event dispatcher, and with DUPLEX_TEST_DISPATCHER=epoll under the server's.
int main(int argc, char *argv[])
{
    if (qgetenv("DUPLEX_TEST_DISPATCHER") == "epoll")
        QCoreApplication::setEventDispatcher(EpollDispatcher::create());
    QCoreApplication app(argc, argv);
    tst_DescriptorCarrier test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_descriptorcarrier.moc"
