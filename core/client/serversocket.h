// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkProxy>
#include <QSslError>
#include <QTcpSocket>
#include <QUrl>

#include <optional>

#include "client/certificatetrust.h"
#include "client/clienttls.h"

class QSslSocket;

// The TCP connection to a ws:// or wss:// server, TLS included, before any HTTP: what a client session's
// handshake and the relay's connections upstream share.
namespace Duplex::ServerSocket {

// "host:port" of url, the scheme's default port included: how failures name the server.
QString name(const QUrl &url);
// A QSslSocket for wss://, with tls, else a QTcpSocket, through proxy; connectTo() starts it, once its owner listens to
// its signals.
QTcpSocket *create(
    const QUrl &url, QObject *parent, const ClientTls &tls = {}, const QNetworkProxy &proxy = QNetworkProxy::NoProxy);
void connectTo(QTcpSocket &socket, const QUrl &url);

// The proxy a person typed: nothing for none, http://host:port (a tunnel by CONNECT) or socks5://host:port, with
// user:password@ before the host where the proxy asks for them. None, with the reason, for anything else.
std::optional<QNetworkProxy> proxyFrom(const QString &typed, QString *error = nullptr);

// Why the socket failed, in words a person can act on.
QString failure(const QAbstractSocket &socket, const QString &server);

struct Rejection
{
    CertificateInfo certificate; // for a person to trust, or not
    QString failure;
};
// For sslErrors: the errors are ignored when trust accepts the certificate; otherwise why it is rejected.
std::optional<Rejection> checkCertificate(
    QSslSocket &socket, const CertificateTrust &trust, const QString &server, const QList<QSslError> &errors);

} // namespace Duplex::ServerSocket
