// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "ui/proxyfield.h"
#include "ui/tlsfilefields.h"

class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSpinBox;

namespace Duplex {

class CertificateTrust;
struct CertificateInfo;
class InterceptView;
class NetworkThread;
class WebSocketRelay;

// Watch a WebSocket client and server that are not Duplex's own: the server's address, a port of this machine to
// give the client instead, Start and Stop (which asks first while connections go through), the address to give,
// and what the relay carries now; in intercept mode, the held messages to edit, send on or drop, and messages of
// one's own to send. The relay runs on the network thread; the monitor shows what it carries.
class RelayPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RelayPanel)

public:
    static constexpr quint16 defaultPort = 8091;

    // settings keeps the last upstream and port; trust, used on the network thread only, the certificates the
    // person trusts. Both must outlive this panel.
    RelayPanel(NetworkThread &network, QSettings &settings, CertificateTrust &trust, QWidget *parent = nullptr);
    ~RelayPanel() override;

    // Starts or stops the relay, as the button does; false, with the reason shown, when it cannot start, or when
    // the person chose to keep it running.
    bool toggle();
    bool isRelaying() const { return !m_address.isEmpty(); }
    int carried() const { return m_carried; }
    QString clientAddress() const { return m_address; } // for the client, instead of the upstream's; empty when stopped
    QLineEdit *upstream() const { return m_upstream; }
    QSpinBox *port() const { return m_port; }
    QCheckBox *intercepting() const { return m_intercepting; }
    // For a wss:// upstream: the certificate the relay presents when asked, and authorities to trust; remembered.
    const TlsFileFields &tlsFiles() const { return m_tls; } // shown and read for a wss:// upstream only
    ProxyField *proxy() const { return m_proxy; }           // the upstream is reached through
    InterceptView *intercept() const { return m_intercept; }
    QLabel *status() const { return m_status; }
    QLabel *problem() const { return m_problem; }
    int heldCount() const;
    // What stopping the relay, or quitting, does to the count connections it carries and the messages it holds.
    static QString connectionsEnding(int count, int held);

protected:
    void changeEvent(QEvent *event) override;

private:
    bool start();
    void stop();
    void onCertificateRejected(const CertificateInfo &certificate);
    void showStatus();
    bool upstreamIsTls() const; // wss://, for which the TLS rows show and are read

    NetworkThread &m_network;
    QSettings &m_settings;
    CertificateTrust &m_trust;
    WebSocketRelay *m_relay; // lives on the network thread
    QLineEdit *m_upstream;
    QSpinBox *m_port;
    QCheckBox *m_intercepting;
    QFormLayout *m_form;
    TlsFileFields m_tls;
    ProxyField *m_proxy;
    QPushButton *m_toggle;
    QLineEdit *m_addressField;
    QLabel *m_status;
    QLabel *m_problem; // the last refusal, or why the relay did not start
    InterceptView *m_intercept;
    QString m_address;
    QString m_upstreamName; // "host:port", while relaying
    QString m_trusted;      // the server whose certificate the person trusted since the relay started
    int m_carried = 0;
};

} // namespace Duplex
