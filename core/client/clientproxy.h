// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkProxy>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>
#include <optional>

#include "client/certificatetrust.h"
#include "traffic/trafficrecord.h"
#include "wire/messageassembler.h"

namespace Duplex {

class TrafficLog;
class WireTap;

// One connection of a client session, seen from the middle: a CONNECT proxy on loopback for the session's
// QWebSocket that makes the connection to the server itself (with TLS for wss://, so it sees plaintext) and
// records both directions through a WireTap. It offers permessage-deflate, which QtWebSockets cannot speak, and
// hands the QWebSocket every server message whole: inflated and in one frame, as QtWebSockets refuses valid UTF-8
// split across fragments. A server that breaks the protocol is failed with the close code it deserves.
class ClientProxy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientProxy)

public:
    struct Target
    {
        QString host;
        quint16 port = 0;
        bool tls = false;
        QByteArray path; // for the log
    };
    struct Options
    {
        bool offerDeflate = true;
        quint64 maxMessageBytes = 64 << 20; // from the server; a larger message is failed with 1009
        quint64 session = 0;
    };
    enum class Stage : quint8 { Proxying, Connecting, Securing, Requesting, AwaitingResponse, Open, Ended };

    ClientProxy(TrafficLog &log, CertificateTrust &trust, const Target &target, const Options &options,
        QObject *parent = nullptr);
    ~ClientProxy() override;

    // What the QWebSocket must use to connect through the tap.
    QNetworkProxy proxy() const;
    Stage stage() const { return m_stage; }
    // The connection's id in the log, once the server accepted it; 0 before.
    quint64 connectionId() const;
    // Ends both connections at once; finished() follows with failure as its reason.
    void abort(const QString &failure);

Q_SIGNALS:
    // The server's certificate did not verify and is not trusted for this host; the connection fails.
    void certificateRejected(const Duplex::CertificateInfo &certificate);
    void bytesSentToServer(qint64 bytes);
    // Both connections are closed. failure says, for a person, why the connection could not be made or broke; it
    // is empty when the WebSocket opened and closed in order.
    void finished(const Duplex::ConnectionClosed &closed, const QString &failure);

private:
    void onLocalConnection();
    void onLocalReadable();
    // Adds what from has to the head being gathered, and returns the head once it is complete, leaving what
    // follows in m_head; fails the connection with what is too long.
    std::optional<QByteArray> takeHead(QTcpSocket *from, const QString &what);
    bool isTarget(QByteArrayView authority) const; // "host:port" of a CONNECT
    void takeConnect();
    void takeRequest();
    void onUpstreamReady();
    void onUpstreamError();
    void onSslErrors(const QList<QSslError> &errors);
    void onUpstreamReadable();
    void takeResponse();
    void pumpToServer();
    void pumpToLocal();
    void passToLocal(QByteArrayView bytes);
    void guard();
    void onLocalGone();
    void onUpstreamGone();
    void fail(const QString &failure);
    void finish();
    QString server() const; // "host:port" as the person wrote it

    TrafficLog &m_log;
    CertificateTrust &m_trust;
    Target m_target;
    Options m_options;
    Stage m_stage = Stage::Proxying;
    QTcpServer m_listener;
    QTcpSocket *m_local = nullptr; // the session's QWebSocket, through the proxy
    QTcpSocket *m_upstream;        // the server; a QSslSocket for wss://
    QByteArray m_head;             // a head being gathered, from either side
    std::unique_ptr<WireTap> m_tap;
    MessageAssembler m_assembler; // of server messages
    QString m_failure;
    bool m_guarded = false;
    bool m_finished = false;
};

} // namespace Duplex
