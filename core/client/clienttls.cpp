// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/clienttls.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

std::optional<QByteArray> contentsOf(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

} // namespace

std::optional<ClientTls> ClientTls::fromFiles(
    const QString &certificatePath, const QString &keyPath, const QString &authoritiesPath, QString *error)
{
    ClientTls tls;
    if (certificatePath.isEmpty() != keyPath.isEmpty()) {
        *error = u"a client certificate goes with its private key: give both files, or neither"_s;
        return std::nullopt;
    }
    if (!certificatePath.isEmpty()) {
        const auto certificate = contentsOf(certificatePath, error);
        const auto key = certificate ? contentsOf(keyPath, error) : std::nullopt;
        if (!key)
            return std::nullopt;
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(*certificate, QSsl::Pem);
        if (certificates.isEmpty()) {
            *error = u"%1 holds no PEM certificate"_s.arg(certificatePath);
            return std::nullopt;
        }
        tls.certificate = certificates.first();
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
            if (tls.key.isNull())
                tls.key = QSslKey(*key, algorithm, QSsl::Pem, QSsl::PrivateKey);
        }
        if (tls.key.isNull()) {
            *error = u"%1 holds no PEM private key that can be read without a passphrase (openssl pkey -in KEY "
                     u"-out PLAIN writes one)"_s.arg(keyPath);
            return std::nullopt;
        }
    }
    if (!authoritiesPath.isEmpty()) {
        const auto authorities = contentsOf(authoritiesPath, error);
        if (!authorities)
            return std::nullopt;
        tls.authorities = QSslCertificate::fromData(*authorities, QSsl::Pem);
        if (tls.authorities.isEmpty()) {
            *error = u"%1 holds no PEM certificate"_s.arg(authoritiesPath);
            return std::nullopt;
        }
    }
    return tls;
}

void ClientTls::applyTo(QSslSocket &socket) const
{
    QSslConfiguration configuration = socket.sslConfiguration();
    if (!certificate.isNull()) {
        configuration.setLocalCertificate(certificate);
        configuration.setPrivateKey(key);
    }
    if (!authorities.isEmpty())
        configuration.addCaCertificates(authorities);
    socket.setSslConfiguration(configuration);
}

} // namespace Duplex
