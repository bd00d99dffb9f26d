// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <chrono>
#include <functional>

class QCheckBox;
class QGridLayout;
class QLabel;
class QNetworkInterface;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace Duplex {

class MemberListModel;
class RoomHost;
class RoomReplayBox;

// Host a room: the port, whether to share it on the LAN, Host/Stop, the addresses to join it at (the chat page's
// with a QR code for phones, the WebSocket room's), and its members with their round trips and a Kick.
class HostPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostPanel)

public:
    HostPanel(RoomHost &host, MemberListModel &members, QWidget *parent = nullptr);

    quint16 port() const;
    void setPort(quint16 port);
    void setPingInterval(std::chrono::milliseconds interval) { m_pingInterval = interval; }
    bool shareOnLan() const;
    void setShareOnLan(bool share);
    // Where the room keeps its history when keepsHistory(): an SQLite file (ServerConfig::historyFile).
    void setHistoryFile(const QString &path);
    bool keepsHistory() const;
    void setKeepHistory(bool keep);
    // What members give to join; empty: anyone who reaches the room joins.
    QString password() const;
    void setPassword(const QString &password);
    // Origins whose pages may join besides the room's own ("*": any), as the person typed them.
    QString allowedOrigins() const;
    void setAllowedOrigins(const QString &origins);
    // Asked before the room stops; false keeps it running.
    void setStopGuard(std::function<bool()> guard) { m_stopGuard = std::move(guard); }
    // Starts or stops the room, as the button does; false with the reason shown when it cannot start, or when
    // the guard kept it running.
    bool toggle();
    QTableView *members() const { return m_members; }
    QPushButton *kickButton() const { return m_kick; }
    RoomReplayBox *replay() const { return m_replay; }
    // The window's own member, whom Kick leaves alone.
    void setOwnNick(const QString &nick);
    QString ownNick() const { return m_ownNick; }
    // Who can join a running room, shared on the LAN or not, that announces on these interfaces, and what may keep
    // them out: the Host panel's answer to "why can't they see me?".
    static QString whoCanJoin(bool shared, const QList<QNetworkInterface> &announcedOn, quint16 port);
    // Kicks nick with reason (close 1008); false for the window's own member.
    bool kick(const QString &nick, const QString &reason);

Q_SIGNALS:
    void shareOnLanChosen(bool share); // by the person, with the check box
    void keepHistoryChosen(bool keep);
    void allowedOriginsChosen(const QString &origins);
    void passwordChosen(const QString &password);

protected:
    void changeEvent(QEvent *event) override;

private:
    void onStateChanged();
    void showHistoryProblem(const QString &problem); // empty: none
    QString nickOn(int row) const;
    void updateKick(); // enabled for a chosen member other than oneself, while the room runs
    void showUrls();
    void showQrCode(const QString &address);

    RoomHost &m_host;
    QSpinBox *m_port;
    QCheckBox *m_share;
    QCheckBox *m_keepHistory;
    QString m_historyFile;
    QLineEdit *m_password;
    QLineEdit *m_origins;
    QPushButton *m_hostButton;
    RoomReplayBox *m_replay;
    QLabel *m_status;
    QLabel *m_historyProblem; // while the room's history file cannot be written
    QGridLayout *m_urls;
    QLabel *m_qrCode;
    QLabel *m_qrCaption;
    QTableView *m_members;
    QPushButton *m_kick;
    std::chrono::milliseconds m_pingInterval {15'000};
    std::function<bool()> m_stopGuard;
    QString m_ownNick;
};

} // namespace Duplex
