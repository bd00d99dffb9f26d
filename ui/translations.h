// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>

namespace Duplex {

// Shows the window in locale's language (the system's: LANGUAGE, LC_ALL, LC_MESSAGES, LANG) when Duplex is
// translated into it (translations/*.ts), with Qt's own dialogs in it too where Debian's qt6-translations-l10n has
// them; in English otherwise. Qt's are loaded only with Duplex's, so that a window is never half in one language.
// Call once QApplication exists; false when there is no translation for locale.
bool installTranslations(const QLocale &locale = QLocale());

} // namespace Duplex
