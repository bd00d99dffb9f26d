// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include "wire/frameencoder.h"

namespace Duplex {

// One open WebSocket connection as /echo, /chat and the server's heartbeat see it, whichever stack serves it:
// NativeConnection (Duplex's own, every frame recorded) or QtConnection (QtWebSockets, for --no-tap).
class Connection : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Connection)

public:
    QString peer() const { return m_peer; } // "address:port" of the far end

    // A text message is its UTF-8 both ways, valid (checked where it came in): a server passes text on or reads it
    // as JSON, so it never needs it in UTF-16. Once the connection is closing, nothing more is sent (for
    // QtConnection, as far as QtWebSockets sees to it).
    virtual void sendText(const QByteArray &utf8) = 0;
    // A text message as the frame a server sends of it, whose payload is the text, and as UTF-16 for a connection
    // that takes text only in that form (QtWebSockets): a connection that writes its own frames sends the frame (a
    // broadcast prepares one frame for all its receivers, which share it while it waits, and records it without
    // decoding it again); the others send the text.
    virtual void sendPreparedText(const FrameEncoder::PreparedFrame &serverFrame, const QString &text)
    {
        Q_UNUSED(text)
        sendText(serverFrame.frame.payload);
    }
    virtual void sendBinary(const QByteArray &message) = 0;
    virtual bool ping(const QByteArray &payload) = 0; // false when nothing was sent
    // Starts the closing handshake; disconnected() follows when the peer answers, or after a grace period.
    virtual void close(quint16 code, const QString &reason) = 0;
    virtual void abort() = 0; // drops the TCP connection at once; disconnected() follows
    virtual qint64 bytesToWrite() const = 0;
    // A peer that does not read would make what is sent to it pile up in memory: with more than bound bytes waiting
    // it is cut off (abort()), and true says so.
    bool abortIfBacklogOver(qint64 bound)
    {
        if (bytesToWrite() <= bound)
            return false;
        abort();
        return true;
    }
    // The code the connection closed with: of the first close frame (the peer's, or ours), 1005 when that frame
    // had none, 1006 when no close frame came (for QtConnection, as far as QtWebSockets tells).
    virtual quint16 closeCode() const = 0;

Q_SIGNALS:
    void textReceived(const QByteArray &utf8);
    void binaryReceived(const QByteArray &message);
    void pongReceived(const QByteArray &payload);
    void disconnected();

protected:
    Connection(QString peer, QObject *parent)
        : QObject(parent)
        , m_peer(std::move(peer))
    { }

private:
    QString m_peer;
};

} // namespace Duplex
