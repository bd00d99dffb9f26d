// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/httpresponse.h"

#include <QDateTime>
#include <QLocale>

namespace Duplex {

namespace {

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    }
    return "Error";
}

// The time in IMF-fixdate (RFC 9110 §5.6.7), as the Date field carries it. The C locale's names, whatever the
// desktop's language; one second's text serves all the answers of that second.
QByteArray httpDate()
{
    thread_local qint64 formattedSecond = -1;
    thread_local QByteArray formatted;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != formattedSecond) {
        formattedSecond = now;
        formatted = QLocale::c()
                        .toString(QDateTime::fromSecsSinceEpoch(now, Qt::UTC), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'")
                        .toLatin1();
    }
    return formatted;
}

} // namespace

QByteArray httpResponseHead(int status, const QList<HttpHead::Field> &fields)
{
    // An origin server with a clock dates every answer (RFC 9110 §6.6.1).
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\nDate: " + httpDate()
        + "\r\nServer: Duplex/" DUPLEX_VERSION "\r\n";
    for (const HttpHead::Field &field : fields)
        head += field.name + ": " + field.value + "\r\n";
    return head + "\r\n";
}

} // namespace Duplex
