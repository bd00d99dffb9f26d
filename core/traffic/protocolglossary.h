// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include "traffic/trafficrecord.h"

// The protocol in words, for people: what an opcode, a close code or a handshake header means.
namespace Duplex::ProtocolGlossary {

QString opcodeName(quint8 opcode);
// What a close code means (RFC 6455 §7.4.1, and the ranges of §7.4.2).
QString closeCodeMeaning(quint16 code);
// "1000 normal closure: bye, by the client, clean" and the like.
QString describeClose(const ConnectionClosed &closed);
// A payload as people read it: a text message's bytes as UTF-8, any other as hex pairs ("de ad be ef").
QString payloadText(QByteArrayView bytes, bool isText);
// The same text on one line, for a table's cell: control characters (line breaks and the like) shown as '·'.
QString oneLine(QString text);
// What a handshake header is for (RFC 6455 §4, RFC 7692, RFC 9110), or empty for a header it does not know.
QString headerMeaning(QByteArrayView name);

} // namespace Duplex::ProtocolGlossary
