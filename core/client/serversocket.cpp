// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/serversocket.h"

#include <QSslSocket>

#include "traffic/wiretap.h"

using namespace Qt::StringLiterals;

namespace Duplex::ServerSocket {

namespace {

bool isTls(const QUrl &url)
{
    return url.scheme() == "wss"_L1;
}

quint16 defaultedPort(const QUrl &url)
{
    return quint16(url.port(isTls(url) ? 443 : 80));
}

} // namespace

QString name(const QUrl &url)
{
    return url.host() + u':' + QString::number(defaultedPort(url));
}

QTcpSocket *create(const QUrl &url, QObject *parent, const ClientTls &tls)
{
    QTcpSocket *socket = nullptr;
    if (isTls(url)) {
        auto *secure = new QSslSocket(parent);
        tls.applyTo(*secure);
        socket = secure;
    } else {
        socket = new QTcpSocket(parent);
    }
    socket->setReadBufferSize(WireTap::carrierChunkBytes);
    return socket;
}

void connectTo(QTcpSocket &socket, const QUrl &url)
{
    if (auto *tls = qobject_cast<QSslSocket *>(&socket))
        tls->connectToHostEncrypted(url.host(), defaultedPort(url));
    else
        socket.connectToHost(url.host(), defaultedPort(url));
}

QString failure(const QAbstractSocket &socket, const QString &server)
{
    switch (socket.error()) {
    case QAbstractSocket::HostNotFoundError:
        return u"host not found: the name in %1 did not resolve (DNS)"_s.arg(server);
    case QAbstractSocket::ConnectionRefusedError:
        return u"connection refused by %1: nothing listens there"_s.arg(server);
    case QAbstractSocket::RemoteHostClosedError:
        return u"%1 closed the connection before the WebSocket opened"_s.arg(server);
    case QAbstractSocket::NetworkError:
        return u"%1 is unreachable: %2"_s.arg(server, socket.errorString());
    case QAbstractSocket::SslHandshakeFailedError: // "wrong version number": the answer was not TLS
        return u"the TLS handshake with %1 failed (%2); a server without TLS on that port answers this way: "
               u"try ws:// instead of wss://"_s.arg(server, socket.errorString());
    default:
        return u"%1: %2"_s.arg(server, socket.errorString());
    }
}

std::optional<Rejection> checkCertificate(
    QSslSocket &socket, const CertificateTrust &trust, const QString &server, const QList<QSslError> &errors)
{
    CertificateInfo info = CertificateInfo::from(server, socket.peerCertificate(), errors);
    if (trust.isTrusted(info.host, info.sha256)) {
        socket.ignoreSslErrors();
        return std::nullopt;
    }
    const QString failure = u"the certificate of %1 is not trusted (%2); SHA-256 fingerprint %3"_s.arg(
        server, info.problems.join(u"; "_s), info.fingerprint());
    return Rejection {std::move(info), failure};
}

} // namespace Duplex::ServerSocket
