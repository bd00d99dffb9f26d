// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// duplex-server as a person runs it: a real process, its output, its exit codes and its signals.
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <csignal>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runToEnd(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(DUPLEX_SERVER), arguments);
    if (!process.waitForFinished(10000))
        process.kill();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
        process.readAllStandardError()};
}

// Starts the server and returns the URLs it printed, or nothing if it did not print two in time.
QList<QUrl> startAndReadUrls(QProcess &process, const QStringList &arguments)
{
    process.start(QStringLiteral(DUPLEX_SERVER), arguments);
    QList<QUrl> urls;
    const auto readUrls = [&] {
        while (process.canReadLine())
            urls.append(QUrl(QString::fromUtf8(process.readLine().trimmed())));
        return urls.size() >= 2;
    };
    if (!QTest::qWaitFor(readUrls, 10000))
        return {};
    return urls;
}

} // namespace

class tst_ServerProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void printsUrlsAndClosesClientsWith1001OnSignal_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGTERM") << SIGTERM;
        QTest::newRow("SIGINT") << SIGINT;
    }
    void printsUrlsAndClosesClientsWith1001OnSignal()
    {
        QFETCH(int, signalNumber);
        QProcess process;
        const QList<QUrl> urls = startAndReadUrls(process, {QStringLiteral("--port"), QStringLiteral("0")});
        QCOMPARE(urls.size(), 2);
        const quint16 port = quint16(urls.first().port());
        QVERIFY(port > 0);
        QCOMPARE(urls.at(0).toString(), QStringLiteral("ws://127.0.0.1:%1/echo").arg(port));
        QCOMPARE(urls.at(1).toString(), QStringLiteral("ws://127.0.0.1:%1/chat").arg(port));

        QWebSocket echo, chat;
        QSignalSpy echoed(&echo, &QWebSocket::textMessageReceived);
        QSignalSpy greeted(&chat, &QWebSocket::textMessageReceived);
        echo.open(urls.at(0));
        chat.open(urls.at(1));
        QTRY_COMPARE(chat.state(), QAbstractSocket::ConnectedState);
        QTRY_COMPARE(greeted.size(), 1);
        echo.sendTextMessage(QStringLiteral("ping"));
        QTRY_COMPARE(echoed.size(), 1);

        QCOMPARE(::kill(pid_t(process.processId()), signalNumber), 0);
        QTRY_COMPARE(echo.state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(chat.state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(echo.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        QCOMPARE(chat.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        QTRY_COMPARE(process.state(), QProcess::NotRunning);
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(process.readAllStandardError(), QByteArray());
    }

    void helpAndVersion()
    {
        const Run help = runToEnd({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--ping-interval"));
        const Run version = runToEnd({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.out, "duplex-server " DUPLEX_VERSION "\n");
    }

    void refusesBadStartsWithOneLineAndExit2_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("unknown option") << QStringList {"--colour"} << QByteArray("Unknown option 'colour'.");
        QTest::newRow("bad port") << QStringList {"--port", "99999"} << QByteArray("invalid --port '99999'");
        QTest::newRow("bad bind") << QStringList {"--bind", "localhost:80"}
                                  << QByteArray("invalid --bind 'localhost:80'");
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never this machine's, so bind fails; nothing is sent anywhere.
        QTest::newRow("address not here")
            << QStringList {"--bind", "192.0.2.1", "--port", "0"} << QByteArray("cannot listen on 192.0.2.1:0");
        // This program is no SQLite database.
        QTest::newRow("history file not a database")
            << QStringList {"--port", "0", "--history-file", QCoreApplication::applicationFilePath()}
            << QByteArray("cannot keep the room's history in " + QCoreApplication::applicationFilePath().toUtf8()
                   + ": file is not a database");
    }
    void refusesBadStartsWithOneLineAndExit2()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const Run run = runToEnd(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith("duplex-server: ") && run.err.contains(message), run.err.constData());
        QCOMPARE(run.err.count('\n'), 1);
        QVERIFY(run.out.isEmpty());
    }

    // Two servers never keep their histories in one file: the second is refused while the first runs.
    void aHistoryFileInUseIsOneLineAndExit2()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("room.sqlite"));
        QProcess first;
        QVERIFY(!startAndReadUrls(first, {"--port", "0", "--history-file", file}).isEmpty());
        const Run second = runToEnd({"--port", "0", "--history-file", file});
        first.terminate();
        QVERIFY(first.waitForFinished(10000));
        QCOMPARE(second.exitCode, 2);
        QCOMPARE(second.err,
            "duplex-server: cannot keep the room's history in " + file.toUtf8()
                + ": another room on this computer (or another program) holds the file\n");
    }

    void portInUseIsOneLineAndExit2()
    {
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        const QString port = QString::number(occupant.serverPort());
        const Run run = runToEnd({QStringLiteral("--port"), port});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith(QByteArray("duplex-server: cannot listen on 127.0.0.1:" + port.toLatin1() + ": ")),
            run.err.constData());
        QCOMPARE(run.err.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(tst_ServerProcess)
#include "tst_serverprocess.moc"
