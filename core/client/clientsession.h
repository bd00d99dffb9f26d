// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <optional>

#include "client/backoff.h"
#include "client/certificatetrust.h"
#include "client/clienthandshake.h"
#include "traffic/heartbeat.h"
#include "traffic/trafficrecord.h"

namespace Duplex {

class NativeConnection;
class TrafficLog;

// A WebSocket client that the window, the tests and tools drive: it talks to any ws:// or wss:// server with
// Duplex's own RFC 6455 code (ClientHandshake, then a NativeConnection in the client role), so that its real
// handshake and every frame both ways are in the traffic log, keeps a heartbeat, and reconnects with back-off when
// the connection is lost.
class ClientSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientSession)

public:
    enum class State : quint8 { Closed, Connecting, Open, Closing, Reconnecting };
    Q_ENUM(State)

    using Request = ClientHandshake::Request;
    struct Options
    {
        std::chrono::milliseconds handshakeTimeout {10'000}; // also for the server's answer to our close
        std::chrono::milliseconds heartbeatInterval {15'000};
        bool autoReconnect = true;
        std::chrono::milliseconds firstRetryDelay {500};
        std::chrono::milliseconds maxRetryDelay {30'000};
        std::chrono::milliseconds stableAfter {10'000}; // open this long: the next loss starts the back-off anew
        quint64 maxMessageBytes = 64 << 20;             // each way
    };

    ClientSession(TrafficLog &log, CertificateTrust &trust, const Options &options, QObject *parent = nullptr);
    ClientSession(TrafficLog &log, CertificateTrust &trust, QObject *parent = nullptr);
    ~ClientSession() override;

    quint64 id() const { return m_id; } // the session field of its records in the log
    State state() const { return m_state; }
    // The log's id of the current connection, or of the last one; 0 before the first reached the server.
    quint64 connectionId() const { return m_connectionId; }
    // Why the last connection failed or was lost, for a person; empty after an orderly close.
    QString lastError() const { return m_lastError; }
    // Whether the server answered the last opening handshake 401: it asks for credentials (such as a room's
    // password), so the session is not retried but waits for a person, as an untrusted certificate does.
    bool credentialsRefused() const { return m_credentialsRefused; }

    // Starts connecting. False, with the reason in error, when the request cannot be sent as it is.
    bool open(const Request &request, QString *error = nullptr);
    // Closes with code and reason (§7.4); no reconnection follows. False for a code a peer may not send or a
    // reason longer than 123 bytes.
    bool close(quint16 code = 1000, const QString &reason = {}, QString *error = nullptr);

    bool sendText(const QString &text, QString *error = nullptr);
    bool sendBinary(const QByteArray &data, QString *error = nullptr);
    // Sends a file as one binary message, with fileProgress() as it reaches the server.
    bool sendFile(const QString &path, QString *error = nullptr);
    // Bytes sent to the connection and not yet on their way to the server (0 unless open): a sender of much reads
    // its source as this drains (bytesWritten()).
    qint64 bytesToWrite() const;
    // A ping with payload (at most 125 bytes); its pong comes back as pongReceived().
    bool ping(const QByteArray &payload, QString *error = nullptr);
    // A pong nobody asked for (a one-way heartbeat, §5.5.3), payload at most 125 bytes.
    bool pong(const QByteArray &payload, QString *error = nullptr);
    // Messages from now on go in frames of at most bytes payload each (a fragmented message, §5.4); 0: one frame.
    void setFragmentBytes(qsizetype bytes) { m_fragmentBytes = bytes; }
    // The request headers the session writes itself (Host, Upgrade, Origin, Sec-WebSocket-*, …), which a request's
    // own headers may not repeat: a second copy would break the handshake.
    static bool writesItself(QByteArrayView headerName);
    // Bytes from hex digits, which spaces, colons and newlines may separate; none with the reason otherwise.
    static std::optional<QByteArray> fromHex(QStringView text, QString *error = nullptr);

    std::chrono::milliseconds heartbeatInterval() const { return m_options.heartbeatInterval; }
    void setHeartbeatInterval(std::chrono::milliseconds interval); // takes effect at once; 0 turns it off
    bool autoReconnect() const { return m_options.autoReconnect; }
    void setAutoReconnect(bool on);

Q_SIGNALS:
    void stateChanged(Duplex::ClientSession::State state);
    void textReceived(const QString &text);
    void binaryReceived(const QByteArray &data);
    void pongReceived(const QByteArray &payload, qint64 roundTripUs);
    void fileProgress(qint64 sentBytes, qint64 totalBytes);
    void bytesWritten(qint64 bytes); // of every message, as they leave for the server
    // The server's certificate did not verify: the connection failed, and trusting it (CertificateTrust) and
    // opening again connects.
    void certificateRejected(const Duplex::CertificateInfo &certificate);
    // A connection ended: how, from the wire, and for a person why, when it was not an orderly close.
    void closed(const Duplex::ConnectionClosed &closed, const QString &failure);
    void reconnectScheduled(int attempt, std::chrono::milliseconds delay);
    void heartbeatIntervalChanged(std::chrono::milliseconds interval);

private:
    void connectOnce();
    void onOpened(NativeConnection *connection);
    void onConnectionGone();
    void abortConnection(const QString &failure);
    void endAttempt(const ConnectionClosed &closed, const QString &failure);
    bool worthRetrying(const ConnectionClosed &closed) const;
    void giveUp();
    bool checkOpen(QString *error) const;
    void send(quint8 opcode, const QByteArray &message); // once open, in fragments if asked
    void setState(State state);

    TrafficLog &m_log;
    CertificateTrust &m_trust;
    Options m_options;
    quint64 m_id;
    State m_state = State::Closed;
    Request m_request;
    QPointer<ClientHandshake> m_handshake;   // while connecting
    QPointer<NativeConnection> m_connection; // once open
    quint64 m_connectionId = 0;
    QString m_lastError;
    QString m_abortReason; // why the session itself ended the open connection, if it did

    bool m_wantOpen = false;     // until the person closes, or a loss is not worth retrying
    bool m_openedBefore = false; // since open(): only a lost connection is retried, not a first failure
    bool m_certificateRejected = false;
    bool m_credentialsRefused = false;
    Backoff m_backoff;
    QTimer m_retryTimer;
    QTimer m_deadlineTimer; // the handshake, or the closing handshake, must end by then
    QTimer m_stableTimer;
    QElapsedTimer m_clock;                                     // for manual pings
    std::optional<std::pair<QByteArray, qint64>> m_manualPing; // payload and sent time (ns)
    qint64 m_fileBytesTotal = 0;
    qint64 m_fileBytesSent = 0;
    qsizetype m_fragmentBytes = 0; // 0: each message in one frame
};

} // namespace Duplex
