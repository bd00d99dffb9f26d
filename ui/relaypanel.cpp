// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/relaypanel.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

#include "client/serversocket.h"
#include "relay/websocketrelay.h"
#include "traffic/networkthread.h"
#include "ui/certificatequestion.h"
#include "ui/confirmation.h"
#include "ui/contrast.h"
#include "ui/interceptview.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

const QString upstreamKey = u"relay/upstream"_s;
const QString portKey = u"relay/port"_s;
const QString interceptKey = u"relay/intercept"_s;

QString connections(int count)
{
    return count == 1 ? RelayPanel::tr("1 connection") : RelayPanel::tr("%1 connections").arg(count);
}

} // namespace

RelayPanel::RelayPanel(NetworkThread &network, QSettings &settings, CertificateTrust &trust, QWidget *parent)
    : QWidget(parent)
    , m_network(network)
    , m_settings(settings)
    , m_trust(trust)
    , m_relay(network.call([this] { return new WebSocketRelay(m_network.log(), m_trust, m_network.context()); }))
    , m_upstream(new QLineEdit(settings.value(upstreamKey).toString()))
    , m_port(new QSpinBox)
    , m_intercepting(new QCheckBox(tr("&Intercept: hold, edit and send messages")))
    , m_form(new QFormLayout)
    , m_tls(settings, u"relay"_s)
    , m_proxy(new ProxyField(settings, u"relay"_s))
    , m_toggle(new QPushButton(tr("&Start Relay")))
    , m_addressField(new QLineEdit)
    , m_status(new QLabel)
    , m_problem(new QLabel)
    , m_intercept(new InterceptView(network, *m_relay))
{
    auto *intro = new QLabel(tr("Watch a WebSocket client and server that are not Duplex's: give the client the "
                                "address below instead of its server's. Duplex carries each connection on to the "
                                "server (making the TLS connection for wss:// itself) and shows its handshake and "
                                "every frame in the monitor. Only programs on this computer can connect to it."));
    intro->setWordWrap(true);
    m_upstream->setPlaceholderText(u"wss://example.com/socket"_s);
    m_upstream->setToolTip(tr("Where each connection goes on to. Each request keeps its own path; the one given "
                              "here only completes the address shown for the client."));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setValue(settings.value(portKey, defaultPort).toInt());
    m_intercepting->setChecked(settings.value(interceptKey, false).toBool());
    m_intercepting->setToolTip(tr("The relay then carries whole messages instead of bytes, so that they can be held "
                                  "and changed, and declines compression for it; the monitor shows the client's "
                                  "connection to the relay and the relay's to the server, each as it went."));
    m_intercept->hide();
    m_addressField->setReadOnly(true);
    m_addressField->setPlaceholderText(tr("shown once the relay runs"));
    m_status->setWordWrap(true);
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->hide();

    m_form->addRow(tr("&Upstream server:"), m_upstream);
    m_form->addRow(tr("Listen on &port:"), m_port);
    m_form->addRow(QString(), m_intercepting);
    m_tls.addRowsTo(*m_form, tr("Relay's certificate:"));
    m_form->addRow(tr("Upstream pro&xy:"), m_proxy);
    m_form->addRow(QString(), m_toggle);
    m_form->addRow(tr("Clients connect to:"), m_addressField);
    const auto showTlsRows = [this] { m_tls.setRowsVisible(*m_form, upstreamIsTls()); };
    connect(m_upstream, &QLineEdit::textChanged, this, showTlsRows);
    showTlsRows();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(m_form);
    layout->addWidget(m_status);
    layout->addWidget(m_problem);
    layout->addWidget(m_intercept, 1);
    layout->addStretch();

    connect(m_toggle, &QPushButton::clicked, this, &RelayPanel::toggle);
    connect(m_upstream, &QLineEdit::returnPressed, this, [this] {
        if (!isRelaying())
            start();
    });
    connect(m_relay, &WebSocketRelay::carriedChanged, this, [this](int count) {
        m_carried = count;
        showStatus();
    });
    connect(m_relay, &WebSocketRelay::refused, this, [this](const QString &failure) {
        m_problem->setText(tr("Last refused: %1").arg(failure));
        m_problem->show();
    });
    connect(m_relay, &WebSocketRelay::certificateRejected, this, &RelayPanel::onCertificateRejected);
    Contrast::inkAsFailure(*m_problem, palette().color(QPalette::Window));
    showStatus();
}

