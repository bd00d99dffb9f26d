// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/certificatequestion.h"

#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

#include "client/certificatetrust.h"

namespace Duplex {

std::optional<bool> askToTrust(const CertificateInfo &certificate, QWidget *parent)
{
    QMessageBox ask(QMessageBox::Warning, QMessageBox::tr("Untrusted certificate"),
        QMessageBox::tr("The certificate of %1 did not verify:\n%2\n\nSubject: %3\nIssuer: %4\nValid from %5 to %6\n"
                        "SHA-256: %7\n\nTrust this certificate for this server?")
            .arg(certificate.host, certificate.problems.join(u'\n'), certificate.subject, certificate.issuer,
                QLocale().toString(certificate.notBefore.toLocalTime(), QLocale::LongFormat),
                QLocale().toString(certificate.notAfter.toLocalTime(), QLocale::LongFormat), certificate.fingerprint()),
        QMessageBox::Cancel, parent);
    QPushButton *once = ask.addButton(QMessageBox::tr("Trust &once"), QMessageBox::AcceptRole);
    QPushButton *always = ask.addButton(QMessageBox::tr("Trust &always"), QMessageBox::AcceptRole);
    ask.exec();
    if (ask.clickedButton() != once && ask.clickedButton() != always)
        return std::nullopt;
    return ask.clickedButton() == always;
}

} // namespace Duplex
