// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// duplex-server: hosts the room with no display. Exit codes: 0 done, 2 bad command line, cannot listen or cannot use
// the history file.
#include <QCoreApplication>
#include <QTextStream>

#include "app/commandline.h"
#include "app/processlimits.h"
#include "app/terminationsignals.h"
#include "server/chatroom.h"
#include "server/messagearchive.h"
#include "server/server.h"
#include "traffic/capturewriter.h"
#include "traffic/epolldispatcher.h"
#include "traffic/trafficlog.h"

int main(int argc, char *argv[])
{
    // One wait a pass for every connection (docs/benchmarks.md); a headless server has no GLib main loop to share.
    if (Duplex::EpollDispatcher *dispatcher = Duplex::EpollDispatcher::create())
        QCoreApplication::setEventDispatcher(dispatcher);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("duplex-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DUPLEX_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);

    const Duplex::ServerCommand command = Duplex::parseServerCommandLine(QCoreApplication::arguments());
    if (command.action == Duplex::ServerCommand::Action::Fail) {
        err << "duplex-server: " << command.text << Qt::endl;
        return 2;
    }
    if (command.action != Duplex::ServerCommand::Action::Run) {
        out << command.text << Qt::endl;
        return 0;
    }

    Duplex::raiseOpenFileLimit();
    Duplex::keepHeapTop();
    Duplex::TrafficLog log(0); // nothing kept in memory: records go to the capture file, if any
    Duplex::CaptureWriter capture(command.captureFile);
    if (!command.captureFile.isEmpty() && !capture.start(log)) {
        err << "duplex-server: cannot write " << command.captureFile << ": " << capture.errorString() << Qt::endl;
        return 2;
    }
    QObject::connect(&capture, &Duplex::CaptureWriter::writeFailed, &app,
        [&err](const QString &error) { err << "duplex-server: capture stopped: " << error << Qt::endl; });
    Duplex::Server server(command.config, log);
    if (!server.listen()) {
        err << "duplex-server: " << server.errorString() << Qt::endl;
        return 2;
    }
    QObject::connect(server.room(), &Duplex::ChatRoom::historyProblemChanged, &app, [&err](const QString &problem) {
        if (problem.isEmpty())
            err << "duplex-server: the history file is written again" << Qt::endl;
        else
            err << "duplex-server: the history file cannot be written, trying again every "
                << Duplex::MessageArchive::retryDelay.count() / 1000 << " s: " << problem << Qt::endl;
    });
    for (const QUrl &url : server.urls())
        out << url.toString() << Qt::endl;

    Duplex::TerminationSignals termination;
    QObject::connect(&termination, &Duplex::TerminationSignals::received, &server, &Duplex::Server::shutdown);
    QObject::connect(&server, &Duplex::Server::stopped, &app, &QCoreApplication::quit);
    return QCoreApplication::exec();
}
