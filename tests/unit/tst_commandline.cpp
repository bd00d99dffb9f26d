// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTemporaryDir>
#include <QTest>

#include "app/commandline.h"

using namespace Qt::StringLiterals;
using Duplex::ServerCommand;
using Action = ServerCommand::Action;

namespace {
ServerCommand parse(QStringList arguments)
{
    arguments.prepend(QStringLiteral("duplex-server"));
    return Duplex::parseServerCommandLine(arguments);
}
} // namespace

class tst_CommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setApplicationName(QStringLiteral("duplex-server"));
        QCoreApplication::setApplicationVersion(QStringLiteral("1.2.3"));
    }

    void desktop()
    {
        const auto desktop = [](QStringList arguments) {
            arguments.prepend(QStringLiteral("duplex"));
            return Duplex::parseDesktopCommandLine(arguments);
        };
        Duplex::DesktopCommand command = desktop({});
        QCOMPARE(command.action, Action::Run);
        QVERIFY(!command.host && !command.lan && !command.port && command.connectUrl.isEmpty()
            && command.openFile.isEmpty());
        command = desktop({"--host", "--port", "0", "--connect", "wss://[::1]:9/echo", "--open", "a.jsonl"});
        QCOMPARE(command.action, Action::Run);
        QVERIFY(command.host);
        QCOMPARE(command.port, 0);
        QCOMPARE(command.connectUrl, QUrl(QStringLiteral("wss://[::1]:9/echo")));
        QCOMPARE(command.openFile, QStringLiteral("a.jsonl"));
        QVERIFY(desktop({"--lan"}).lan && !desktop({"--lan"}).host); // --lan hosts too, shared this time
        QVERIFY(!command.monitorMemory);                             // the remembered budget
        QCOMPARE(desktop({"--monitor-memory", "1024"}).monitorMemory, qint64(1) << 30);
        QCOMPARE(desktop({"--monitor-memory", "8"}).text,
            QStringLiteral("invalid --monitor-memory '8': expected MiB from 16 to 65536"));
        QCOMPARE(desktop({"--connect", "http://127.0.0.1:8080/chat/events"}).connectUrl.scheme(), u"http"); // a stream
        QCOMPARE(desktop({"--version"}).action, Action::ShowVersion);
        QCOMPARE(desktop({"--help"}).action, Action::ShowHelp);
        for (const QStringList &bad : {QStringList {"--port", "70000"}, QStringList {"--connect", "ftp://x/"},
                 QStringList {"--connect", "ws:///nohost"}, QStringList {"stray"}, QStringList {"--open", ""},
                 QStringList {"--monitor-memory", "lots"}, QStringList {"--monitor-memory", "99999999"}}) {
            command = desktop(bad);
            QCOMPARE(command.action, Action::Fail);
            QVERIFY2(!command.text.isEmpty(), qPrintable(bad.join(u' ')));
        }
        QCOMPARE(desktop({"--connect", "ftp://x/"}).text,
            QStringLiteral(
                "invalid --connect 'ftp://x/': expected a ws://, wss://, http:// or https:// URL with a host"));
        QVERIFY(desktop({"--help"}).text.contains(u"--lan"));
        QVERIFY(Duplex::parseDesktopCommandLine({QStringLiteral("/usr/bin/duplex"), QStringLiteral("--help")})
                    .text.startsWith(u"Usage: duplex "));
    }

    void defaults()
    {
        const ServerCommand command = parse({});
        QCOMPARE(command.action, Action::Run);
        QCOMPARE(command.config.port, 8080);
        QCOMPARE(command.config.bindAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(command.config.pingInterval, std::chrono::seconds(15));
        QCOMPARE(command.config.maxChatMessage, 1 << 20);
        QCOMPARE(command.config.maxEchoMessage, 16 << 20);
        QCOMPARE(command.config.maxRoomQueue, qint64(256) << 20);
        QCOMPARE(command.config.maxFileBytes, 64 << 20);
        QCOMPARE(command.config.fileBudget, qint64(256) << 20);
        QCOMPARE(command.config.broadcastBatch, std::chrono::milliseconds(20));
        QVERIFY(command.config.allowedOrigins.isEmpty());
        QVERIFY(command.config.tap);
        QVERIFY(command.captureFile.isEmpty());
        QVERIFY(command.config.historyFile.isEmpty()); // in memory only
    }

    void everyOption()
    {
        const ServerCommand command = parse({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--bind"),
            QStringLiteral("0.0.0.0"), QStringLiteral("--allow-origin"), QStringLiteral("http://Example.com:3000/"),
            QStringLiteral("--allow-origin"), QStringLiteral("*"), QStringLiteral("--ping-interval"),
            QStringLiteral("0.25"), QStringLiteral("--max-message"), QStringLiteral("4096"),
            QStringLiteral("--room-memory"), QStringLiteral("32"), QStringLiteral("--max-file"), QStringLiteral("0"),
            QStringLiteral("--files-memory"), QStringLiteral("1024"), QStringLiteral("--broadcast-batch"),
            QStringLiteral("0"), QStringLiteral("--max-clients"), QStringLiteral("7"), QStringLiteral("--chat-rate"),
            QStringLiteral("50"), QStringLiteral("--transports"), QStringLiteral("sse, poll,sse"),
            QStringLiteral("--poll-hold"), QStringLiteral("2.5"), QStringLiteral("--max-http-per-address"),
            QStringLiteral("9"), QStringLiteral("--capture"), QStringLiteral("traffic.jsonl"),
            QStringLiteral("--history-file"), QStringLiteral("room.sqlite"), QStringLiteral("--no-tap")});
        QCOMPARE(command.action, Action::Run);
        QCOMPARE(command.config.port, 0);
        QCOMPARE(command.config.bindAddress, QHostAddress(QHostAddress::AnyIPv4));
        QCOMPARE(command.config.allowedOrigins, QStringList({"http://example.com:3000", "*"}));
        QCOMPARE(command.config.pingInterval, std::chrono::milliseconds(250));
        QCOMPARE(command.config.maxChatMessage, 4096);
        QCOMPARE(command.config.maxEchoMessage, 4096);
        QCOMPARE(command.config.maxRoomQueue, qint64(32) << 20);
        QCOMPARE(command.config.maxFileBytes, 0); // no files
        QCOMPARE(command.config.fileBudget, qint64(1) << 30);
        // A small memory for files makes the largest file smaller too, unless that was asked for.
        QCOMPARE(parse({QStringLiteral("--files-memory"), QStringLiteral("16")}).config.maxFileBytes, 16 << 20);
        QCOMPARE(command.config.broadcastBatch, std::chrono::milliseconds(0));
        QCOMPARE(command.config.maxClients, 7);
        QCOMPARE(command.config.messagesPerSecond, 50);
        QCOMPARE(command.config.burst, 100); // two seconds' worth
        QCOMPARE(parse({QStringLiteral("--chat-rate"), QStringLiteral("0")}).config.messagesPerSecond, 0);
        QCOMPARE(
            parse({QStringLiteral("--chat-rate"), QStringLiteral("0")}).config.burst, Duplex::ServerConfig().burst);
        QCOMPARE(command.config.transports,
            QList<Duplex::ChatProtocol::Transport>(
                {Duplex::ChatProtocol::Transport::Sse, Duplex::ChatProtocol::Transport::Poll}));
        QCOMPARE(command.config.pollHold, std::chrono::milliseconds(2500));
        QCOMPARE(command.config.maxHttpPerAddress, 9);
        QCOMPARE(command.captureFile, u"traffic.jsonl");
        QCOMPARE(command.config.historyFile, u"room.sqlite");
        QVERIFY(!command.config.tap);
    }

    void helpAndVersion()
    {
        const ServerCommand help = parse({QStringLiteral("--help")});
        QCOMPARE(help.action, Action::ShowHelp);
        QVERIFY(help.text.contains(u"--max-clients"));
        QVERIFY(help.text.contains(u"--allow-origin"));
        const ServerCommand version = parse({QStringLiteral("--version")});
        QCOMPARE(version.action, Action::ShowVersion);
        QCOMPARE(version.text, u"duplex-server 1.2.3");
    }

    void refusesBadInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown option") << QStringList {"--frobnicate"} << "Unknown option 'frobnicate'.";
        QTest::newRow("missing value") << QStringList {"--port"} << "Missing value after '--port'.";
        QTest::newRow("port text") << QStringList {"--port", "http"} << "invalid --port 'http': expected 0 to 65535";
        QTest::newRow("port too big") << QStringList {"--port", "65536"}
                                      << "invalid --port '65536': expected 0 to 65535";
        QTest::newRow("port negative") << QStringList {"--port", "-1"} << "invalid --port '-1': expected 0 to 65535";
        QTest::newRow("bind name") << QStringList {"--bind",
            "example.com"} << "invalid --bind 'example.com': expected an IP address such as 127.0.0.1 or 0.0.0.0";
        QTest::newRow("origin with path") << QStringList {"--allow-origin",
            "http://a.b/page"} << "invalid --allow-origin 'http://a.b/page': expected * or scheme://host[:port]";
        QTest::newRow("origin scheme") << QStringList {"--allow-origin", "ftp://a.b"}
                                       << "invalid --allow-origin 'ftp://a.b': expected * or scheme://host[:port]";
        QTest::newRow("ping negative") << QStringList {"--ping-interval", "-1"}
                                       << "invalid --ping-interval '-1': expected seconds from 0 to 3600";
        QTest::newRow("ping nan") << QStringList {"--ping-interval", "nan"}
                                  << "invalid --ping-interval 'nan': expected seconds from 0 to 3600";
        QTest::newRow("room memory zero")
            << QStringList {"--room-memory", "0"} << "invalid --room-memory '0': expected MiB from 1 to 65536";
        QTest::newRow("file negative") << QStringList {"--max-file", "-1"}
                                       << "invalid --max-file '-1': expected MiB from 0 to 65536";
        QTest::newRow("files memory zero")
            << QStringList {"--files-memory", "0"} << "invalid --files-memory '0': expected MiB from 1 to 65536";
        QTest::newRow("a file larger than the memory for files") << QStringList {"--max-file", "100", "--files-memory",
            "50"} << "invalid --max-file '100': expected at most --files-memory (50 MiB)";
        QTest::newRow("batch too long") << QStringList {"--broadcast-batch", "1001"}
                                        << "invalid --broadcast-batch '1001': expected milliseconds from 0 to 1000";
        QTest::newRow("message zero") << QStringList {"--max-message", "0"}
                                      << "invalid --max-message '0': expected bytes from 1 to 1073741824";
        QTest::newRow("clients zero") << QStringList {"--max-clients", "0"}
                                      << "invalid --max-clients '0': expected a positive number";
        QTest::newRow("chat rate negative")
            << QStringList {"--chat-rate", "-2"} << "invalid --chat-rate '-2': expected messages from 0 to 1e+06";
        QTest::newRow("unknown transport") << QStringList {"--transports", "ws,carrier-pigeon"}
                                           << "invalid --transports 'ws,carrier-pigeon': expected a comma-separated "
                                              "list of ws, sse, long-poll and poll";
        QTest::newRow("poll hold zero") << QStringList {"--poll-hold", "0"}
                                        << "invalid --poll-hold '0': expected seconds from 1 to 300";
        QTest::newRow("http per address zero") << QStringList {"--max-http-per-address", "0"}
                                               << "invalid --max-http-per-address '0': expected a positive number";
        QTest::newRow("capture without a name")
            << QStringList {"--capture", ""} << "invalid --capture '': expected a file name";
        QTest::newRow("history without a name")
            << QStringList {"--history-file", ""} << "invalid --history-file '': expected a file name";
        QTest::newRow("positional") << QStringList {"extra"} << "unexpected argument 'extra'";
    }
    // The password comes from a file, never from the command line that every user of the machine can list.
    void readsThePasswordFromAFile()
    {
        QVERIFY(parse({}).config.password.isEmpty()); // anyone joins
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto written = [&dir](const QString &name, const QByteArray &bytes) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
                qFatal("cannot write %s", qPrintable(file.fileName()));
            return file.fileName();
        };
        QCOMPARE(parse({"--password-file", written("crlf", "s3cret w\xc3\xb6rd \r\nsecond line\n")}).config.password,
            u"s3cret w\u00f6rd "_s); // the first line, spaces and all
        QCOMPARE(parse({"--password-file", written("bare", "open sesame")}).config.password, u"open sesame"_s);
        const QString longest = written("longest", QByteArray(1024, 'x'));
        QCOMPARE(parse({"--password-file", longest}).config.password.size(), 1024);
        const QString expected = u"expected a readable file whose first line, the password, has 1 to 1024 bytes"_s;
        for (const QString &bad : {written("empty line", "\nafter"), written("too long", QByteArray(1025, 'x')),
                 dir.filePath(u"missing"_s), dir.path()}) {
            const ServerCommand command = parse({"--password-file", bad});
            QCOMPARE(command.action, Action::Fail);
            QCOMPARE(command.text, u"invalid --password-file '%1': %2"_s.arg(bad, expected));
        }
    }

    void refusesBadInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, error);
        const ServerCommand command = parse(arguments);
        QCOMPARE(command.action, Action::Fail);
        QCOMPARE(command.text, error);
    }
};

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
