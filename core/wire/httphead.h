// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QUrlQuery>

#include <optional>

namespace Duplex {

// One HTTP/1.x message head (request or response), parsed from raw bytes. Header names keep their spelling;
// lookups are case-insensitive (RFC 9110 §5.1).
class HttpHead
{
public:
    struct Field
    {
        QByteArray name;
        QByteArray value;
    };

    // Parses a request head that ends with an empty line ("\r\n\r\n" or "\n\n"); bytes after it are ignored.
    // Returns nothing when the head is malformed; errorOut then says why.
    static std::optional<HttpHead> parseRequest(QByteArrayView bytes, QByteArray *errorOut = nullptr);
    // Parses a response head ("HTTP/1.1 101 Switching Protocols" and its fields) the same way.
    static std::optional<HttpHead> parseResponse(QByteArrayView bytes, QByteArray *errorOut = nullptr);
    // Where the head in bytes ends (just past the empty line), or -1 while it is incomplete.
    static qsizetype headLength(QByteArrayView bytes);
    // How long a head either side of Duplex accepts by default (as nginx's large_client_header_buffers).
    static constexpr qsizetype defaultMaxBytes = 16 << 10;
    // Whether the bytes gathered so far, whose head ends at length (headLength()'s answer), hold more than a head of
    // defaultMaxBytes may: a complete head that is too long, or that many bytes and no end of a head yet.
    static bool isTooLong(QByteArrayView gathered, qsizetype length)
    {
        return length > defaultMaxBytes || (length < 0 && gathered.size() > defaultMaxBytes);
    }

    QByteArray method() const { return m_method; } // requests only
    QByteArray target() const { return m_target; } // requests only, as received
    QByteArray path() const;                       // requests only
    QUrlQuery query() const;                       // requests only: the target's, after '?'
    // The host a request names: an absolute-form target's authority ("GET http://host:1/chat"), which wins over the
    // Host field (RFC 9112 §3.2.2), else the Host field.
    QByteArray host() const;
    int statusCode() const { return m_statusCode; }      // responses only
    QByteArray reasonPhrase() const { return m_reason; } // responses only
    // Where a redirect (3xx with Location) points, resolved against the address asked for; empty for other answers.
    QUrl redirectTarget(const QUrl &requested) const;
    QByteArray version() const { return m_version; }
    const QList<Field> &fields() const { return m_fields; }
    qsizetype longestLine() const { return m_longestLine; } // bytes, without the line end

    bool has(QByteArrayView name) const;
    // All values of a header joined with ", ", as RFC 9110 §5.3 allows for list-valued fields.
    QByteArray value(QByteArrayView name) const;
    // True when a comma-separated header (Connection, Upgrade) lists token, compared case-insensitively.
    bool hasToken(QByteArrayView name, QByteArrayView token) const;
    // The parts of a list-valued field (RFC 9110 §5.6.1) or of one item's parameters (';'), each trimmed of
    // whitespace; empty parts are kept, for the caller to skip or refuse.
    static QList<QByteArrayView> splitList(QByteArrayView value, char separator = ',');
    // A token (RFC 9110 §5.6.2), as methods, header names and subprotocols are.
    static bool isToken(QByteArrayView text);
    // uri-host [ ":" port ] (RFC 9110 §7.2), as the Host field and an absolute target's authority are: a name or
    // address, an IPv6 one in brackets; empty when the target URI has no authority.
    static bool isHost(QByteArrayView text);
    // What a client's request for url names: its target in origin form ("/path?query", RFC 9112 §3.2.1) and its
    // Host field (host, an IPv6 address in brackets, and the port when the URL gives one; never user info).
    static QByteArray requestTarget(const QUrl &url);
    static QByteArray hostField(const QUrl &url);
    // A request head with its Host field's value made host, every other byte as it was: what a relay sends on, as a
    // server that checks Host, or serves several names, would refuse the relay's own.
    static QByteArray withHost(const QByteArray &head, QByteArrayView host);
    // A head without the field name, every other byte as it was: what a relay sends on when it declines what the
    // field offers.
    static QByteArray withoutField(const QByteArray &head, QByteArrayView name);

private:
    static std::optional<HttpHead> parse(QByteArrayView bytes, bool request, QByteArray *errorOut);
    bool parseStartLine(QByteArrayView line, bool request, QByteArray *errorOut);
    bool parseTarget(QByteArray *errorOut);
    QByteArrayView originForm() const { return QByteArrayView(m_target).sliced(m_originStart); }

    QByteArray m_method;
    QByteArray m_target;
    QByteArray m_authority;      // null unless the target is in absolute form
    qsizetype m_originStart = 0; // where the target's path begins: past "scheme://authority" in absolute form
    QByteArray m_version;
    int m_statusCode = 0;
    QByteArray m_reason;
    QList<Field> m_fields;
    qsizetype m_longestLine = 0;
};

} // namespace Duplex
