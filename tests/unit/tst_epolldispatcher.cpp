// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The server's event dispatcher, installed for this whole test as duplex-server installs it: timers, socket
// notifiers (also ones deleted by another's handler in the same pass), nested event loops, wake-ups and interrupts
// from other threads, deferred deletes, and Qt's own sockets and processes running on it.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QProcess>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include "support/eventwait.h"
#include "traffic/epoll.h"
#include "traffic/epolldispatcher.h"

using namespace Duplex;
using Duplex::Test::waitUntil;
using namespace std::chrono_literals;

namespace {

// Both ends of a connected pair of local sockets, closed at the end.
struct SocketPair
{
    SocketPair() { QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, ends) == 0); }
    ~SocketPair()
    {
        ::close(ends[0]);
        ::close(ends[1]);
    }
    Q_DISABLE_COPY_MOVE(SocketPair)
    void send() const { QCOMPARE(::write(ends[1], "x", 1), 1); }

    int ends[2] = {-1, -1}; // a notifier watches ends[0]
};

EpollDispatcher *dispatcher()
{
    return qobject_cast<EpollDispatcher *>(QAbstractEventDispatcher::instance());
}

// One pass of the event loop that does not wait.
void onePass()
{
    dispatcher()->processEvents(QEventLoop::AllEvents);
}

// Passes until nothing is left to do: the next pass that may wait does.
void settle()
{
    while (dispatcher()->processEvents(QEventLoop::AllEvents)) { }
}

} // namespace

