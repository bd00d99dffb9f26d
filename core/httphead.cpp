// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "httphead.h"

#include <algorithm>

namespace Duplex {

namespace {

// RFC 9110 §5.6.2: token characters, used by methods and header names.
bool isTokenChar(char c)
{
    static constexpr QByteArrayView extra = "!#$%&'*+-.^_`|~";
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || extra.contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// Field values may hold visible ASCII, obs-text and inner whitespace, but no control characters.
bool isFieldValue(QByteArrayView text)
{
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
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

void fail(QByteArray *errorOut, const char *why)
{
    if (errorOut)
        *errorOut = why;
}

} // namespace

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
    const qsizetype length = headLength(bytes);
    if (length < 0) {
        fail(errorOut, "incomplete request head");
        return std::nullopt;
    }
    HttpHead head;
    bool first = true;
    for (QByteArrayView line : split(bytes.first(length).trimmed(), '\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        head.m_longestLine = std::max(head.m_longestLine, line.size());
        if (first) {
            first = false;
            const QList<QByteArrayView> parts = split(line, ' ');
            if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
                fail(errorOut, "malformed request line");
                return std::nullopt;
            }
            if (!parts[2].startsWith("HTTP/1.") || parts[2].size() != 8 || parts[2].back() < '0'
                || parts[2].back() > '9') {
                fail(errorOut, "unsupported HTTP version");
                return std::nullopt;
            }
            head.m_method = parts[0].toByteArray();
            head.m_target = parts[1].toByteArray();
            head.m_version = parts[2].toByteArray();
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

QByteArray HttpHead::path() const
{
    const qsizetype query = m_target.indexOf('?');
    return query < 0 ? m_target : m_target.first(query);
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
    for (QByteArrayView item : split(list, ',')) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace Duplex
