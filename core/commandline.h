// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include "serverconfig.h"

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

// Parses arguments (including argv[0]). Never exits the process: the caller decides what to print and return.
ServerCommand parseServerCommandLine(const QStringList &arguments);

} // namespace Duplex
