// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// duplex: the desktop app. Exit codes: 0 done, 2 bad command line.
#include <QApplication>
#include <QIcon>
#include <QSettings>

#include <iostream>

#include "app/commandline.h"
#include "app/processlimits.h"
#include "client/certificatetrust.h"
#include "client/roomfinder.h"
#include "server/hostedroom.h"
#include "traffic/networkthread.h"
#include "traffic/trafficlog.h"
#include "ui/chatpanel.h"
#include "ui/mainwindow.h"
#include "ui/translations.h"

int main(int argc, char *argv[])
{
    QApplication::setOrganizationName(QStringLiteral("Duplex"));
    QApplication::setApplicationName(QStringLiteral("duplex"));
    QApplication::setApplicationVersion(QStringLiteral(DUPLEX_VERSION));
    // Parsed before QApplication exists, so --help and --version work without a display.
    QStringList arguments;
    std::transform(argv, argv + argc, std::back_inserter(arguments), &QString::fromLocal8Bit<char>);
    const Duplex::DesktopCommand command = Duplex::parseDesktopCommandLine(arguments);
    if (command.action != Duplex::DesktopCommand::Action::Run) {
        const bool failed = command.action == Duplex::DesktopCommand::Action::Fail;
        (failed ? std::cerr << "duplex: " : std::cout) << command.text.toStdString() << std::endl;
        return failed ? 2 : 0;
    }

    Duplex::raiseOpenFileLimit(); // the window hosts rooms too
    Duplex::keepHeapTop();
    QApplication app(argc, argv);
    Duplex::installTranslations();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/duplex/icons/hicolor/256x256/apps/duplex.png")));
    Duplex::TrafficLog log;
    Duplex::NetworkThread network(log);
    Duplex::HostedRoom room(network);
    Duplex::HostedRoom labRoom(network);
    QSettings trustSettings; // the trust's own, on the network thread: QSettings is not thread-safe
    Duplex::CertificateTrust trust(&trustSettings);
    Duplex::MainWindow window(log, network, room, labRoom, trust);
    // Here, not in the window: tests make windows of their own, and must not join a multicast group on a LAN.
    Duplex::RoomFinder finder;
    if (finder.start())
        window.chatPanel()->setRoomFinder(&finder);
    else
        std::cerr << "duplex: cannot listen for rooms nearby: " << finder.errorString().toStdString() << std::endl;
    window.show();
    window.start({.host = command.host,
        .lan = command.lan,
        .port = command.port,
        .connectUrl = command.connectUrl,
        .openFile = command.openFile,
        .monitorMemory = command.monitorMemory});
    return QApplication::exec();
}