class tst_EpollDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isTheThreadsDispatcherAndItsEpollTheCarriers()
    {
        QVERIFY(dispatcher());
        QCOMPARE(Epoll::ofThisThread(), dispatcher()->epoll());
    }

    void firesTimersInTheOrderOfTheirDeadlines()
    {
        QList<int> fired;
        for (const int ms : {30, 10, 20})
            QTimer::singleShot(ms, Qt::PreciseTimer, this, [&fired, ms] { fired.append(ms); });
        QTRY_COMPARE_WITH_TIMEOUT(fired.size(), 3, 2000);
        QCOMPARE(fired, QList<int>({10, 20, 30}));
    }

    void repeatsATimerUntilItIsStoppedAndTellsWhatIsRegistered()
    {
        QTimer timer;
        timer.setTimerType(Qt::PreciseTimer);
        int timeouts = 0;
        connect(&timer, &QTimer::timeout, this, [&] { ++timeouts; });
        timer.start(20);
        const QList<QAbstractEventDispatcher::TimerInfo> registered = dispatcher()->registeredTimers(&timer);
        QCOMPARE(registered.size(), 1);
        QCOMPARE(registered.first().timerId, timer.timerId());
        QCOMPARE(registered.first().interval, 20);
        QVERIFY(timer.remainingTime() > 0 && timer.remainingTime() <= 20);
        QTRY_VERIFY_WITH_TIMEOUT(timeouts >= 3, 2000);

        timer.stop();
        QVERIFY(dispatcher()->registeredTimers(&timer).isEmpty());
        const int stoppedAt = timeouts;
        QTest::qWait(60);
        QCOMPARE(timeouts, stoppedAt);
    }

    void aTimerStoppedByAnotherDueAtTheSameTimeDoesNotFire()
    {
        QTimer first;
        QTimer second;
        int fired = 0;
        for (auto [timer, other] : {std::pair(&first, &second), std::pair(&second, &first)}) {
            timer->setSingleShot(true);
            connect(timer, &QTimer::timeout, this, [&fired, other = other] {
                ++fired;
                other->stop();
            });
            timer->start(1);
        }
        std::this_thread::sleep_for(5ms); // both are due at the next pass
        onePass();
        QCOMPARE(fired, 1);
    }

    void aNestedEventLoopRunsOtherTimersButNotTheOneWhoseHandlerRunsIt()
    {
        QTimer outer;
        QTimer other;
        int outerCalls = 0;
        int reentries = 0;
        int otherCalls = 0;
        bool inOuter = false;
        connect(&other, &QTimer::timeout, this, [&] { ++otherCalls; });
        connect(&outer, &QTimer::timeout, this, [&] {
            reentries += inOuter;
            if (++outerCalls > 1)
                return;
            inOuter = true;
            other.start(5);
            QEventLoop nested;
            QTimer::singleShot(50, &nested, &QEventLoop::quit);
            nested.exec();
            inOuter = false;
        });
        outer.start(1);
        QTRY_VERIFY_WITH_TIMEOUT(outerCalls >= 2, 2000);
        QCOMPARE(reentries, 0);
        QVERIFY(otherCalls >= 2);
    }

    void activatesTheReadAndWriteNotifiersOfOneDescriptorSeparately()
    {
        SocketPair pair;
        QSocketNotifier readable(pair.ends[0], QSocketNotifier::Read);
        QSocketNotifier writable(pair.ends[0], QSocketNotifier::Write);
        QSignalSpy reads(&readable, &QSocketNotifier::activated);
        QSignalSpy writes(&writable, &QSocketNotifier::activated);

        onePass();
        QCOMPARE(reads.size(), 0);
        QCOMPARE(writes.size(), 1); // an empty socket is writable
        writable.setEnabled(false);
        pair.send();
        onePass();
        QCOMPARE(reads.size(), 1);
        QCOMPARE(writes.size(), 1);

        readable.setEnabled(false); // still readable: nothing was read
        onePass();
        QCOMPARE(reads.size(), 1);
        readable.setEnabled(true);
        onePass();
        QCOMPARE(reads.size(), 2);
    }

    void aNotifierDeletedByAnotherOneInTheSameBatchIsNotActivated()
    {
        SocketPair one;
        SocketPair two;
        QPointer<QSocketNotifier> first = new QSocketNotifier(one.ends[0], QSocketNotifier::Read);
        QPointer<QSocketNotifier> second = new QSocketNotifier(two.ends[0], QSocketNotifier::Read);
        int activations = 0;
        for (auto [notifier, other] : {std::pair(first, second), std::pair(second, first)}) {
            connect(notifier, &QSocketNotifier::activated, this, [&activations, other = other] {
                ++activations;
                delete other;
            });
        }
        one.send();
        two.send(); // one epoll_wait finds both
        onePass();
        QCOMPARE(activations, 1);
        QCOMPARE(bool(first) + bool(second), 1);
        delete first;
        delete second;
    }

    void aHandlerMayDeleteEveryNotifierOfItsDescriptor()
    {
        SocketPair pair;
        QPointer<QSocketNotifier> readable = new QSocketNotifier(pair.ends[0], QSocketNotifier::Read);
        QPointer<QSocketNotifier> writable = new QSocketNotifier(pair.ends[0], QSocketNotifier::Write);
        int writes = 0;
        connect(writable, &QSocketNotifier::activated, this, [&writes] { ++writes; });
        onePass(); // the write notifier's first activation, unasked: from now on epoll watches for writable
        QCOMPARE(writes, 1);
        connect(readable, &QSocketNotifier::activated, this, [&] {
            delete writable;
            delete readable;
        });
        pair.send(); // readable and writable in one event: the read notifier goes first
        onePass();
        QCOMPARE(writes, 1);
        QVERIFY(!readable && !writable);

        // The descriptor can be watched again.
        QSocketNotifier again(pair.ends[0], QSocketNotifier::Read);
        QSignalSpy reads(&again, &QSocketNotifier::activated);
        onePass();
        QCOMPARE(reads.size(), 1);
    }

    void aWriteNotifierIsActivatedOnceUnaskedThenWhenTheSocketIsWritable()
    {
        SocketPair pair;
        while (::write(pair.ends[0], QByteArray(4096, 'x').constData(), 4096) > 0) { } // full
        QSocketNotifier writable(pair.ends[0], QSocketNotifier::Write);
        QSignalSpy writes(&writable, &QSocketNotifier::activated);
        QTimer guard; // ends a wait that should not have begun
        guard.start(5s);
        QElapsedTimer waited;
        waited.start();
        dispatcher()->processEvents(QEventLoop::WaitForMoreEvents);
        QVERIFY(waited.elapsed() < 2500);
        QCOMPARE(writes.size(), 1); // assumed writable, as a socket with room would be

        onePass(); // still enabled, so epoll watches: a full socket is not writable
        QCOMPARE(writes.size(), 1);
        char drain[4096];
        while (::read(pair.ends[1], drain, sizeof drain) > 0) { }
        onePass();
        QCOMPARE(writes.size(), 2);
    }

    void aWriteNotifierDisabledOrDeletedBeforeTheNextPassIsNotActivated()
    {
        SocketPair pair;
        QSocketNotifier writable(pair.ends[0], QSocketNotifier::Write);
        QSignalSpy writes(&writable, &QSocketNotifier::activated);
        writable.setEnabled(false);
        delete new QSocketNotifier(pair.ends[1], QSocketNotifier::Write);
        onePass();
        QCOMPARE(writes.size(), 0);
        writable.setEnabled(true);
        onePass();
        QCOMPARE(writes.size(), 1);
    }

    void aPostFromAnotherThreadEndsTheWait()
    {
        settle();
        QEventLoop loop;
        QTimer::singleShot(10'000, &loop, &QEventLoop::quit); // should the wake-up be lost
        bool delivered = false;
        std::thread poster([&loop, &delivered] {
            std::this_thread::sleep_for(50ms);
            QMetaObject::invokeMethod(
                &loop,
                [&loop, &delivered] {
                    delivered = true;
                    loop.quit();
                },
                Qt::QueuedConnection);
        });
        QElapsedTimer waited;
        waited.start();
        loop.exec();
        poster.join();
        QVERIFY(delivered);
        QVERIFY2(waited.elapsed() >= 40 && waited.elapsed() < 5000, qPrintable(QString::number(waited.elapsed())));
    }

    void anInterruptFromAnotherThreadEndsTheWait()
    {
        settle();
        QTimer guard;
        guard.start(10'000);
        std::thread interrupter([dispatcher = dispatcher()] {
            std::this_thread::sleep_for(50ms);
            dispatcher->interrupt();
        });
        QElapsedTimer waited;
        waited.start();
        dispatcher()->processEvents(QEventLoop::WaitForMoreEvents);
        interrupter.join();
        QVERIFY2(waited.elapsed() >= 40 && waited.elapsed() < 5000, qPrintable(QString::number(waited.elapsed())));
    }

    void deletesLaterOnceControlReturnsToTheLoop()
    {
        QPointer<QObject> doomed = new QObject;
        doomed->deleteLater();
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY(!doomed);
    }

    void carriesQtsSocketsAndProcesses()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        connect(&server, &QTcpServer::newConnection, this, [&server] {
            QTcpSocket *peer = server.nextPendingConnection();
            connect(peer, &QTcpSocket::readyRead, peer, [peer] { peer->write(peer->readAll()); });
        });
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QByteArray echoed;
        connect(&client, &QTcpSocket::readyRead, this, [&] { echoed += client.readAll(); });
        QByteArray sent;
        for (int round = 0; round < 100; ++round) {
            const QByteArray line = QByteArray::number(round) + '\n';
            sent += line;
            client.write(line);
            QVERIFY(waitUntil([&] { return echoed == sent; }));
        }

        QProcess process;
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral("/bin/echo"), {QStringLiteral("heard")});
        QVERIFY(finished.wait(5000));
        QCOMPARE(process.readAllStandardOutput(), "heard\n");
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication::setEventDispatcher(EpollDispatcher::create());
    QCoreApplication app(argc, argv);
    tst_EpollDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolldispatcher.moc"
