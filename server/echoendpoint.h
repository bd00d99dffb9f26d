// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include "room/serverconfig.h"

namespace Duplex {

class Connection;

// /echo: every message goes back unchanged on the same connection with the same type, text or binary.
class EchoEndpoint final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoEndpoint)

public:
    explicit EchoEndpoint(const ServerConfig &config, QObject *parent = nullptr);

    // Takes ownership; the connection is deleted when it disconnects.
    void accept(Connection *connection);

private:
    qint64 m_maxSendQueue; // a peer that sends but never reads is cut off past it
};

} // namespace Duplex
