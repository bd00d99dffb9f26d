// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QTcpServer>
#include <QUrl>

#include <chrono>

#include "client/certificatetrust.h"

namespace Duplex {

class RelayedConnection;
class TrafficLog;

// Lets Duplex watch a WebSocket client and server that are not its own (a web app and its backend): the relay
// listens on a port of this machine and carries every connection a client makes to it on to one upstream server,
// ws:// or wss:// (the relay makes the TLS connection, so it sees the plaintext), byte for byte but for the
// request's Host field, which must name the upstream. Both directions are recorded through a WireTap, as the room's
// own connections are: the handshake, then every frame. The relay only watches: a peer that breaks the protocol is
// recorded as breaking it, and its bytes still go on, for the other peer to judge.
class WebSocketRelay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebSocketRelay)

public:
    struct Options
    {
        QUrl upstream; // ws:// or wss://; each request keeps its own path
        QHostAddress address = QHostAddress(QHostAddress::LocalHost);
        quint16 port = 0; // 0: a free one
        // Each way, the messages the log keeps whole; after a longer one the log shows no more of that connection's
        // frames (a violation says why), and its bytes still go on.
        quint64 maxMessageBytes = 64 << 20;
        // For a client's request head, and then for the upstream's TCP and TLS connection.
        std::chrono::milliseconds openingTimeout {10'000};
    };

    WebSocketRelay(TrafficLog &log, CertificateTrust &trust, QObject *parent = nullptr);
    ~WebSocketRelay() override;

    // Listens, ending what it carried before. False, with the reason, for an upstream that is not ws:// or wss://
    // with a host, or an address and port it cannot listen on.
    bool start(const Options &options, QString *error = nullptr);
    // Stops listening and ends every connection it carries.
    void stop();
    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    quint64 session() const { return m_session; } // the session field of its records in the log
    int carried() const { return m_carried; }     // connections now, from accepted to both ends closed

Q_SIGNALS:
    void carriedChanged(int count);
    // The upstream's certificate did not verify and is not trusted: the client was answered 502, and once it is
    // trusted the next connection goes through.
    void certificateRejected(const Duplex::CertificateInfo &certificate);
    // A client was answered with an error of the relay's own instead of being carried (its request was not a
    // WebSocket upgrade, or the upstream could not be reached): why, for a person.
    void refused(const QString &failure);

private:
    friend class RelayedConnection;
    void accept();

    TrafficLog &m_log;
    CertificateTrust &m_trust;
    Options m_options;
    quint64 m_session;
    QTcpServer m_server;
    int m_carried = 0;
};

} // namespace Duplex
