// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "client/chatclient.h"

class QLineEdit;
class QListView;
class QPushButton;
class QStringListModel;
class QTextBrowser;

namespace Duplex {

struct ChatEvent;

// The room as a member sees it: messages with time and a colour per nickname, joins and leaves, the user list,
// a nickname and an input. Everything people type is shown as text, never as markup.
class ChatPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatPanel)

public:
    static constexpr int maxLines = 5000;

    // client lives on the network thread; this panel only posts calls to it.
    explicit ChatPanel(ChatClient *client, QWidget *parent = nullptr);

    void setRoomUrl(const QUrl &url);
    void join();
    void leave(); // also gives up joining or rejoining
    QString nick() const;
    void setNick(const QString &nick);
    QLineEdit *roomField() const { return m_url; }
    QTextBrowser *view() const { return m_view; }
    QLineEdit *input() const { return m_input; }
    QPushButton *joinButton() const { return m_join; }
    QStringListModel *users() const { return m_users; }

Q_SIGNALS:
    // Someone else wrote while the window was not active.
    void messageWhileAway(const QString &from, const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void show(const ChatEvent &event);
    void shadeAccents(); // each accent of the lines shown, as dark or light as the palette now needs
    void send();

    ChatClient *m_client;
    QLineEdit *m_url;
    QLineEdit *m_nick;
    QPushButton *m_join;
    QTextBrowser *m_view;
    QStringListModel *m_users;
    QListView *m_userList;
    QLineEdit *m_input;
    QString m_ownNick;
    ChatClient::State m_state = ChatClient::State::Out;
};

} // namespace Duplex
