// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

class QTemporaryDir;

namespace Duplex::Test {

// A file called name in directory, written whole with bytes: its path, or empty when it could not be written.
QString writtenFile(const QTemporaryDir &directory, const QString &name, const QByteArray &bytes);

} // namespace Duplex::Test