RelayPanel::~RelayPanel()
{
    m_network.call([this] { delete m_relay; });
}

int RelayPanel::heldCount() const
{
    return m_intercept->heldCount();
}

QString RelayPanel::connectionsEnding(int count, int held)
{
    if (held == 0)
        return tr("%1 through the relay will end.").arg(connections(count));
    return tr("%1 through the relay will end, and %2 it holds with them.")
        .arg(connections(count), held == 1 ? tr("1 message") : tr("%1 messages").arg(held));
}

bool RelayPanel::toggle()
{
    if (!isRelaying())
        return start();
    if (m_carried > 0
        && !confirmDestructive(
            this, tr("Stop the Relay"), connectionsEnding(m_carried, heldCount()), tr("&Stop the Relay")))
        return false;
    stop();
    return true;
}

bool RelayPanel::upstreamIsTls() const
{
    return m_upstream->text().trimmed().startsWith(u"wss://"_s, Qt::CaseInsensitive);
}

bool RelayPanel::start()
{
    const QUrl upstream(m_upstream->text().trimmed(), QUrl::StrictMode);
    QString error;
    const auto tls = upstreamIsTls() ? m_tls.read(&error) : ClientTls();
    const auto proxy = tls ? m_proxy->read(&error) : std::nullopt;
    if (!proxy) {
        m_problem->setText(tr("The relay did not start: %1.").arg(error));
        m_problem->show();
        return false;
    }
    WebSocketRelay::Options options {.upstream = upstream,
        .port = quint16(m_port->value()),
        .intercept = m_intercepting->isChecked(),
        .tls = *tls,
        .proxy = *proxy};
    const quint16 port
        = m_network.call([&]() -> quint16 { return m_relay->start(options, &error) ? m_relay->port() : 0; });
    m_problem->setVisible(port == 0);
    if (port == 0) {
        m_problem->setText(tr("The relay did not start: %1.").arg(error));
        return false;
    }
    m_trusted.clear();
    m_settings.setValue(upstreamKey, m_upstream->text().trimmed());
    m_settings.setValue(portKey, m_port->value());
    m_settings.setValue(interceptKey, m_intercepting->isChecked());
    m_tls.remember();
    m_proxy->remember();
    m_upstreamName = ServerSocket::name(upstream);
    QUrl address = upstream.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveFragment); // its path and query as given
    address.setScheme(u"ws"_s);
    address.setHost(u"127.0.0.1"_s);
    address.setPort(port);
    if (address.path().isEmpty())
        address.setPath(u"/"_s);
    m_address = address.toString();
    m_addressField->setText(m_address);
    m_toggle->setText(tr("&Stop Relay"));
    m_upstream->setEnabled(false);
    m_port->setEnabled(false);
    m_intercepting->setEnabled(false);
    m_tls.setEnabled(false);
    m_proxy->setEnabled(false);
    m_intercept->setVisible(options.intercept);
    showStatus();
    return true;
}

void RelayPanel::stop()
{
    m_network.call([this] { m_relay->stop(); });
    m_address.clear();
    m_addressField->clear();
    m_toggle->setText(tr("&Start Relay"));
    m_upstream->setEnabled(true);
    m_port->setEnabled(true);
    m_intercepting->setEnabled(true);
    m_tls.setEnabled(true);
    m_proxy->setEnabled(true);
    m_intercept->hide();
    showStatus();
}

void RelayPanel::onCertificateRejected(const CertificateInfo &certificate)
{
    const std::optional<bool> remember = askToTrust(certificate, this);
    if (!remember)
        return;
    m_network.call([this, certificate, remember] { m_trust.trust(certificate.host, certificate.sha256, *remember); });
    m_trusted = certificate.host;
    m_problem->hide();
    showStatus();
}

void RelayPanel::showStatus()
{
    if (!isRelaying())
        return m_status->setText(tr("Stopped."));
    QString text = tr("Relaying to %1: %2 now.").arg(m_upstreamName, connections(m_carried));
    if (!m_trusted.isEmpty())
        text
            += u' ' + tr("The certificate of %1 is trusted: the client's next connection goes through.").arg(m_trusted);
    m_status->setText(text);
}

void RelayPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        Contrast::inkAsFailure(*m_problem, palette().color(QPalette::Window));
}

} // namespace Duplex
