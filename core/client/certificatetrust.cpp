// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/certificatetrust.h"

#include <QCryptographicHash>
#include <QSettings>
#include <QSslCertificate>

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

constexpr auto settingsGroup = "trustedCertificates"_L1;

QString hex(const QByteArray &sha256)
{
    return QString::fromLatin1(sha256.toHex());
}

QString entry(const QString &host, const QByteArray &sha256)
{
    return host + u' ' + hex(sha256);
}

} // namespace

CertificateInfo CertificateInfo::from(
    const QString &host, const QSslCertificate &certificate, const QList<QSslError> &errors)
{
    CertificateInfo info {host, certificate.subjectDisplayName(), certificate.issuerDisplayName(),
        certificate.effectiveDate(), certificate.expiryDate(), certificate.digest(QCryptographicHash::Sha256), {}};
    for (const QSslError &error : errors)
        info.problems.append(error.errorString());
    return info;
}

QString CertificateInfo::fingerprint() const
{
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}

CertificateTrust::CertificateTrust(QSettings *settings)
    : m_settings(settings)
{
    if (!m_settings)
        return;
    m_settings->beginGroup(settingsGroup);
    for (const QString &host : m_settings->childKeys()) {
        for (const QString &fingerprint : m_settings->value(host).toStringList())
            m_trusted.insert(host + u' ' + fingerprint);
    }
    m_settings->endGroup();
}

bool CertificateTrust::isTrusted(const QString &host, const QByteArray &sha256) const
{
    return m_trusted.contains(entry(host, sha256));
}

void CertificateTrust::trust(const QString &host, const QByteArray &sha256, bool remember)
{
    m_trusted.insert(entry(host, sha256));
    if (!remember || !m_settings)
        return;
    m_settings->beginGroup(settingsGroup);
    QStringList fingerprints = m_settings->value(host).toStringList();
    if (!fingerprints.contains(hex(sha256)))
        m_settings->setValue(host, fingerprints << hex(sha256));
    m_settings->endGroup();
    m_settings->sync();
}

} // namespace Duplex
