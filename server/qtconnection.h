// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "traffic/connection.h"

class QWebSocket;

namespace Duplex {

// A connection served by QtWebSockets, for --no-tap: nothing recorded beyond the request, no protocol guard.
class QtConnection final : public Connection
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QtConnection)

public:
    // Takes ownership of socket, an open connection whose far end is peer.
    QtConnection(QWebSocket *socket, QString peer, QObject *parent = nullptr);

    void sendText(const QByteArray &utf8) override;
    void sendPreparedText(const FrameEncoder::PreparedFrame &serverFrame, const QString &text) override;
    void sendBinary(const QByteArray &message) override;
    bool ping(const QByteArray &payload) override;
    void close(quint16 code, const QString &reason) override;
    void abort() override;
    qint64 bytesToWrite() const override;
    quint16 closeCode() const override;

private:
    QWebSocket *m_socket;
};

} // namespace Duplex
