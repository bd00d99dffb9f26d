// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include "wire/httphead.h"

namespace Duplex {

// A complete HTTP/1.1 response that closes the connection after it (the gateway answers one request per connection).
// With headOnly the body is left out but Content-Length still describes it, as a HEAD request requires.
QByteArray httpResponse(int status, QByteArrayView contentType, QByteArrayView body,
    const QList<HttpHead::Field> &extraHeaders = {}, bool headOnly = false);

// A plain-text response that tells the peer why it was refused.
QByteArray httpRefusal(int status, QByteArrayView reason, const QList<HttpHead::Field> &extraHeaders = {});

} // namespace Duplex
