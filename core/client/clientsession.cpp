// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/clientsession.h"

#include <QFile>

#include "client/serversocket.h"
#include "traffic/nativeconnection.h"
#include "traffic/trafficlog.h"
#include "wire/frameencoder.h"
#include "wire/httphead.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

bool refuse(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

// Why a request cannot go out as it is, or nothing.
std::optional<QString> problemWith(const ClientSession::Request &request)
{
    const QUrl &url = request.url;
    if (!url.isValid())
        return u"the URL is not valid: "_s + url.errorString();
    if (url.scheme() != "ws"_L1 && url.scheme() != "wss"_L1)
        return u"a WebSocket URL starts with ws:// or wss://"_s;
    if (url.host().isEmpty())
        return u"the URL has no host"_s;
    if (url.hasFragment())
        return u"a WebSocket URL has no fragment (#…) (RFC 6455 §3)"_s;
    for (const QString &protocol : request.subprotocols) {
        if (!HttpHead::isToken(protocol.toUtf8()))
            return u"the subprotocol \"%1\" is not an HTTP token"_s.arg(protocol);
    }
    for (const auto &[name, value] : request.headers) {
        if (!HttpHead::isToken(name))
            return u"\"%1\" is not a valid header name"_s.arg(QString::fromLatin1(name));
        if (ClientSession::writesItself(name))
            return u"%1 is written by the session itself"_s.arg(QString::fromLatin1(name));
        if (value.contains('\r') || value.contains('\n'))
            return u"the value of %1 spans lines"_s.arg(QString::fromLatin1(name));
    }
    return std::nullopt;
}

// What the handshake in stage has yet to finish, for a timeout's message.
QString waitingFor(ClientHandshake::Stage stage)
{
    switch (stage) {
    case ClientHandshake::Stage::Connecting:
        return u"the TCP connection"_s;
    case ClientHandshake::Stage::Securing:
        return u"the TLS handshake"_s;
    case ClientHandshake::Stage::AwaitingResponse:
    case ClientHandshake::Stage::Ended:
        break;
    }
    return u"the 101 response"_s;
}

} // namespace

ClientSession::ClientSession(TrafficLog &log, CertificateTrust &trust, const Options &options, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_trust(trust)
    , m_options(options)
    , m_id(log.newSessionId())
    , m_backoff(options.firstRetryDelay, options.maxRetryDelay)
{
    m_clock.start();
    m_retryTimer.setSingleShot(true);
    m_deadlineTimer.setSingleShot(true);
    m_stableTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ClientSession::connectOnce);
    connect(&m_stableTimer, &QTimer::timeout, this, [this] { m_backoff.reset(); });
    connect(&m_deadlineTimer, &QTimer::timeout, this, [this] {
        const QString waited = m_handshake ? waitingFor(m_handshake->stage()) : u"the closing handshake"_s;
        const QString failure = u"no answer within %1 s: %2 did not complete"_s.arg(
            QString::number(m_options.handshakeTimeout.count() / 1000.0), waited);
        if (m_handshake)
            m_handshake->abort(failure);
        else
            abortConnection(failure);
    });
}

bool ClientSession::writesItself(QByteArrayView headerName)
{
    static constexpr std::array written
        = {"host"_L1, "upgrade"_L1, "connection"_L1, "origin"_L1, "sec-websocket-key"_L1, "sec-websocket-version"_L1,
            "sec-websocket-protocol"_L1, "sec-websocket-extensions"_L1, "content-length"_L1, "transfer-encoding"_L1};
    return std::any_of(written.begin(), written.end(),
        [&](QLatin1StringView w) { return QLatin1StringView(headerName).compare(w, Qt::CaseInsensitive) == 0; });
}

ClientSession::ClientSession(TrafficLog &log, CertificateTrust &trust, QObject *parent)
    : ClientSession(log, trust, Options {}, parent)
{ }

ClientSession::~ClientSession()
{
    // So that the log has the connection's end.
    if (m_handshake) {
        m_handshake->disconnect(this);
        m_handshake->abort(u"the session was closed"_s);
    }
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->abort();
    }
}

bool ClientSession::open(const Request &request, QString *error)
{
    if (const auto problem = problemWith(request))
        return refuse(error, *problem);
    if (m_state != State::Closed && m_state != State::Reconnecting)
        return refuse(error, u"the session is already connected; close it first"_s);
    m_request = request;
    m_wantOpen = true;
    m_openedBefore = false;
    m_backoff.reset();
    m_retryTimer.stop();
    connectOnce();
    return true;
}

