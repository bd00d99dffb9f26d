// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/hostpanel.h"

#include <QApplication>
#include <QBoxLayout>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableView>
#include <QToolButton>

#include "models/memberlistmodel.h"
#include "room/roomannouncement.h"
#include "room/roomhost.h"
#include "ui/contrast.h"
#include "ui/qrcode.h"
#include "ui/roomreplaybox.h"
#include "ui/sparkline.h"

using namespace Qt::StringLiterals;

namespace Duplex {

HostPanel::HostPanel(RoomHost &host, MemberListModel &members, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_port(new QSpinBox)
    , m_share(new QCheckBox(tr("Share on the LAN (listen on all interfaces)")))
    , m_keepHistory(new QCheckBox(
          tr("Keep the chat's last %1 messages on this computer for the next time").arg(ServerConfig().historySize)))
    , m_password(new QLineEdit)
    , m_origins(new QLineEdit)
    , m_hostButton(new QPushButton)
    , m_replay(new RoomReplayBox(host))
    , m_status(new QLabel)
    , m_historyProblem(new QLabel)
    , m_urls(new QGridLayout)
    , m_qrCode(new QLabel)
    , m_qrCaption(new QLabel)
    , m_members(new QTableView)
    , m_kick(new QPushButton(tr("&Kick…")))
{
    m_port->setRange(0, 65535);
    m_port->setValue(ServerConfig().port);
    m_port->setSpecialValueText(tr("any free port"));
    m_share->setToolTip(tr("Off: only this computer can join (127.0.0.1). On: anyone on your networks can, and "
                           "Duplex there finds the room under Chat ▸ Nearby."));
    connect(m_share, &QCheckBox::clicked, this, &HostPanel::shareOnLanChosen);
    m_keepHistory->setChecked(true);
    m_keepHistory->hide(); // until there is a file to keep it in
    connect(m_keepHistory, &QCheckBox::clicked, this, &HostPanel::keepHistoryChosen);
    m_password->setObjectName(u"password"_s);
    m_password->setPlaceholderText(tr("none: anyone who can reach the room joins"));
    m_password->setToolTip(tr("Members give it to join: the chat page asks for it, and the QR code carries it. It "
                              "travels unencrypted, as the chat does."));
    connect(m_password, &QLineEdit::editingFinished, this, [this] { Q_EMIT passwordChosen(password()); });
    m_origins->setObjectName(u"allowedOrigins"_s);
    m_origins->setPlaceholderText(tr("only the room's own page; * for any, or https://example.com, …"));
    m_origins->setToolTip(tr("Browsers send the page's origin with every WebSocket and HTTP request; pages from "
                             "other origins are refused with 403 unless listed here (native clients send none)."));
    connect(m_origins, &QLineEdit::editingFinished, this, [this] { Q_EMIT allowedOriginsChosen(allowedOrigins()); });
    m_status->setObjectName(u"status"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignTop); // a wrapped label may be given more height than it fills
    m_historyProblem->setObjectName(u"historyProblem"_s);
    m_historyProblem->setTextFormat(Qt::PlainText);
    m_historyProblem->setWordWrap(true);
    m_historyProblem->hide();
    connect(&host, &RoomHost::historyProblemChanged, this, &HostPanel::showHistoryProblem);
    connect(m_hostButton, &QPushButton::clicked, this, &HostPanel::toggle);
    connect(&host, &RoomHost::stateChanged, this, &HostPanel::onStateChanged);

    m_members->setModel(&members);
    m_members->setItemDelegateForColumn(
        MemberListModel::RoundTripColumn, new SparklineDelegate(MemberListModel::RecentRoundTripsRole, m_members));
    m_members->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_members->setSelectionMode(QAbstractItemView::SingleSelection);
    m_members->verticalHeader()->hide();
    m_members->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // rows of one height: no row to measure
    m_members->horizontalHeader()->setStretchLastSection(true);
    m_members->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Fitted to the rows in view, not to a thousand members' each time one comes or goes.
    m_members->horizontalHeader()->setResizeContentsPrecision(0);
    connect(m_kick, &QPushButton::clicked, this, [this] {
        // Named now: the room goes on while the dialog waits, and the row may be someone else's by then.
        const QString nick = nickOn(m_members->currentIndex().row());
        if (nick.isEmpty())
            return;
        bool ok = false;
        const QString reason = QInputDialog::getText(this, tr("Kick %1").arg(nick),
            tr("%1 will be disconnected (close code 1008). Reason, shown to the room:").arg(nick), QLineEdit::Normal,
            tr("kicked by the host"), &ok);
        if (ok)
            kick(nick, reason);
    });
    connect(m_members->selectionModel(), &QItemSelectionModel::currentChanged, this, &HostPanel::updateKick);
    connect(&members, &QAbstractItemModel::modelReset, this, &HostPanel::updateKick);
    connect(&members, &QAbstractItemModel::rowsRemoved, this, &HostPanel::updateKick);

    auto *room = new QGroupBox(tr("Room"));
    auto *form = new QFormLayout(room);
    auto *portRow = new QHBoxLayout;
    portRow->addWidget(m_port);
    portRow->addWidget(m_hostButton);
    portRow->addStretch();
    form->addRow(tr("Port:"), portRow);
    form->addRow(QString(), m_share);
    form->addRow(QString(), m_keepHistory);
    form->addRow(tr("Pass&word:"), m_password);
    form->addRow(tr("Allowed &origins:"), m_origins);
    form->addRow(QString(), m_status);
    form->addRow(QString(), m_historyProblem);
    m_qrCode->setObjectName(u"qrCode"_s);
    m_qrCaption->setTextFormat(Qt::PlainText);
    m_qrCaption->setAlignment(Qt::AlignHCenter);
    auto *join = new QGroupBox(tr("Join at"));
    auto *joinLayout = new QHBoxLayout(join);
    m_urls->setColumnStretch(0, 1);
    joinLayout->addLayout(m_urls, 1);
    auto *scan = new QVBoxLayout;
    scan->addWidget(m_qrCode, 0, Qt::AlignHCenter);
    scan->addWidget(m_qrCaption);
    scan->addStretch();
    joinLayout->addLayout(scan);
    auto *people = new QGroupBox(tr("Members"));
    auto *peopleLayout = new QVBoxLayout(people);
    peopleLayout->addWidget(m_members, 1);
    auto *kickRow = new QHBoxLayout;
    kickRow->addStretch();
    kickRow->addWidget(m_kick);
    peopleLayout->addLayout(kickRow);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(room);
    layout->addWidget(join);
    layout->addWidget(m_replay);
    layout->addWidget(people, 1);
    onStateChanged();
}

quint16 HostPanel::port() const
{
    return quint16(m_port->value());
}

void HostPanel::setPort(quint16 port)
{
    m_port->setValue(port);
}

bool HostPanel::shareOnLan() const
{
    return m_share->isChecked();
}

void HostPanel::setShareOnLan(bool share)
{
    m_share->setChecked(share);
}

QString HostPanel::password() const
{
    return m_password->text();
}

void HostPanel::setPassword(const QString &password)
{
    m_password->setText(password);
}

QString HostPanel::allowedOrigins() const
{
    return m_origins->text().trimmed();
}

void HostPanel::setAllowedOrigins(const QString &origins)
{
    m_origins->setText(origins);
}

bool HostPanel::toggle()
{
    if (m_host.state() != RoomHost::State::Stopped) {
        if (m_stopGuard && !m_stopGuard())
            return false;
        m_host.stop();
        return true;
    }
    ServerConfig config;
    config.bindAddress = QHostAddress(m_share->isChecked() ? QHostAddress::Any : QHostAddress::LocalHost);
    config.announce = m_share->isChecked();
    config.port = port();
    config.pingInterval = m_pingInterval;
    config.password = password();
    config.allowedOrigins = allowedOrigins().split(QRegularExpression(u"[,\\s]+"_s), Qt::SkipEmptyParts);
    if (keepsHistory()) {
        QDir().mkpath(QFileInfo(m_historyFile).absolutePath());
        config.historyFile = m_historyFile;
    }
    if (!m_host.start(config)) {
        QString why = tr("The room did not start: %1.").arg(m_host.lastError());
        if (keepsHistory() && m_host.lastError().contains(m_historyFile))
            why += u' '
                + tr("Untick “%1” to host without it; a damaged file can be deleted with Room ▸ Forget Chat History.")
                      .arg(m_keepHistory->text());
        m_status->setText(why);
        return false;
    }
    return true;
}

void HostPanel::setHistoryFile(const QString &path)
{
    m_historyFile = path;
    m_keepHistory->setVisible(!path.isEmpty());
    m_keepHistory->setToolTip(tr("In %1; Room ▸ Forget Chat History deletes it.").arg(QDir::toNativeSeparators(path)));
}

bool HostPanel::keepsHistory() const
{
    return !m_historyFile.isEmpty() && m_keepHistory->isChecked();
}

void HostPanel::setKeepHistory(bool keep)
{
    m_keepHistory->setChecked(keep);
}

void HostPanel::showHistoryProblem(const QString &problem)
{
    m_historyProblem->setText(
        tr("The chat's history cannot be written to %1: %2. Messages still reach everyone, and Duplex keeps trying: "
           "once it can, it writes what waited.")
            .arg(QDir::toNativeSeparators(m_historyFile), problem));
    Contrast::inkAsFailure(*m_historyProblem, palette().color(QPalette::Window));
    m_historyProblem->setVisible(!problem.isEmpty() && m_host.state() != RoomHost::State::Stopped);
}

void HostPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) // the desktop turned dark or light
        Contrast::inkAsFailure(*m_historyProblem, palette().color(QPalette::Window));
}

