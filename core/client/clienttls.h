// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslKey>

#include <optional>

class QSslSocket;

namespace Duplex {

// What a client brings to TLS of its own: a certificate and its key, presented when the server asks for one (mutual
// TLS), and certificate authorities trusted beside the system's (a company's own, a test one).
struct ClientTls
{
    // Initialised as they are because their default constructors are explicit, which an aggregate's {} is not.
    QSslCertificate certificate = QSslCertificate();
    QSslKey key = QSslKey();
    QList<QSslCertificate> authorities;

    // From PEM files, an empty path for none; nothing, with why in error, when a file cannot be read or holds no
    // certificate or no private key that can be read without a passphrase, or when only one of the certificate
    // and its key is given.
    static std::optional<ClientTls> fromFiles(
        const QString &certificatePath, const QString &keyPath, const QString &authoritiesPath, QString *error);
    // Gives socket, before it connects, what there is.
    void applyTo(QSslSocket &socket) const;
};

} // namespace Duplex
