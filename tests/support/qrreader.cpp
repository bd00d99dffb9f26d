// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/qrreader.h"

#include <QDebug>
#include <QProcess>
#include <QTemporaryDir>

namespace Duplex::Test {

QString readQrCode(const QImage &image)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("code.png"));
    if (!image.save(path))
        return {};
    QProcess zbar;
    zbar.start(QStringLiteral("zbarimg"), {QStringLiteral("--raw"), QStringLiteral("--quiet"), path});
    if (!zbar.waitForFinished(20000)) {
        qWarning() << "zbarimg did not finish:" << zbar.errorString();
        return {};
    }
    return QString::fromUtf8(zbar.readAllStandardOutput()).trimmed();
}

} // namespace Duplex::Test
