// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: a member's text frame as the room reads it, and what the room sends of it to everyone.
#include <QJsonDocument>
#include <QJsonObject>

#include "room/chatprotocol.h"
#include "wire/utf8validator.h"

using namespace Duplex::ChatProtocol;
using namespace Qt::StringLiterals;

namespace {

// What the room sends is valid UTF-8 (else every browser drops the room with 1007) and reads back as given.
void checkSent(const QJsonObject &object, const QString &field, const QString &text)
{
    const QByteArray sent = encode(object);
    if (!Duplex::Utf8Validator::isValid(sent) || QJsonDocument::fromJson(sent).object().value(field) != text)
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray frame(reinterpret_cast<const char *>(data), qsizetype(size));
    if (!Duplex::Utf8Validator::isValid(frame))
        return 0; // closed with 1007 before the room reads it
    const Request request = parseRequest(frame);
    switch (request.kind) {
    case Request::Kind::Message:
    case Request::Kind::PlainText:
        if (request.text.trimmed().isEmpty())
            __builtin_trap(); // a blank message is refused
        {
            const QJsonObject sent = toJson(Message {1, {}, u"ann"_s, request.text, request.to});
            checkSent(sent, u"text"_s, request.text);
            if (!request.to.isEmpty()) // a recipient, whatever its name, comes back as sent
                checkSent(sent, u"to"_s, request.to);
            break;
        }
    case Request::Kind::Nick:
        if (!nickProblem(request.text))
            checkSent(nickChanged(u"ann"_s, request.text), u"nick"_s, request.text);
        break;
    case Request::Kind::Invalid:
        if (request.error.isEmpty() || request.text.isEmpty())
            __builtin_trap(); // an error has a code and a sentence
        checkSent(error(request.error, request.text), u"message"_s, request.text);
        break;
    case Request::Kind::File:
        if (fileNameProblem(request.file.name) || request.file.size < 1)
            __builtin_trap(); // an offer the rules refuse is never taken
        checkSent(upload(request.file).value(u"file").toObject(), u"name"_s, request.file.name);
        break;
    case Request::Kind::Users:
    case Request::Kind::History:
    case Request::Kind::CancelUpload:
        break;
    }
    resumePoint(QString::fromUtf8(frame));
    return 0;
}
