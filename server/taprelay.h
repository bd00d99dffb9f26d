// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTcpSocket>

#include "httphead.h"
#include "messageassembler.h"
#include "wiretap.h"

namespace Duplex {

// Carries one upgraded connection between its peer and the internal QWebSocketServer through a WireTap, so both
// directions are decoded into the traffic log. It is also the protocol guard where QtWebSockets 6.4.2 is lax or
// wrong: it fails unmasked client frames (1002) and invalid UTF-8 (1007) itself, as soon as they show, and passes
// each client message on whole, because QtWebSockets refuses valid UTF-8 split across fragments. Neither side
// can make it buffer without bound: when one side stops reading, it stops reading the other.
class TapRelay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TapRelay)

public:
    // The request header that names the relay to the internal server (whatever the peer sent under it is dropped).
    static constexpr QByteArrayView relayHeader = "X-Duplex-Relay";

    // Takes over peer, whose admitted request head (head, headLength bytes) is still unread, and inner, a connected
    // local socket whose other end the internal server reads, and sends the head on with relayHeader: id.
    TapRelay(QTcpSocket *peer, QTcpSocket *inner, const HttpHead &head, qsizetype headLength, quint64 maxMessageBytes,
        TrafficLog &log, quint64 id, QObject *parent = nullptr);

    QString peer() const { return m_peer; } // "address:port" of the far end

Q_SIGNALS:
    void finished(); // both connections are closed; the relay deletes itself

private:
    void pumpToPeer();
    // Reads what the internal server sent, through the tap, to the peer while its backlog is under the limit.
    void passServerBytes(qint64 peerBacklogLimit);
    void pumpToInner();
    void sendInner(quint8 opcode, QByteArrayView payload);
    void guard(const Violation &violation);
    void onPeerGone();
    void onInnerGone();
    void finish();

    QTcpSocket *m_peerSocket;
    QTcpSocket *m_inner;
    QString m_peer; // kept: a disconnected socket forgets its peer
    WireTap m_tap;
    MessageAssembler m_assembler; // of client messages
    bool m_guarded = false;
    bool m_finished = false;
};

} // namespace Duplex