void ClientSession::connectOnce()
{
    m_certificateRejected = m_credentialsRefused = false;
    m_handshake = new ClientHandshake(
        m_log, m_trust, m_request, {.maxMessageBytes = m_options.maxMessageBytes, .session = m_id}, this);
    connect(m_handshake, &ClientHandshake::opened, this, &ClientSession::onOpened);
    connect(m_handshake, &ClientHandshake::failed, this, &ClientSession::endAttempt);
    connect(m_handshake, &ClientHandshake::certificateRejected, this, [this](const CertificateInfo &certificate) {
        m_certificateRejected = true;
        Q_EMIT certificateRejected(certificate);
    });
    connect(m_handshake, &ClientHandshake::refused, this, [this](int status) { m_credentialsRefused = status == 401; });
    setState(State::Connecting);
    m_deadlineTimer.start(m_options.handshakeTimeout);
}

void ClientSession::onOpened(NativeConnection *connection)
{
    m_handshake->deleteLater();
    m_handshake = nullptr; // done: from now on close() closes the connection
    m_deadlineTimer.stop();
    m_connection = connection;
    connection->setParent(this);
    m_connectionId = connection->connectionId();
    m_openedBefore = true;
    m_lastError.clear();
    m_abortReason.clear();
    m_stableTimer.start(m_options.stableAfter);
    connect(connection, &NativeConnection::textReceived, this,
        [this](const QByteArray &utf8) { Q_EMIT textReceived(QString::fromUtf8(utf8)); });
    connect(connection, &NativeConnection::binaryReceived, this, &ClientSession::binaryReceived);
    connect(connection, &NativeConnection::disconnected, this, &ClientSession::onConnectionGone);
    connect(connection, &NativeConnection::bytesWritten, this, [this](qint64 bytes) {
        Q_EMIT bytesWritten(bytes);
        if (m_fileBytesSent >= m_fileBytesTotal)
            return;
        m_fileBytesSent = std::min(m_fileBytesTotal, m_fileBytesSent + bytes);
        Q_EMIT fileProgress(m_fileBytesSent, m_fileBytesTotal);
    });

    auto *heartbeat = new Heartbeat(connection, m_options.heartbeatInterval);
    connect(this, &ClientSession::heartbeatIntervalChanged, heartbeat, &Heartbeat::setInterval);
    connect(connection, &NativeConnection::pongReceived, this, [this](const QByteArray &payload) {
        if (m_manualPing && m_manualPing->first == payload) {
            Q_EMIT pongReceived(payload, (m_clock.nsecsElapsed() - m_manualPing->second) / 1000);
            m_manualPing.reset();
        }
    });
    connect(heartbeat, &Heartbeat::peerDead, this, [this] {
        abortConnection(u"the server answered none of %1 pings in a row: the connection is dead"_s.arg(
            Heartbeat::missesBeforeDead));
    });
    setState(State::Open);
}

void ClientSession::abortConnection(const QString &failure)
{
    m_abortReason = failure;
    m_connection->abort(); // disconnected() follows
}

void ClientSession::onConnectionGone()
{
    NativeConnection *connection = m_connection;
    m_connection = nullptr;
    connection->disconnect(this);
    connection->deleteLater();
    const ConnectionClosed how = connection->closed();
    QString failure = m_abortReason;
    if (const auto violation = connection->violation()) {
        failure = u"%1 broke the protocol: %2 (failed with %3)"_s.arg(ServerSocket::name(m_request.url),
            QString::fromUtf8(violation->reason), QString::number(violation->closeCode));
    }
    endAttempt(how, failure);
}

void ClientSession::endAttempt(const ConnectionClosed &how, const QString &failure)
{
    m_deadlineTimer.stop();
    m_stableTimer.stop();
    m_manualPing.reset();
    m_fileBytesTotal = m_fileBytesSent = 0;
    if (m_handshake) {
        m_handshake->disconnect(this);
        m_handshake->deleteLater();
        m_handshake = nullptr;
    }
    m_lastError = failure;
    Q_EMIT closed(how, failure);
    if (!m_wantOpen || !m_options.autoReconnect || !worthRetrying(how))
        return giveUp();
    const std::chrono::milliseconds delay = m_backoff.next();
    setState(State::Reconnecting);
    Q_EMIT reconnectScheduled(m_backoff.attempts(), delay);
    m_retryTimer.start(delay);
}

bool ClientSession::worthRetrying(const ConnectionClosed &closed) const
{
    // Only a connection that was open is retried, and then until it opens again; a certificate or a password waits
    // for a person.
    if (!m_openedBefore || m_certificateRejected || m_credentialsRefused)
        return false;
    if (closed.closer == Closer::Client || closed.closer == Closer::Guard)
        return false;
    if (!closed.code)
        return true; // lost without a close frame (1006), or never reached the server
    // A server going away or restarting, or unwell; not one that closed normally or for cause.
    static constexpr std::array retried
        = {CloseCode::goingAway, CloseCode::internalError, quint16(1012), quint16(1013), quint16(1014)};
    return std::find(retried.begin(), retried.end(), *closed.code) != retried.end();
}

