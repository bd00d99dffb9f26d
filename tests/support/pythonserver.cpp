// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/pythonserver.h"

#include <QDebug>

#include "support/eventwait.h"

namespace Duplex::Test {

PythonServer::~PythonServer()
{
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(5000))
        m_process.kill();
}

bool PythonServer::start(const QStringList &arguments)
{
    // Debian's modules belong to /usr/bin/python3, whatever python3 comes first on PATH.
    const QString program = m_program == Program::Proxy ? QStringLiteral(PYTHON_PROXY) : QStringLiteral(PYTHON_SERVER);
    m_process.start(QStringLiteral("/usr/bin/python3"), QStringList {program} + arguments);
    if (!waitUntil([this] { return m_process.canReadLine() || m_process.state() == QProcess::NotRunning; }, 20000)
        || !m_process.canReadLine()) {
        qWarning() << m_process.readAllStandardError();
        return false;
    }
    m_port = m_process.readLine().trimmed().toUShort();
    return m_port != 0;
}

QStringList PythonServer::said()
{
    while (m_process.canReadLine())
        m_said << QString::fromUtf8(m_process.readLine().trimmed());
    return m_said;
}

SelfSignedCertificate::SelfSignedCertificate(const QString &commonName)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
            QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"), u"/CN=" + commonName,
            QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"),
            keyPath(), QStringLiteral("-out"), certPath()});
    m_valid = m_dir.isValid() && openssl.waitForFinished(20000) && openssl.exitCode() == 0;
    if (!m_valid)
        qWarning() << openssl.readAllStandardError();
}

} // namespace Duplex::Test
