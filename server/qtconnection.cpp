// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/qtconnection.h"

#include <QWebSocket>

namespace Duplex {

QtConnection::QtConnection(QWebSocket *socket, QString peer, QObject *parent)
    : Connection(std::move(peer), parent)
    , m_socket(socket)
{
    m_socket->setParent(this);
    connect(m_socket, &QWebSocket::textMessageReceived, this,
        [this](const QString &message) { Q_EMIT textReceived(message.toUtf8()); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &Connection::binaryReceived);
    connect(m_socket, &QWebSocket::pong, this,
        [this](quint64, const QByteArray &payload) { Q_EMIT pongReceived(payload); });
    connect(m_socket, &QWebSocket::disconnected, this, &Connection::disconnected);
}

void QtConnection::sendText(const QByteArray &utf8)
{
    m_socket->sendTextMessage(QString::fromUtf8(utf8));
}

void QtConnection::sendPreparedText(const FrameEncoder::PreparedFrame &serverFrame, const QString &text)
{
    Q_UNUSED(serverFrame) // QtWebSockets frames it again, for each receiver
    m_socket->sendTextMessage(text);
}

void QtConnection::sendBinary(const QByteArray &message)
{
    m_socket->sendBinaryMessage(message);
}

bool QtConnection::ping(const QByteArray &payload)
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return false;
    m_socket->ping(payload);
    return true;
}

void QtConnection::close(quint16 code, const QString &reason)
{
    m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
}

void QtConnection::abort()
{
    m_socket->abort();
}

qint64 QtConnection::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

quint16 QtConnection::closeCode() const
{
    return m_socket->closeCode();
}

} // namespace Duplex