void ClientSession::giveUp()
{
    m_wantOpen = false;
    setState(State::Closed);
}

bool ClientSession::close(quint16 code, const QString &reason, QString *error)
{
    if (!CloseCode::mayBeSent(code))
        return refuse(error, u"%1 is not a close code a peer may send (RFC 6455 §7.4)"_s.arg(code));
    if (FrameEncoder::fitCloseReason(reason.toUtf8()).size() != reason.toUtf8().size())
        return refuse(error, u"a close reason holds at most 123 bytes of UTF-8"_s);
    m_wantOpen = false;
    m_retryTimer.stop();
    if (m_state == State::Reconnecting)
        return setState(State::Closed), true;
    if (m_handshake) {
        m_handshake->abort(u"closed before the WebSocket opened"_s);
        return true;
    }
    if (!m_connection || m_state != State::Open)
        return refuse(error, u"the session is not connected"_s);
    setState(State::Closing);
    m_deadlineTimer.start(m_options.handshakeTimeout);
    m_connection->close(code, reason);
    return true;
}

bool ClientSession::checkOpen(QString *error) const
{
    return m_state == State::Open || refuse(error, u"the session is not open"_s);
}

bool ClientSession::sendText(const QString &text, QString *error)
{
    if (!checkOpen(error))
        return false;
    send(Opcode::text, text.toUtf8());
    return true;
}

bool ClientSession::sendBinary(const QByteArray &data, QString *error)
{
    if (!checkOpen(error))
        return false;
    send(Opcode::binary, data);
    return true;
}

void ClientSession::send(quint8 opcode, const QByteArray &message)
{
    if (m_fragmentBytes > 0)
        m_connection->sendFragmented(opcode, message, m_fragmentBytes);
    else if (opcode == Opcode::text)
        m_connection->sendText(message);
    else
        m_connection->sendBinary(message);
}

bool ClientSession::sendFile(const QString &path, QString *error)
{
    if (!checkOpen(error))
        return false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse(error, u"cannot read %1: %2"_s.arg(path, file.errorString()));
    if (quint64(file.size()) > m_options.maxMessageBytes) {
        return refuse(error,
            u"%1 has %2 bytes; a message may have at most %3"_s.arg(
                path, QString::number(file.size()), QString::number(m_options.maxMessageBytes)));
    }
    const QByteArray data = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return refuse(error, u"cannot read %1: %2"_s.arg(path, file.errorString()));
    m_fileBytesTotal = data.size();
    m_fileBytesSent = 0;
    send(Opcode::binary, data);
    return true;
}

qint64 ClientSession::bytesToWrite() const
{
    return m_connection && m_state == State::Open ? m_connection->bytesToWrite() : 0;
}

bool ClientSession::ping(const QByteArray &payload, QString *error)
{
    if (payload.size() > Opcode::maxControlPayload)
        return refuse(error, u"a ping payload holds at most 125 bytes"_s);
    if (!checkOpen(error))
        return false;
    m_manualPing = {payload, m_clock.nsecsElapsed()};
    m_connection->ping(payload);
    return true;
}

bool ClientSession::pong(const QByteArray &payload, QString *error)
{
    if (payload.size() > Opcode::maxControlPayload)
        return refuse(error, u"a pong payload holds at most 125 bytes"_s);
    if (!checkOpen(error))
        return false;
    m_connection->pong(payload);
    return true;
}

std::optional<QByteArray> ClientSession::fromHex(QStringView text, QString *error)
{
    QByteArray digits;
    for (const QChar c : text) {
        if (c.isSpace() || c == u':')
            continue;
        if (c.unicode() > 127 || !isxdigit(c.unicode())) {
            refuse(error, u"\"%1\" is not a hex digit"_s.arg(c));
            return std::nullopt;
        }
        digits += char(c.unicode());
    }
    if (digits.size() % 2) {
        refuse(error, u"an odd number of hex digits: each byte takes two"_s);
        return std::nullopt;
    }
    return QByteArray::fromHex(digits);
}

void ClientSession::setHeartbeatInterval(std::chrono::milliseconds interval)
{
    if (m_options.heartbeatInterval == interval)
        return;
    m_options.heartbeatInterval = interval;
    Q_EMIT heartbeatIntervalChanged(interval);
}

void ClientSession::setAutoReconnect(bool on)
{
    m_options.autoReconnect = on;
    if (!on && m_state == State::Reconnecting) {
        m_retryTimer.stop();
        giveUp();
    }
}

void ClientSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace Duplex
