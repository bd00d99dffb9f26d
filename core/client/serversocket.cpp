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

QTcpSocket *create(const QUrl &url, QObject *parent, const ClientTls &tls, const QNetworkProxy &proxy)
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
    socket->setProxy(proxy);
    return socket;
}

std::optional<QNetworkProxy> proxyFrom(const QString &typed, QString *error)
{
    const auto refuse = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString trimmed = typed.trimmed();
    if (trimmed.isEmpty())
        return QNetworkProxy(QNetworkProxy::NoProxy);
    const QUrl url(trimmed.contains(u"://"_s) ? trimmed : u"http://"_s + trimmed, QUrl::StrictMode);
    QNetworkProxy::ProxyType type = QNetworkProxy::HttpProxy;
    if (url.scheme() == "socks5"_L1)
        type = QNetworkProxy::Socks5Proxy;
    else if (url.scheme() != "http"_L1)
        return refuse(u"a proxy is http://host:port or socks5://host:port, not %1://"_s.arg(url.scheme()));
    if (!url.isValid() || url.host().isEmpty())
        return refuse(u"the proxy \"%1\" names no host"_s.arg(trimmed));
    if (url.port() <= 0)
        return refuse(u"the proxy needs its port, as in %1://%2:%3"_s.arg(url.scheme(), url.host())
                          .arg(type == QNetworkProxy::Socks5Proxy ? 1080 : 3128)); // each kind's usual one
    if (!url.path().isEmpty() && url.path() != u"/")
        return refuse(u"a proxy is only host and port, without a path"_s);
    return QNetworkProxy(
        type, url.host(), quint16(url.port()), url.userName(QUrl::FullyDecoded), url.password(QUrl::FullyDecoded));
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
    const QString proxy = socket.proxy().hostName() + u':' + QString::number(socket.proxy().port());
    switch (socket.error()) {
    case QAbstractSocket::ProxyNotFoundError:
        return u"proxy host not found: %1 did not resolve (DNS)"_s.arg(socket.proxy().hostName());
    case QAbstractSocket::ProxyConnectionRefusedError:
        return u"connection refused by the proxy %1: nothing listens there"_s.arg(proxy);
    case QAbstractSocket::ProxyConnectionClosedError:
        return u"the proxy %1 closed the connection before the tunnel to %2 opened"_s.arg(proxy, server);
    case QAbstractSocket::ProxyConnectionTimeoutError:
        return u"the proxy %1 did not answer"_s.arg(proxy);
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        return socket.proxy().user().isEmpty()
            ? u"the proxy %1 asks for a user name and password: give them in its address, %2://user:password@%1"_s.arg(
                proxy, socket.proxy().type() == QNetworkProxy::Socks5Proxy ? u"socks5"_s : u"http"_s)
            : u"the proxy %1 did not accept the user name and password given"_s.arg(proxy);
    case QAbstractSocket::ProxyProtocolError:
        return u"the proxy %1 did not open a tunnel to %2: %3"_s.arg(proxy, server, socket.errorString());
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