void HostPanel::setOwnNick(const QString &nick)
{
    m_ownNick = nick;
    updateKick();
}

bool HostPanel::kick(const QString &nick, const QString &reason)
{
    if (nick.isEmpty() || nick == m_ownNick)
        return false;
    m_host.kick(nick, reason);
    return true;
}

QString HostPanel::nickOn(int row) const
{
    return m_members->model()->index(row, 0).data(MemberListModel::NickRole).toString();
}

void HostPanel::updateKick()
{
    const int row = m_members->currentIndex().row();
    m_kick->setEnabled(m_host.state() == RoomHost::State::Running && row >= 0 && nickOn(row) != m_ownNick);
    m_kick->setToolTip(row >= 0 && nickOn(row) == m_ownNick
            ? tr("This is you: leave the room from the Chat tab, or stop the room")
            : tr("Close the member's connection with 1008 (policy violation) and a reason"));
}

void HostPanel::onStateChanged()
{
    const RoomHost::State state = m_host.state();
    m_hostButton->setText(state == RoomHost::State::Stopped ? tr("&Host") : tr("&Stop"));
    m_hostButton->setEnabled(state != RoomHost::State::Stopping);
    m_port->setEnabled(state == RoomHost::State::Stopped);
    m_password->setEnabled(state == RoomHost::State::Stopped);
    m_origins->setEnabled(state == RoomHost::State::Stopped);
    m_share->setEnabled(state == RoomHost::State::Stopped);
    m_keepHistory->setEnabled(state == RoomHost::State::Stopped);
    updateKick();
    switch (state) {
    case RoomHost::State::Stopped:
        m_status->setText(tr("Not hosting."));
        m_historyProblem->hide(); // a room started again tries the file anew
        break;
    case RoomHost::State::Running:
        m_status->setText(
            tr("Hosting on port %1: /chat is the room, /echo echoes, / is the web page.").arg(m_host.port()) + u' '
            + whoCanJoin(m_share->isChecked(), RoomAnnouncement::interfacesFor(QHostAddress::Any), m_host.port()));
        break;
    case RoomHost::State::Stopping:
        m_status->setText(tr("Saying goodbye (1001) to everyone…"));
        break;
    }
    showUrls();
}

