// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QSet>
#include <QSslError>
#include <QString>
#include <QStringList>

class QSettings;

namespace Duplex {

// A certificate that did not verify, with what a person needs to decide whether to trust it anyway.
struct CertificateInfo
{
    QString host; // "host:port" that presented it
    QString subject;
    QString issuer;
    QDateTime notBefore;
    QDateTime notAfter;
    QByteArray sha256;    // the fingerprint, raw bytes
    QStringList problems; // why it did not verify, in words

    static CertificateInfo from(
        const QString &host, const QSslCertificate &certificate, const QList<QSslError> &errors);
    QString fingerprint() const; // "AB:CD:…", as browsers show it
};

// The certificates a person chose to trust although they do not verify (a self-signed room on the LAN), each
// for one host and one fingerprint: the same host with another certificate is asked about again.
class CertificateTrust
{
public:
    // Decisions made with remember = true persist in settings, when given.
    explicit CertificateTrust(QSettings *settings = nullptr);
    Q_DISABLE_COPY_MOVE(CertificateTrust)

    bool isTrusted(const QString &host, const QByteArray &sha256) const;
    void trust(const QString &host, const QByteArray &sha256, bool remember);

private:
    QSettings *m_settings;
    QSet<QString> m_trusted; // "host fingerprint"
};

} // namespace Duplex
