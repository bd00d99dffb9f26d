// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

#include <optional>

#include "client/clienttls.h"

class QFormLayout;
class QLineEdit;
class QSettings;
class QWidget;

namespace Duplex {

// The PEM files of a ClientTls as a person gives them, in two rows of a form: a client certificate and its key side
// by side, then a CA file, each with a button that browses for it; remembered in settings under a group.
class TlsFileFields
{
    Q_DECLARE_TR_FUNCTIONS(TlsFileFields)

public:
    // settings must outlive this; the rows belong to the form they are added to.
    TlsFileFields(QSettings &settings, const QString &group);
    Q_DISABLE_COPY_MOVE(TlsFileFields)

    void addRowsTo(QFormLayout &form, const QString &certificateLabel);
    void setRowsVisible(QFormLayout &form, bool visible);
    void setEnabled(bool enabled);
    // What the files hold, or nothing with why in error; remember() keeps the paths for the next launch.
    std::optional<ClientTls> read(QString *error) const;
    void remember() const;

    QLineEdit *certificate() const { return m_certificate; }
    QLineEdit *key() const { return m_key; }
    QLineEdit *authorities() const { return m_authorities; }

private:
    QSettings &m_settings;
    QString m_group;
    QWidget *m_certificateRow; // the certificate's field and its key's
    QLineEdit *m_certificate;
    QLineEdit *m_key;
    QLineEdit *m_authorities;
};

} // namespace Duplex
