// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/gateway.h"

#include <QFile>
#include <QFileInfo>
#include <QTcpSocket>
#include <QWebSocket>

#include "server/qtconnection.h"
#include "traffic/nativeconnection.h"
#include "traffic/trafficlog.h"

namespace Duplex {

namespace {

quint64 maxMessageBytes(const ServerConfig &config, Route route)
{
    return quint64(route == Route::Chat ? config.maxChatMessage : config.maxEchoMessage);
}

} // namespace

Gateway::Gateway(const ServerConfig &config, TrafficLog &log, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_httpLimits {config.httpLimits, config.headTimeout, config.keepAliveTimeout}
    , m_log(log)
    , m_webSocketServer(QStringLiteral("Duplex/" DUPLEX_VERSION), QWebSocketServer::NonSecureMode)
{
    m_webSocketServer.setMaxPendingConnections(config.maxClients);
    // Room for a whole room arriving at once (Qt's default is 50; the kernel caps it at net.core.somaxconn): beyond
    // the backlog, the kernel drops connection attempts and the peers retry only after 1, 3, 7 s.
    m_tcpServer.setListenBacklogSize(config.maxClients);
    connect(&m_tcpServer, &QTcpServer::newConnection, this, &Gateway::onNewConnection);
    connect(&m_webSocketServer, &QWebSocketServer::newConnection, this, &Gateway::onWebSocketReady);
}

bool Gateway::listen()
{
    return m_tcpServer.listen(m_config.bindAddress, m_config.port);
}

void Gateway::close()
{
    m_tcpServer.close();
}

QString Gateway::errorString() const
{
    return m_tcpServer.errorString();
}

void Gateway::onNewConnection()
{
    while (QTcpSocket *socket = m_tcpServer.nextPendingConnection()) {
        auto *connection = new HttpConnection(socket, m_httpLimits, m_log, this);
        connect(connection, &HttpConnection::requestReceived, this, [this, connection] { onRequest(connection); });
        connect(connection, &HttpConnection::requestRefused, this,
            [this, address = socket->peerAddress()](
                int status, const QByteArray &reason) { Q_EMIT requestRefused(address, status, reason); });
    }
}

void Gateway::onRequest(HttpConnection *connection)
{
    const HttpHead &head = connection->request();
    const Admission admission = admit(head, m_config, m_openClients, m_replaying);
    if (!mayGivePassword(connection, admission.password))
        return;
    if (admission.isUpgrade())
        return upgrade(connection, admission.route);
    if (admission.status != 200 && admission.route != Route::Options) {
        Q_EMIT requestRefused(connection->socket()->peerAddress(), admission.status, admission.reason);
        return connection->refuse(admission.status, admission.reason, admission.headers);
    }
    if (!holdsPlainHttp(connection))
        return;
    if (admission.route == Route::Options)
        return connection->respond(204, {}, {}, admission.headers);
    connection->setCommonHeaders(admission.headers);
    if (admission.route == Route::Page)
        return servePage(connection, head.path());
    if (admission.route == Route::StatusPage)
        return connection->respond(200, "text/html; charset=utf-8", statusPage(head));
    Q_EMIT chatRequest(connection, admission.route);
}

bool Gateway::holdsPlainHttp(HttpConnection *connection)
{
    if (m_plainHttp.contains(connection))
        return true;
    const QHostAddress address = connection->socket()->peerAddress();
    int &held = m_plainHttpPerAddress[address];
    if (held >= m_config.maxHttpPerAddress) {
        const QByteArray reason = "This address already holds " + QByteArray::number(held)
            + " HTTP connections to this server; close one first.";
        Q_EMIT requestRefused(address, 429, reason);
        connection->refuse(429, reason, {{"Connection", "close"}});
        return false;
    }
    ++held;
    m_plainHttp.insert(connection);
    connect(connection, &QObject::destroyed, this, [this, connection, address] {
        m_plainHttp.remove(connection);
        if (--m_plainHttpPerAddress[address] == 0)
            m_plainHttpPerAddress.remove(address);
    });
    return true;
}

bool Gateway::mayGivePassword(HttpConnection *connection, Admission::Password given)
{
    if (given == Admission::Password::NotAsked)
        return true;
    const QHostAddress address = connection->socket()->peerAddress();
    if (const auto wait = m_passwordGuesses.wait(address); wait.count() > 0) {
        const qint64 seconds = std::chrono::ceil<std::chrono::seconds>(wait).count();
        const QByteArray reason = "This address gave " + QByteArray::number(PasswordGuesses::maxWrong)
            + " wrong passwords; try again in " + QByteArray::number(seconds) + " s.";
        Q_EMIT requestRefused(address, 429, reason);
        connection->refuse(429, reason, {{"Retry-After", QByteArray::number(seconds)}});
        return false;
    }
    if (given == Admission::Password::Wrong)
        m_passwordGuesses.countWrong(address);
    return true;
}

void Gateway::upgrade(HttpConnection *connection, Route route)
{
    const HttpHead head = connection->request();
    const qsizetype headLength = connection->requestHeadLength();
    QTcpSocket *socket = connection->takeSocket(); // with the head still unread in it
    if (m_config.tap) {
        auto *webSocket
            = NativeConnection::accept(socket, head, headLength, maxMessageBytes(m_config, route), m_log, this);
        countOpen(webSocket);
        Q_EMIT webSocketOpened(webSocket, route, head.query());
        return;
    }
    // Untapped, only the request is known: QtWebSockets answers and frames directly.
    const quint64 id = m_log.newConnectionId();
    m_log.append({-1, id,
        ConnectionOpened {ConnectionOpened::endpoint(socket->peerAddress(), socket->peerPort()), head.path()}});
    m_log.append({-1, id, HandshakeExchanged {socket->peek(headLength), {}}});
    // QtWebSockets deletes the socket with its QWebSocket, but drops every connection to it on upgrade (even
    // `destroyed`): a child object lives exactly as long and keeps ours.
    countOpen(new QObject(socket));
    m_webSocketServer.handleConnection(socket);
}

void Gateway::countOpen(QObject *lifetime)
{
    Q_EMIT openClientsChanged(++m_openClients);
    connect(lifetime, &QObject::destroyed, this, [this] { Q_EMIT openClientsChanged(--m_openClients); });
}

void Gateway::onWebSocketReady()
{
    while (QWebSocket *socket = m_webSocketServer.nextPendingConnection()) {
        const std::optional<Route> route = webSocketRoute(socket->requestUrl().path().toUtf8());
        Q_ASSERT(route); // admit() let only known paths through
        socket->setMaxAllowedIncomingMessageSize(maxMessageBytes(m_config, *route));
        const QString peer = ConnectionOpened::endpoint(socket->peerAddress(), socket->peerPort());
        Q_EMIT webSocketOpened(new QtConnection(socket, peer, this), *route, QUrlQuery(socket->requestUrl()));
    }
}

void Gateway::servePage(HttpConnection *connection, const QByteArray &path)
{
    // From the program's resources, nothing from elsewhere: the room works on a LAN without internet.
    const QString name = path == "/" ? QStringLiteral("index.html") : QString::fromLatin1(path.sliced(1));
    QFile file(u":/duplex/page/" + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("Duplex: the chat page's %s is missing from the resources", qPrintable(name));
    static const QHash<QString, QByteArray> contentTypes = {{QStringLiteral("html"), "text/html; charset=utf-8"},
        {QStringLiteral("js"), "text/javascript; charset=utf-8"}, {QStringLiteral("css"), "text/css; charset=utf-8"},
        {QStringLiteral("svg"), "image/svg+xml"}};
    // no-cache: an updated Duplex serves its new page at once. The policy keeps the page to its own files and
    // origin, a second wall behind the page's rule that members' text is only ever text.
    connection->respond(200, contentTypes.value(QFileInfo(name).suffix()), file.readAll(),
        {{"Cache-Control", "no-cache"}, {"X-Content-Type-Options", "nosniff"},
            {"Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
                "frame-ancestors 'none'"}});
}

QByteArray Gateway::statusPage(const HttpHead &head) const
{
    QFile file(QStringLiteral(":/duplex/statuspage.html"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("Duplex: the status page resource is missing");
    // Host comes from the peer: escape it before it goes into markup.
    const QByteArray host = QString::fromLatin1(head.host()).toHtmlEscaped().toUtf8();
    return file.readAll()
        .replace("{{host}}", host)
        .replace("{{transports}}", offeredTransports(m_config))
        .replace("{{clients}}", QByteArray::number(m_openClients))
        .replace("{{version}}", DUPLEX_VERSION);
}

} // namespace Duplex
