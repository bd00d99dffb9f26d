// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

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
    // Where the head in bytes ends (just past the empty line), or -1 while it is incomplete.
    static qsizetype headLength(QByteArrayView bytes);

    QByteArray method() const { return m_method; }
    QByteArray target() const { return m_target; }
    QByteArray path() const;
    QByteArray version() const { return m_version; }
    const QList<Field> &fields() const { return m_fields; }
    qsizetype longestLine() const { return m_longestLine; } // bytes, without the line end

    bool has(QByteArrayView name) const;
    // All values of a header joined with ", ", as RFC 9110 §5.3 allows for list-valued fields.
    QByteArray value(QByteArrayView name) const;
    // True when a comma-separated header (Connection, Upgrade) lists token, compared case-insensitively.
    bool hasToken(QByteArrayView name, QByteArrayView token) const;

private:
    QByteArray m_method;
    QByteArray m_target;
    QByteArray m_version;
    QList<Field> m_fields;
    qsizetype m_longestLine = 0;
};

} // namespace Duplex
