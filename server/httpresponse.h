// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include "wire/httphead.h"

namespace Duplex {

// The head of an HTTP/1.1 response: the status line, Date, Server, the given fields in order, and the empty line.
QByteArray httpResponseHead(int status, const QList<HttpHead::Field> &fields);

} // namespace Duplex
