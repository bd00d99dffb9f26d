// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/httpresponse.h"

namespace Duplex {

namespace {

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 426:
        return "Upgrade Required";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    }
    return "Error";
}

} // namespace

QByteArray httpResponse(int status, QByteArrayView contentType, QByteArrayView body,
    const QList<HttpHead::Field> &extraHeaders, bool headOnly)
{
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n"
        + "Server: Duplex/" DUPLEX_VERSION "\r\n" + "Content-Type: " + contentType + "\r\n"
        + "Content-Length: " + QByteArray::number(body.size()) + "\r\n" + "Connection: close\r\n";
    for (const HttpHead::Field &field : extraHeaders)
        response += field.name + ": " + field.value + "\r\n";
    response += "\r\n";
    if (!headOnly)
        response += body;
    return response;
}

QByteArray httpRefusal(int status, QByteArrayView reason, const QList<HttpHead::Field> &extraHeaders)
{
    return httpResponse(status, "text/plain; charset=utf-8", QByteArray(reason.toByteArray() + '\n'), extraHeaders);
}

} // namespace Duplex
