// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

#include "room/serverconfig.h"

namespace Duplex {

// What `duplex-server`'s command line asks for: run with a configuration, print help or version, or refuse.
struct ServerCommand
{
    enum class Action { Run, ShowHelp, ShowVersion, Fail };
    Action action = Action::Run;
    ServerConfig config;
    QString captureFile; // where to write the capture, if anywhere
    QString text;        // the help text, or the one-line error for Fail
};

// What the desktop app's command line asks for, for scripting and screenshots: host a room at once, connect the
// client to a URL, open a capture file.
struct DesktopCommand
{
    using Action = ServerCommand::Action;
    Action action = Action::Run;
    bool host = false;
    bool lan = false;            // host, shared on the LAN this time
    std::optional<quint16> port; // for the room; the remembered one when none
    QUrl connectUrl;
    QString openFile;
    std::optional<qint64> monitorMemory; // bytes; the remembered limit when none
    QString text;                        // the help text, or the one-line error for Fail
};

// Parse arguments (including argv[0]). They never exit the process: the caller decides what to print and return.
ServerCommand parseServerCommandLine(const QStringList &arguments);
DesktopCommand parseDesktopCommandLine(const QStringList &arguments);

} // namespace Duplex
