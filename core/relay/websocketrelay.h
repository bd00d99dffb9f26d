// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QHostAddress>
#include <QNetworkProxy>
#include <QRegularExpression>
#include <QTcpServer>
#include <QUrl>

#include <array>
#include <chrono>
#include <optional>

#include "client/certificatetrust.h"
#include "client/clienttls.h"
#include "wire/websocketframe.h"

namespace Duplex {

class RelayedConnection;
class TrafficLog;

// A message the relay holds, in intercept mode, until a person sends it on, as it came or edited, or drops it.
struct HeldMessage
{
    quint64 id = 0;
    quint64 connection = 0; // the relay's connection to the upstream, as the log numbers it
    QString client;         // "address:port"
    Direction direction = Direction::ClientToServer;
    quint8 opcode = Opcode::text;
    QByteArray payload;
};

// Lets Duplex watch a WebSocket client and server that are not its own (a web app and its backend): the relay
// listens on a port of this machine and carries every connection a client makes to it on to one upstream server,
// ws:// or wss:// (the relay makes the TLS connection, so it sees the plaintext), byte for byte but for the
// request's Host field, which must name the upstream. Both directions are recorded through a WireTap, as the room's
// own connections are: the handshake, then every frame. The relay only watches: a peer that breaks the protocol is
// recorded as breaking it, and its bytes still go on, for the other peer to judge.
//
// In intercept mode the relay is a WebSocket server to the client and a client to the upstream instead, and carries
// messages rather than bytes: each can be held, edited or dropped, and messages of its own sent either way.
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
        // frames (a violation says why), and its bytes still go on (in intercept mode, its sender hears 1009).
        quint64 maxMessageBytes = 64 << 20;
        // For a client's request head, and then for the upstream's TCP and TLS connection.
        std::chrono::milliseconds openingTimeout {10'000};
        // Intercept mode: the request goes on without Sec-WebSocket-Extensions (a compressed stream could not be
        // changed), each message goes on as one frame once it is whole, and each of the two connections is in the
        // log with what crossed it. A protocol violation ends both, with the close code it deserves to its sender.
        bool intercept = false;
        ClientTls tls {}; // for a wss:// upstream: a certificate the relay presents when asked, authorities to trust
        QNetworkProxy proxy {QNetworkProxy::NoProxy}; // an HTTP or SOCKS5 proxy the upstream is reached through
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

    // Intercept mode. Whether the messages one way that are whole from now on are held; those held stay held.
    void hold(Direction direction, bool on) { m_holding[size_t(direction)] = on; }
    // Of those, only the ones pattern finds something in (text as it is, binary as hex digits); all when it is
    // empty. Those it passes still wait behind a held one.
    void holdOnly(const QRegularExpression &pattern) { m_holdPattern = pattern; }
    // Sends a held message on, with payload in place of its own if given, and what waited behind it; drops one.
    // False when the message is no longer held (its connection ended), or a text payload is not UTF-8.
    bool forward(quint64 message, const std::optional<QByteArray> &payload = std::nullopt);
    bool drop(quint64 message);
    // Sends a text or binary message of the relay's own on connection (as HeldMessage names it) toward direction's
    // receiver, ahead of what is held. False when the connection is not open that way, or text is not UTF-8.
    bool send(quint64 connection, Direction direction, quint8 opcode, const QByteArray &payload);

Q_SIGNALS:
    void carriedChanged(int count);
    // The upstream's certificate did not verify and is not trusted: the client was answered 502, and once it is
    // trusted the next connection goes through.
    void certificateRejected(const Duplex::CertificateInfo &certificate);
    // A client was answered with an error of the relay's own instead of being carried (its request was not a
    // WebSocket upgrade, or the upstream could not be reached): why, for a person.
    void refused(const QString &failure);
    // Intercept mode: a connection's messages began to flow, and ended; undelivered of its held messages went with it
    // (each released first).
    void messagesOpened(quint64 connection, const QString &client);
    void messagesClosed(quint64 connection, int undelivered);
    void held(const Duplex::HeldMessage &message);
    void released(quint64 message); // sent on, dropped, or gone with its connection

private:
    friend class RelayedConnection;
    void accept();
    bool wouldHold(quint8 opcode, const QByteArray &payload) const; // by the pattern

    TrafficLog &m_log;
    CertificateTrust &m_trust;
    Options m_options;
    quint64 m_session;
    QTcpServer m_server;
    int m_carried = 0;
    std::array<bool, 2> m_holding {}; // by Direction
    QRegularExpression m_holdPattern;
    quint64 m_lastHeld = 0;
    QHash<quint64, RelayedConnection *> m_byConnection; // whose messages flow, by their connection upstream
    QHash<quint64, RelayedConnection *> m_holder;       // by held message
};

} // namespace Duplex
