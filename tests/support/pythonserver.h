// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

// A server that shares no code with Qt, and the certificate it may serve.
namespace Duplex::Test {

// tests/e2e/python_server.py under Debian's python3-websockets: an echo server on 127.0.0.1 that ends when its
// stdin closes (when this object goes).
class PythonServer
{
public:
    PythonServer() = default;
    Q_DISABLE_COPY_MOVE(PythonServer)
    ~PythonServer();

    // arguments: --deflate, --tls CERT KEY, --client-ca CA (mutual TLS). False, with python's complaint logged, when it
    // did not start.
    bool start(const QStringList &arguments);
    quint16 port() const { return m_port; }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

// A self-signed P-256 certificate for commonName and 127.0.0.1 and its key (PEM), made by Debian's openssl in a
// temporary directory that goes with this object (a test may keep its other files there too).
class SelfSignedCertificate
{
public:
    explicit SelfSignedCertificate(const QString &commonName);
    Q_DISABLE_COPY_MOVE(SelfSignedCertificate)

    bool isValid() const { return m_valid; } // false, with openssl's complaint logged, when it was not made
    QString certPath() const { return m_dir.filePath(QStringLiteral("cert.pem")); }
    QString keyPath() const { return m_dir.filePath(QStringLiteral("key.pem")); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    QStringList serverArguments() const { return {QStringLiteral("--tls"), certPath(), keyPath()}; } // PythonServer's
    // PythonServer's for mutual TLS: it also asks each client for a certificate, which clients' must be.
    QStringList serverArguments(const SelfSignedCertificate &clients) const
    {
        return serverArguments() + QStringList {QStringLiteral("--client-ca"), clients.certPath()};
    }

private:
    QTemporaryDir m_dir;
    bool m_valid = false;
};

} // namespace Duplex::Test
