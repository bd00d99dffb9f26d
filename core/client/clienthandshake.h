// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkProxy>
#include <QObject>
#include <QSslError>
#include <QTcpSocket>
#include <QUrl>

#include <memory>

#include "client/certificatetrust.h"
#include "client/clienttls.h"
#include "traffic/trafficrecord.h"

namespace Duplex {

class NativeConnection;
class TrafficLog;
class WireTap;

// The opening of one connection of a client session (RFC 6455 §4.1): TCP, TLS for wss:// with the certificate
// checked against CertificateTrust, the upgrade request, and the response checked (101, Accept, subprotocol,
// extensions), both heads recorded through a WireTap. It ends with opened(), handing over a NativeConnection in
// the client role, or with failed() saying why in words a person can act on.
class ClientHandshake final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientHandshake)

public:
    struct Request
    {
        QUrl url; // ws:// or wss://
        QStringList subprotocols;
        QList<std::pair<QByteArray, QByteArray>> headers; // extra request headers, such as Authorization
        QString origin;                                   // none when empty, as native clients do
        // permessage-deflate, offered as browsers do; Duplex sends its own messages uncompressed (RFC 7692 §6).
        bool offerDeflate = true;
        ClientTls tls {};                             // for wss://
        QNetworkProxy proxy {QNetworkProxy::NoProxy}; // an HTTP or SOCKS5 proxy the connection tunnels through
    };
    struct Options
    {
        quint64 maxMessageBytes = 64 << 20; // from the server; a larger message fails the connection with 1009
        quint64 session = 0;                // the session field of its records in the log
    };
    enum class Stage : quint8 { Connecting, Securing, AwaitingResponse, Ended };

    // Starts connecting at once.
    ClientHandshake(TrafficLog &log, CertificateTrust &trust, const Request &request, const Options &options,
        QObject *parent = nullptr);
    ~ClientHandshake() override;

    Stage stage() const { return m_stage; }
    // Gives up; failed() follows with failure as its reason.
    void abort(const QString &failure);

Q_SIGNALS:
    // The server's certificate did not verify and is not trusted for this host; failed() follows.
    void certificateRejected(const Duplex::CertificateInfo &certificate);
    // The WebSocket is open; the receiver takes connection (it has no parent).
    void opened(Duplex::NativeConnection *connection);
    // The server answered with status instead of switching protocols; failed() follows.
    void refused(int status);
    void failed(const Duplex::ConnectionClosed &closed, const QString &failure);

private:
    void onConnected();
    void sendRequest();
    void onSslErrors(const QList<QSslError> &errors);
    void onReadyRead();
    void onError();
    void fail(const QString &failure);
    QString server() const;

    TrafficLog &m_log;
    CertificateTrust &m_trust;
    Request m_request;
    Options m_options;
    Stage m_stage = Stage::Connecting;
    QTcpSocket *m_socket; // a QSslSocket for wss://
    std::unique_ptr<WireTap> m_tap;
    QByteArray m_response; // the response head being gathered
    QString m_failure;
};

} // namespace Duplex
