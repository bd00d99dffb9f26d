// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tlsfilefields.h"

#include <QAction>
#include <QBoxLayout>
#include <QFileDialog>
#include <QFormLayout>
#include <QLineEdit>
#include <QSettings>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

// A field for a PEM file's path, with a button at its end that browses for one.
QLineEdit *pemFileField(const QString &path, const QString &placeholder)
{
    auto *field = new QLineEdit(path);
    field->setPlaceholderText(placeholder);
    QAction *browse
        = field->addAction(field->style()->standardIcon(QStyle::SP_DirOpenIcon), QLineEdit::TrailingPosition);
    browse->setToolTip(TlsFileFields::tr("Choose a PEM file"));
    QObject::connect(browse, &QAction::triggered, field, [field] {
        const QString chosen = QFileDialog::getOpenFileName(field, TlsFileFields::tr("Choose a PEM file"),
            field->text(), TlsFileFields::tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!chosen.isEmpty())
            field->setText(chosen);
    });
    return field;
}

} // namespace

TlsFileFields::TlsFileFields(QSettings &settings, const QString &group)
    : m_settings(settings)
    , m_group(group)
    , m_certificateRow(new QWidget)
    , m_certificate(pemFileField(
          settings.value(group + u"/certificateFile"_s).toString(), tr("a client certificate, for servers that ask")))
    , m_key(pemFileField(settings.value(group + u"/keyFile"_s).toString(), tr("its private key")))
    , m_authorities(
          pemFileField(settings.value(group + u"/authoritiesFile"_s).toString(), tr("none beside the system's")))
{
    auto *row = new QHBoxLayout(m_certificateRow);
    row->setContentsMargins({});
    row->addWidget(m_certificate, 1);
    row->addWidget(m_key, 1);
}

void TlsFileFields::addRowsTo(QFormLayout &form, const QString &certificateLabel)
{
    form.addRow(certificateLabel, m_certificateRow);
    form.addRow(tr("Trusted CA file:"), m_authorities);
}

void TlsFileFields::setRowsVisible(QFormLayout &form, bool visible)
{
    form.setRowVisible(m_certificateRow, visible);
    form.setRowVisible(m_authorities, visible);
}

void TlsFileFields::setEnabled(bool enabled)
{
    m_certificateRow->setEnabled(enabled);
    m_authorities->setEnabled(enabled);
}

std::optional<ClientTls> TlsFileFields::read(QString *error) const
{
    return ClientTls::fromFiles(
        m_certificate->text().trimmed(), m_key->text().trimmed(), m_authorities->text().trimmed(), error);
}

void TlsFileFields::remember() const
{
    m_settings.setValue(m_group + u"/certificateFile"_s, m_certificate->text().trimmed());
    m_settings.setValue(m_group + u"/keyFile"_s, m_key->text().trimmed());
    m_settings.setValue(m_group + u"/authoritiesFile"_s, m_authorities->text().trimmed());
}

} // namespace Duplex
