// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/rawpeers.h"

#include <QTest>

#include "support/eventwait.h"
#include "wire/framedecoder.h"
#include "wire/frameencoder.h"
#include "wire/handshake.h"
#include "wire/httphead.h"

namespace Duplex::Test {

QByteArray upgradeRequest(QByteArrayView path, QByteArrayView extraHeaders)
{
    return "GET " + path.toByteArray()
        + " HTTP/1.1\r\n"
          "Host: 127.0.0.1\r\n"
          "Upgrade: websocket\r\n"
          "Connection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          "Sec-WebSocket-Version: 13\r\n"
        + extraHeaders.toByteArray() + "\r\n";
}

QByteArray httpExchange(quint16 port, const QByteArray &request, int timeoutMs, const QHostAddress &from)
{
    QTcpSocket socket;
    if (!from.isNull() && !socket.bind(from))
        return {};
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request);
    QByteArray response;
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { response += socket.readAll(); });
    // Until the server closes, or, on a connection it keeps alive, until its answer is complete.
    const auto answered = [&] {
        const qsizetype headLength = HttpHead::headLength(response);
        const auto head = HttpHead::parseResponse(response);
        if (head && (head->statusCode() == 204 || head->statusCode() == 101))
            return true; // no body: by definition, or the connection now speaks another protocol
        return head && head->has("Content-Length")
            && response.size() >= headLength + head->value("Content-Length").toLongLong();
    };
    if (!waitUntil([&] { return socket.state() == QAbstractSocket::UnconnectedState || answered(); }, timeoutMs))
        return {};
    return response + socket.readAll();
}

int statusOf(QByteArrayView response)
{
    if (!response.startsWith("HTTP/1.1 ") || response.size() < 12)
        return 0;
    return response.sliced(9, 3).toInt();
}

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort();
}

RefusingPort::RefusingPort()
{
    m_holder.bind(QHostAddress::LocalHost, 0, QAbstractSocket::DontShareAddress);
}

qint64 unsentAfterFlooding(QTcpSocket &socket, const QByteArray &frame)
{
    for (qint64 sent = 0; sent < floodBytes; sent += frame.size())
        socket.write(frame);
    QTest::qWait(1000); // the bytes move only as far as the other side's and the kernel's buffers let them
    return socket.bytesToWrite();
}

std::unique_ptr<QTcpSocket> openSilentWebSocket(
    quint16 port, QByteArrayView path, qint64 readBufferBytes, QByteArrayView extraHeaders)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->setReadBufferSize(readBufferBytes);
    socket->connectToHost(QHostAddress::LocalHost, port);
    if (!socket->waitForConnected(5000))
        return nullptr;
    socket->write(upgradeRequest(path, extraHeaders));
    QByteArray head;
    const bool upgraded = waitUntil(
        [&] {
            // Byte by byte, so not one byte past the head is consumed.
            while (!head.endsWith("\r\n\r\n") && socket->bytesAvailable() > 0)
                head += socket->read(1);
            return head.endsWith("\r\n\r\n");
        },
        5000);
    if (!upgraded || statusOf(head) != 101)
        return nullptr;
    return socket;
}

} // namespace Duplex::Test

namespace Duplex::Test {

SilentWebSocketServer::SilentWebSocketServer()
{
    connect(this, &QTcpServer::newConnection, this, [this] {
        QTcpSocket *socket = nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            const QByteArray request = socket->peek(socket->bytesAvailable());
            const auto head = HttpHead::parseRequest(request);
            if (!head)
                return; // wait for the rest of the head
            socket->read(HttpHead::headLength(request));
            socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Accept: "
                + Handshake::acceptFor(head->value("Sec-WebSocket-Key")) + "\r\n\r\n");
            socket->disconnect(); // from now on, silence
        });
    });
    listen(QHostAddress::LocalHost, 0);
}

} // namespace Duplex::Test

namespace Duplex::Test {

QByteArray maskedFrame(quint8 firstByte, QByteArrayView payload)
{
    const bool fin = firstByte & 0x80;
    const bool rsv1 = firstByte & 0x40;
    return FrameEncoder::encode(payload,
        {.opcode = quint8(firstByte & 0x0f), .fin = fin, .rsv1 = rsv1, .maskingKey = 0x37fa213d}); // §5.7's key
}

QList<Frame> readFrames(QTcpSocket &socket, qsizetype count)
{
    FrameDecoder decoder({.direction = Direction::ServerToClient, .keepBytes = 1 << 20, .deflate = std::nullopt});
    QList<Frame> frames;
    waitUntil([&] {
        decoder.feed(socket.readAll(), frames);
        return frames.size() >= count || socket.state() == QAbstractSocket::UnconnectedState;
    });
    decoder.feed(socket.readAll(), frames);
    return frames;
}

} // namespace Duplex::Test
