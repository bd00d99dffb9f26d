// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

// A server that shares no code with Qt, and the certificate it may serve.
namespace Duplex::Test {

// A server in Python on 127.0.0.1 that ends when its stdin closes (when this object goes): tests/e2e/python_server.py,
// an echo server under Debian's python3-websockets, or tests/e2e/python_proxy.py, an HTTP or SOCKS5 proxy.
class PythonServer
{
public:
    enum class Program { EchoServer, Proxy };
    explicit PythonServer(Program program = Program::EchoServer)
        : m_program(program)
    { }
    Q_DISABLE_COPY_MOVE(PythonServer)
    ~PythonServer();

    // The echo server's arguments: --deflate, --tls CERT KEY, --client-ca CA (mutual TLS); the proxy's: http or
    // socks5, then a user and a password if it is to ask for them. False, with python's complaint logged, when it did
    // not start.
    bool start(const QStringList &arguments);
    quint16 port() const { return m_port; }
    // The lines it printed since it started, but the port: the proxy's "tunnel HOST:PORT" and "refused WHY".
    QStringList said();

private:
    Program m_program;
    QProcess m_process;
    quint16 m_port = 0;
    QStringList m_said;
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
