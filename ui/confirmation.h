// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QWidget;

namespace Duplex {

// Asks question in a box titled title, over parent, before something that cannot be undone: Cancel, the default,
// and action, the button that agrees ("&Stop the Relay"). True when the person chose action.
bool confirmDestructive(QWidget *parent, const QString &title, const QString &question, const QString &action);

} // namespace Duplex
