// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLineEdit>
#include <QNetworkProxy>

#include <optional>

class QSettings;

namespace Duplex {

// An HTTP (CONNECT) or SOCKS5 proxy to reach a server through, as a person types it (ServerSocket::proxyFrom);
// remembered in settings under a group, without its password.
class ProxyField final : public QLineEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyField)

public:
    // settings must outlive this field.
    ProxyField(QSettings &settings, const QString &group, QWidget *parent = nullptr);

    // The proxy typed (NoProxy when none), or nothing with why in error.
    std::optional<QNetworkProxy> read(QString *error) const;
    void remember() const;

private:
    QSettings &m_settings;
    QString m_key;
};

} // namespace Duplex