QString HostPanel::whoCanJoin(bool shared, const QList<QNetworkInterface> &announcedOn, quint16 port)
{
    if (!shared)
        return tr("Only this computer can join: for others to, stop the room and tick “Share on the LAN”.");
    if (announcedOn.isEmpty())
        return tr("This computer is on no network others could join from.");
    QStringList networks;
    for (const QNetworkInterface &interface : announcedOn) {
        QStringList addresses;
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol)
                addresses.append(entry.ip().toString());
        }
        networks.append(addresses.isEmpty() ? interface.humanReadableName()
                                            : u"%1 (%2)"_s.arg(interface.humanReadableName(), addresses.join(u", ")));
    }
    return tr("Announced on %1: Duplex there lists the room under Chat ▸ Nearby. Someone who does not see it there "
              "may have a firewall that drops UDP port %2; someone who cannot join, one here that refuses TCP port %3.")
        .arg(QLocale().createSeparatedList(networks))
        .arg(RoomAnnouncement::udpPort)
        .arg(port);
}

void HostPanel::showUrls()
{
    while (QLayoutItem *item = m_urls->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_qrCode->clear();
    m_qrCaption->clear();
    if (m_host.state() != RoomHost::State::Running) {
        m_urls->addWidget(new QLabel(tr("Press Host: the addresses to join at show here.")), 0, 0);
        return;
    }
    // One row per address: the address, Copy, and for the page, QR.
    int rows = 0;
    const auto addRow = [this, &rows](const QString &address, const QString &what) {
        auto *field = new QLineEdit(address);
        field->setReadOnly(true);
        field->setToolTip(what);
        auto *copy = new QToolButton;
        copy->setText(tr("Copy"));
        copy->setToolTip(tr("Copy %1").arg(address));
        connect(copy, &QToolButton::clicked, this, [address] { QApplication::clipboard()->setText(address); });
        m_urls->addWidget(field, rows, 0);
        m_urls->addWidget(copy, rows, 1);
        return rows++;
    };
    QString scanned; // a LAN address, which a phone can reach, rather than loopback
    bool scannedOnLan = false;
    for (const QUrl &url : m_host.urls()) {
        if (!url.path().endsWith(u"/chat"_s))
            continue;
        QUrl page = url;
        page.setScheme(u"http"_s);
        page.setPath(u"/"_s);
        const QString pageAddress = page.toString();
        auto *qr = new QToolButton;
        qr->setText(tr("QR"));
        qr->setToolTip(tr("Show the QR code of %1").arg(pageAddress));
        connect(qr, &QToolButton::clicked, this, [this, pageAddress] { showQrCode(pageAddress); });
        m_urls->addWidget(qr, addRow(pageAddress, tr("The chat page: any browser joins here")), 2);
        addRow(url.toString(), tr("The room for WebSocket clients"));
        const bool onLan = !QHostAddress(url.host()).isLoopback();
        if (scanned.isEmpty() || (onLan && !scannedOnLan)) {
            scanned = pageAddress;
            scannedOnLan = onLan;
        }
    }
    if (!scanned.isEmpty())
        showQrCode(scanned);
}

void HostPanel::showQrCode(const QString &address)
{
    constexpr int pixelsPerModule = 4;
    // A password goes after '#', which a browser keeps to itself: the page takes it from there (docs/protocol.md).
    const QString password = m_password->text();
    const QString link = password.isEmpty()
        ? address
        : address + u"#password="_s + QString::fromLatin1(QUrl::toPercentEncoding(password));
    const QImage code = qrCode(link.toUtf8());
    m_qrCode->setPixmap(QPixmap::fromImage(code.scaled(code.size() * pixelsPerModule)));
    m_qrCode->setToolTip(address);
    m_qrCaption->setText(password.isEmpty() ? tr("Scan to open\n%1").arg(address)
                                            : tr("Scan to open\n%1\nwith the password").arg(address));
}

} // namespace Duplex
