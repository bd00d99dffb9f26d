// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTcpServer>

namespace Duplex {

// A relay on 127.0.0.1 that carries every connection it accepts to a port of 127.0.0.1, byte for byte, and counts
// the bytes each way without reading them: the Transport Lab's clients connect through it, so what the lab reports
// as "on the wire" is what crossed a socket, not what a parser believed it saw.
class CountingRelay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CountingRelay)

public:
    struct Counts
    {
        qint64 up = 0;   // from the clients to the target
        qint64 down = 0; // back
        int open = 0;    // connections carried now
    };

    explicit CountingRelay(quint16 targetPort, QObject *parent = nullptr);
    ~CountingRelay() override;

    bool listen(QString *error = nullptr); // on any free port of 127.0.0.1
    quint16 port() const { return m_server.serverPort(); }
    Counts counts() const { return m_counts; }

private:
    void carry();

    quint16 m_targetPort;
    QTcpServer m_server;
    Counts m_counts;
};

} // namespace Duplex
