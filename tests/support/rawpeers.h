// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

#include "wire/websocketframe.h"

// Byte-level peers for what a well-behaved client library will not do: raw HTTP requests and WebSocket
// connections that stop reading or never answer.
namespace Duplex::Test {

// A valid opening handshake for path, with extra header lines ("Name: value\r\n") appended.
QByteArray upgradeRequest(QByteArrayView path, QByteArrayView extraHeaders = {});

// Sends request bytes and returns everything the server sent until it closed, or until one whole answer came (with
// its Content-Length, or a 204 or 101 head); empty on timeout. From 127.0.0.1, or from another loopback address.
QByteArray httpExchange(
    quint16 port, const QByteArray &request, int timeoutMs = 5000, const QHostAddress &from = QHostAddress());

// The status code of a raw HTTP response, or 0.
int statusOf(QByteArrayView response);

// A port of 127.0.0.1 where nothing listens (for as long as nothing else takes it): for a server to listen on.
quint16 freePort();

// A port of 127.0.0.1 that refuses connections for as long as this lives: bound but never listening, and not shared,
// so no other socket on the machine can take it meanwhile (a port that freePort() returned could be taken by a test
// running beside this one, and then answer, or say nothing).
class RefusingPort
{
public:
    RefusingPort();
    quint16 port() const { return m_holder.localPort(); }

private:
    QTcpSocket m_holder;
};

// Writes frame to socket again and again, floodBytes in all, and returns how many bytes still wait in the socket a
// second later: most of them, when the other side holds no more than bounded buffers.
constexpr qint64 floodBytes = 64 << 20;
qint64 unsentAfterFlooding(QTcpSocket &socket, const QByteArray &frame);

// A TCP socket that completed a WebSocket handshake on path (with extraHeaders as in upgradeRequest) and then
// reads nothing (it holds at most readBufferBytes unread in user space; the kernel buffers the rest until it fills).
// With readBufferBytes 0 the buffer is unbounded: a raw client for tests that read and write frames themselves.
// Null unless the server answered 101.
std::unique_ptr<QTcpSocket> openSilentWebSocket(
    quint16 port, QByteArrayView path, qint64 readBufferBytes = 1024, QByteArrayView extraHeaders = {});

} // namespace Duplex::Test

namespace Duplex::Test {

// A server that completes the opening handshake correctly and then never reads again, so pings to it go
// unanswered: a dead peer whose TCP connection stays up.
class SilentWebSocketServer final : public QTcpServer
{
public:
    SilentWebSocketServer();
};

} // namespace Duplex::Test

namespace Duplex::Test {

// One client frame (RFC 6455 §5.2) with FIN and opcode in firstByte, masked with the key from §5.7's example.
QByteArray maskedFrame(quint8 firstByte, QByteArrayView payload);

// Reads server frames from a raw connection until count have arrived or the server closed it.
QList<Frame> readFrames(QTcpSocket &socket, qsizetype count);

} // namespace Duplex::Test
