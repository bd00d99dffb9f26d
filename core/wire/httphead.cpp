// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/httphead.h"

#include <algorithm>
#include <utility>

namespace Duplex {

namespace {

// RFC 5234's ALPHA and DIGIT, of which tokens, schemes and host names are made.
bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// RFC 9110 §5.6.2: token characters, used by methods and header names.
bool isTokenChar(char c)
{
    static constexpr QByteArrayView extra = "!#$%&'*+-.^_`|~";
    return isAlpha(c) || isDigit(c) || extra.contains(c);
}

bool isControl(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

// Field values may hold visible ASCII, obs-text and inner whitespace, but no control characters.
bool isFieldValue(QByteArrayView text)
{
    return std::none_of(text.begin(), text.end(), [](char c) { return c != '\t' && isControl(c); });
}

QList<QByteArrayView> split(QByteArrayView text, char separator)
{
    QList<QByteArrayView> parts;
    for (qsizetype start = 0;;) {
        const qsizetype end = text.indexOf(separator, start);
        parts.append(text.sliced(start, (end < 0 ? text.size() : end) - start));
        if (end < 0)
            return parts;
        start = end + 1;
    }
}

// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
bool isScheme(QByteArrayView text)
{
    return !text.isEmpty() && isAlpha(text.front()) && std::all_of(text.begin(), text.end(), [](char c) {
        return isAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.';
    });
}

// RFC 3986 §3.2.2: a reg-name or IPv4 address is unreserved characters, sub-delims and percent-escapes.
bool isRegNameChar(char c)
{
    static constexpr QByteArrayView others = "-._~%!$&'()*+,;=";
    return isAlpha(c) || isDigit(c) || others.contains(c);
}

void fail(QByteArray *errorOut, const char *why)
{
    if (errorOut)
        *errorOut = why;
}

} // namespace

bool HttpHead::isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

bool HttpHead::isHost(QByteArrayView text)
{
    qsizetype hostEnd = 0;
    if (text.startsWith('[')) {
        const qsizetype close = text.indexOf(']');
        const QByteArrayView literal = text.sliced(1, std::max<qsizetype>(close - 1, 0));
        if (close < 0
            || !std::all_of(literal.begin(), literal.end(), [](char c) { return isRegNameChar(c) || c == ':'; }))
            return false;
        hostEnd = close + 1;
    } else {
        hostEnd = std::find_if_not(text.begin(), text.end(), isRegNameChar) - text.begin();
    }
    const QByteArrayView port = text.sliced(hostEnd);
    return port.isEmpty() || (port.front() == ':' && std::all_of(port.begin() + 1, port.end(), isDigit));
}

qsizetype HttpHead::headLength(QByteArrayView bytes)
{
    // Find the first empty line, tolerating bare LF line ends (RFC 9112 §2.2).
    for (qsizetype i = bytes.indexOf('\n'); i >= 0; i = bytes.indexOf('\n', i + 1)) {
        if (i + 1 < bytes.size() && bytes[i + 1] == '\n')
            return i + 2;
        if (i + 2 < bytes.size() && bytes[i + 1] == '\r' && bytes[i + 2] == '\n')
            return i + 3;
    }
    return -1;
}

std::optional<HttpHead> HttpHead::parseRequest(QByteArrayView bytes, QByteArray *errorOut)
{
    return parse(bytes, true, errorOut);
}

std::optional<HttpHead> HttpHead::parseResponse(QByteArrayView bytes, QByteArray *errorOut)
{
    return parse(bytes, false, errorOut);
}

std::optional<HttpHead> HttpHead::parse(QByteArrayView bytes, bool request, QByteArray *errorOut)
{
    const qsizetype length = headLength(bytes);
    if (length < 0) {
        fail(errorOut, request ? "incomplete request head" : "incomplete response head");
        return std::nullopt;
    }
    HttpHead head;
    bool first = true;
    for (QByteArrayView line : split(bytes.first(length).trimmed(), '\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        head.m_longestLine = std::max(head.m_longestLine, line.size());
        if (std::exchange(first, false)) {
            if (!head.parseStartLine(line, request, errorOut))
                return std::nullopt;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        // No whitespace is allowed between the name and the colon (RFC 9112 §5.1); obsolete folding is refused.
        if (colon <= 0 || !isToken(line.first(colon))) {
            fail(errorOut, "malformed header line");
            return std::nullopt;
        }
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (!isFieldValue(value)) {
            fail(errorOut, "control character in header value");
            return std::nullopt;
        }
        head.m_fields.append({line.first(colon).toByteArray(), value.toByteArray()});
    }
    return head;
}

bool HttpHead::parseStartLine(QByteArrayView line, bool request, QByteArray *errorOut)
{
    // request-line = method SP target SP version; status-line = version SP code SP [reason] (RFC 9112 §3, §4)
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
    const QByteArrayView one = line.first(firstSpace < 0 ? line.size() : firstSpace);
    const QByteArrayView two = firstSpace < 0
        ? QByteArrayView()
        : line.sliced(firstSpace + 1, (secondSpace < 0 ? line.size() : secondSpace) - firstSpace - 1);
    const QByteArrayView three = secondSpace < 0 ? QByteArrayView() : line.sliced(secondSpace + 1);
    if (request && (!isToken(one) || two.isEmpty() || three.isEmpty() || three.contains(' '))) {
        fail(errorOut, "malformed request line");
        return false;
    }
    const QByteArrayView version = request ? three : one;
    if (!version.startsWith("HTTP/1.") || version.size() != 8 || version.back() < '0' || version.back() > '9') {
        fail(errorOut, "unsupported HTTP version");
        return false;
    }
    m_version = version.toByteArray();
    if (request) {
        if (std::any_of(two.begin(), two.end(), isControl)) {
            fail(errorOut, "control character in request target");
            return false;
        }
        m_method = one.toByteArray();
        m_target = two.toByteArray();
        return parseTarget(errorOut);
    }
    bool ok = false;
    m_statusCode = two.size() == 3 ? two.toInt(&ok) : 0;
    if (!ok || m_statusCode < 100) {
        fail(errorOut, "malformed status line");
        return false;
    }
    m_reason = three.toByteArray();
    return true;
}

// A target is a path (origin form) or an absolute URL, which clients send only to proxies but servers must accept;
// "*" (OPTIONS) and "host:port" (CONNECT) are the other forms, each for its one method (RFC 9112 §3.2).
bool HttpHead::parseTarget(QByteArray *errorOut)
{
    if (m_target.startsWith('/') || (m_target == "*" && m_method == "OPTIONS") || m_method == "CONNECT")
        return true;
    const qsizetype schemeEnd = m_target.indexOf("://");
    if (!isScheme(QByteArrayView(m_target).first(std::max<qsizetype>(schemeEnd, 0)))) {
        fail(errorOut, "request target is neither a path nor an absolute URL");
        return false;
    }
    const qsizetype authorityStart = schemeEnd + 3;
    const auto pathStart = std::find_if(
        m_target.cbegin() + authorityStart, m_target.cend(), [](char c) { return c == '/' || c == '?'; });
    m_originStart = pathStart - m_target.cbegin();
    m_authority = m_target.sliced(authorityStart, m_originStart - authorityStart);
    if (m_authority.isEmpty()) {
        fail(errorOut, "request target has no host");
        return false;
    }
    if (!isHost(m_authority)) { // user info too: RFC 9110 §4.2.4 has it treated as an error
        fail(errorOut, "request target's host is not a host name or address with an optional port");
        return false;
    }
    return true;
}

QByteArray HttpHead::path() const
{
    const QByteArrayView origin = originForm();
    const qsizetype query = origin.indexOf('?');
    const QByteArrayView path = query < 0 ? origin : origin.first(query);
    return path.isEmpty() ? QByteArray("/") : path.toByteArray(); // "http://host" names "/" (RFC 9110 §4.2.3)
}

QUrlQuery HttpHead::query() const
{
    const QByteArrayView origin = originForm();
    const qsizetype query = origin.indexOf('?');
    return QUrlQuery(query < 0 ? QString() : QString::fromLatin1(origin.sliced(query + 1)));
}

QByteArray HttpHead::host() const
{
    return m_authority.isNull() ? value("Host") : m_authority;
}

QUrl HttpHead::redirectTarget(const QUrl &requested) const
{
    const QByteArray location = value("Location");
    if (m_statusCode / 100 != 3 || location.isEmpty())
        return {};
    return requested.resolved(QUrl(QString::fromUtf8(location)));
}

bool HttpHead::has(QByteArrayView name) const
{
    return std::any_of(m_fields.cbegin(), m_fields.cend(),
        [name](const Field &f) { return f.name.compare(name, Qt::CaseInsensitive) == 0; });
}

QByteArray HttpHead::value(QByteArrayView name) const
{
    QByteArray joined;
    for (const Field &f : m_fields) {
        if (f.name.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (!joined.isEmpty())
            joined += ", ";
        joined += f.value;
    }
    return joined;
}

bool HttpHead::hasToken(QByteArrayView name, QByteArrayView token) const
{
    const QByteArray list = value(name);
    for (QByteArrayView item : splitList(list)) {
        if (item.compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QList<QByteArrayView> HttpHead::splitList(QByteArrayView value, char separator)
{
    QList<QByteArrayView> parts = split(value, separator);
    for (QByteArrayView &part : parts)
        part = part.trimmed();
    return parts;
}

QByteArray HttpHead::requestTarget(const QUrl &url)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    return target;
}

QByteArray HttpHead::hostField(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']'; // an IPv6 address
    if (url.port() != -1)
        host += ':' + QByteArray::number(url.port());
    return host;
}

namespace {

// head with each line of the field name replaced by "name: value", or taken out without a value; the start line
// and every other byte as they were.
QByteArray withFieldLines(const QByteArray &head, QByteArrayView name, std::optional<QByteArrayView> value)
{
    QByteArray result;
    result.reserve(head.size() + (value ? value->size() : 0));
    for (qsizetype at = 0; at < head.size();) {
        const qsizetype newline = head.indexOf('\n', at);
        const qsizetype end = newline < 0 ? head.size() : newline + 1;
        const QByteArrayView line = QByteArrayView(head).sliced(at, end - at);
        const bool isField = at > 0 && line.size() > name.size() && line[name.size()] == ':'
            && line.first(name.size()).compare(name, Qt::CaseInsensitive) == 0;
        if (!isField)
            result += line;
        else if (value)
            result += name + ": " + *value + (line.endsWith("\r\n") ? "\r\n" : "\n");
        at = end;
    }
    return result;
}

} // namespace

QByteArray HttpHead::withHost(const QByteArray &head, QByteArrayView host)
{
    return withFieldLines(head, "Host", host);
}

QByteArray HttpHead::withoutField(const QByteArray &head, QByteArrayView name)
{
    return withFieldLines(head, name, std::nullopt);
}

} // namespace Duplex
