// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/protocolglossary.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Duplex::ProtocolGlossary {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Duplex::ProtocolGlossary", text);
}

} // namespace

QString opcodeName(quint8 opcode)
{
    switch (opcode) {
    case Opcode::continuation:
        return u"continuation"_s;
    case Opcode::text:
        return u"text"_s;
    case Opcode::binary:
        return u"binary"_s;
    case Opcode::close:
        return u"close"_s;
    case Opcode::ping:
        return u"ping"_s;
    case Opcode::pong:
        return u"pong"_s;
    }
    return u"reserved 0x%1"_s.arg(opcode, 0, 16);
}

QString closeCodeMeaning(quint16 code)
{
    switch (code) {
    case 1000:
        return tr("normal closure");
    case 1001:
        return tr("going away (server shutting down or page left)");
    case 1002:
        return tr("protocol error");
    case 1003:
        return tr("unsupported data (a type the endpoint cannot accept)");
    case 1005:
        return tr("no status code was present");
    case 1006:
        return tr("closed abnormally, without a close frame");
    case 1007:
        return tr("invalid payload data (text that is not UTF-8)");
    case 1008:
        return tr("policy violation");
    case 1009:
        return tr("message too big");
    case 1010:
        return tr("an extension the client needs was not negotiated");
    case 1011:
        return tr("internal error: the server hit an unexpected condition");
    case 1012:
        return tr("service restart");
    case 1013:
        return tr("try again later");
    case 1014:
        return tr("bad gateway");
    case 1015:
        return tr("TLS handshake failed");
    }
    if (code >= 3000 && code <= 3999)
        return tr("registered for libraries and frameworks");
    if (code >= 4000 && code <= 4999)
        return tr("private use by the application");
    return tr("not a code a peer may send");
}

QString describeClose(const ConnectionClosed &closed)
{
    QString text
        = closed.code ? QString::number(*closed.code) + u' ' + closeCodeMeaning(*closed.code) : tr("no close code");
    if (!closed.reason.isEmpty())
        text += u": "_s + QString::fromUtf8(closed.reason);
    switch (closed.closer) {
    case Closer::Client:
        text += tr(", by the client");
        break;
    case Closer::Server:
        text += tr(", by the server");
        break;
    case Closer::Guard:
        text += tr(", by Duplex's protocol guard");
        break;
    case Closer::Nobody:
        text += tr(", the TCP connection went away");
        break;
    }
    return text + (closed.clean ? tr(", clean") : tr(", not clean"));
}

QString payloadText(QByteArrayView bytes, bool isText)
{
    return isText ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes.toByteArray().toHex(' '));
}

QString oneLine(QString text)
{
    for (QChar &c : text) {
        if (c.category() == QChar::Other_Control)
            c = u'·';
    }
    return text;
}

QString headerMeaning(QByteArrayView name)
{
    struct Entry
    {
        QByteArrayView name;
        const char *meaning;
    };
    static constexpr Entry entries[] = {
        {"Host", QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary", "The server the request is for (RFC 9110 §7.2).")},
        {"Upgrade",
            QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary",
                "Asks to switch this connection to another protocol; \"websocket\" for WebSocket (RFC 6455 §4.1).")},
        {"Connection",
            QT_TRANSLATE_NOOP(
                "Duplex::ProtocolGlossary", "Must contain \"Upgrade\": the switch applies to this connection only.")},
        {"Sec-WebSocket-Key",
            QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary",
                "16 random bytes in base64, new for every handshake. The server proves it speaks WebSocket by "
                "answering with Sec-WebSocket-Accept computed from it (§4.1).")},
        {"Sec-WebSocket-Accept",
            QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary",
                "base64(SHA-1(key + \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\")): proof that the server read this "
                "very request (§4.2.2).")},
        {"Sec-WebSocket-Version",
            QT_TRANSLATE_NOOP(
                "Duplex::ProtocolGlossary", "The protocol version; 13 is RFC 6455. Any other gets a 426.")},
        {"Sec-WebSocket-Protocol",
            QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary",
                "Subprotocols: the client lists the ones it speaks, the server picks one (§1.9).")},
        {"Sec-WebSocket-Extensions",
            QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary",
                "Extensions such as permessage-deflate (RFC 7692): offered by the client, accepted by the server.")},
        {"Origin",
            QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary",
                "The page that opened the connection, sent by browsers; servers use it to refuse other sites "
                "(§10.2).")},
        {"User-Agent", QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary", "The client program.")},
        {"Server", QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary", "The server program.")},
        {"X-Forwarded-For",
            QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary",
                "Added by proxies on the way: the address of the client they forwarded the request for.")},
        {"Authorization",
            QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary", "Credentials for the server (RFC 9110 §11.6.2).")},
        {"Cookie", QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary", "Cookies the browser holds for this site.")},
        {"Content-Type", QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary", "The media type of the body.")},
        {"Content-Length", QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary", "The size of the body in bytes.")},
        {"Retry-After", QT_TRANSLATE_NOOP("Duplex::ProtocolGlossary", "How long to wait before trying again.")},
    };
    for (const Entry &entry : entries) {
        if (name.compare(entry.name, Qt::CaseInsensitive) == 0)
            return tr(entry.meaning);
    }
    return {};
}

} // namespace Duplex::ProtocolGlossary
