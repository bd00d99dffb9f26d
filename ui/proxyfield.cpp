// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/proxyfield.h"

#include <QSettings>
#include <QUrl>

#include "client/serversocket.h"

using namespace Qt::StringLiterals;

namespace Duplex {

ProxyField::ProxyField(QSettings &settings, const QString &group, QWidget *parent)
    : QLineEdit(settings.value(group + u"/proxy"_s).toString(), parent)
    , m_settings(settings)
    , m_key(group + u"/proxy"_s)
{
    setPlaceholderText(tr("none; or http://host:3128, socks5://user:password@host:1080"));
    setToolTip(tr("A proxy to tunnel through: HTTP (CONNECT) or SOCKS5. Remembered without its password."));
}

std::optional<QNetworkProxy> ProxyField::read(QString *error) const
{
    return ServerSocket::proxyFrom(text(), error);
}

void ProxyField::remember() const
{
    QUrl typed(text().trimmed());
    typed.setPassword({}); // settings are a plain file
    m_settings.setValue(m_key, typed.toString());
}

} // namespace Duplex
