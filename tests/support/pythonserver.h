// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QStringList>

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

    // arguments: --deflate, --tls CERT KEY. False, with python's complaint logged, when it did not start.
    bool start(const QStringList &arguments);
    quint16 port() const { return m_port; }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

// Writes a self-signed P-256 certificate for commonName and its key (PEM) with Debian's openssl.
bool makeSelfSignedCertificate(const QString &commonName, const QString &certPath, const QString &keyPath);

} // namespace Duplex::Test
