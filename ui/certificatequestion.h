// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

class QWidget;

namespace Duplex {

struct CertificateInfo;

// Shows a server's certificate that did not verify and asks whether to trust it for that server: nothing when the
// person says no, else whether to remember the choice (Trust always) or only to go on this time (Trust once).
std::optional<bool> askToTrust(const CertificateInfo &certificate, QWidget *parent);

} // namespace Duplex
