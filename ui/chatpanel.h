// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QWidget>

#include <memory>

#include "client/chatclient.h"

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QStringListModel;
class QTextBrowser;
class QToolButton;
class QVBoxLayout;

namespace Duplex {

struct ChatEvent;
class RoomFinder;
class TransferRow;

// The room as a member sees it: messages with time and a colour per nickname, joins and leaves, the user list,
// a nickname and an input. Everything people type is shown as text, never as markup. Activating a member in the
// list writes to them privately until Esc; messages from others that arrive unseen (another tab, another window)
// are counted. Files go to the room with Share File… (privately too), and a file shared is a link that saves it
// where a person chooses, and a picture has a "show" that puts it under its line: nothing is downloaded unasked. Files
// dropped on the panel, and files or a picture pasted into the input, are shared as chosen ones are. Each file on its
// way, either way, has a line with its progress and Cancel.
class ChatPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatPanel)

public:
    static constexpr int maxLines = 5000;

    // client lives on the network thread; this panel only posts calls to it.
    explicit ChatPanel(ChatClient *client, QWidget *parent = nullptr);

    // The room to join, with its password when it has one (the window's own room): join() gives it there.
    void setRoomUrl(const QUrl &url, const QString &password = {});
    void join();
    void leave(); // also gives up joining or rejoining
    // Lists the rooms finder hears under Nearby, where choosing one joins it; without a finder there is no Nearby.
    void setRoomFinder(RoomFinder *finder);
    QToolButton *nearbyButton() const { return m_nearby; }
    QString nick() const;
    void setNick(const QString &nick);
    QLineEdit *roomField() const { return m_url; }
    QTextBrowser *view() const { return m_view; }
    QLineEdit *input() const { return m_input; }
    QPushButton *joinButton() const { return m_join; }
    QPushButton *shareFileButton() const { return m_shareFile; }
    TransferRow *sending() const { return m_sending; } // hidden while no file is on its way to the room
    QList<TransferRow *> saving() const { return m_saving; }
    QStringListModel *users() const { return m_users; }
    QListView *userList() const { return m_userList; }

    // Whom the input writes to: a member's nickname, or empty for everyone.
    QString privateRecipient() const { return m_privateTo; }
    void writePrivatelyTo(const QString &nick); // empty: to everyone again
    int unread() const { return m_unread; }
    // Shares these files with the room, to the member written to privately if any (what Share File… does once
    // files are chosen).
    void shareFiles(const QStringList &paths);
    // Saves the file shared at url to path (what a link does once a place is chosen), its progress shown.
    void saveSharedFile(const QUrl &url, const QString &path);
    // What closing the panel now would cut short, as sentences; empty when no file is on its way either way.
    QString transfersCutShort() const;

Q_SIGNALS:
    // Someone else wrote while the window was not active (to this member alone when privately).
    void messageWhileAway(const QString &from, const QString &text, bool privately);
    // Messages from others that came while this panel or its window was out of sight, until it is seen again.
    void unreadChanged(int count);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override; // the input's drops and pastes of files are the panel's

private:
    void append(const ChatEvent &event);                  // a line for it at the end of the view
    void note(ChatEvent::Kind kind, const QString &text); // what became of something done here, or why not, now
    void shadeAccents(); // each accent of the lines shown, as dark or light as the palette now needs
    void send();
    // The room at url refused the password given (wrong) or missing: asks the person for it, and joins with it.
    void askForPassword(const QUrl &url, bool wrong);
    void onLinkClicked(const QUrl &url); // a shared file's: asks where to save it, or shows the picture
    void showPicture(const QUrl &url);   // under its line, in place of its "show"
    // Takes a drag of local files while files can be shared, and shares them when dropped; false for anything else.
    bool takeFiles(QDropEvent *event);
    // Shares what the clipboard holds while files can be shared, when it is files (copied in a file manager) or a
    // picture (a screenshot); false for anything else, which the input pastes as text.
    bool sharePasted();
    bool inSight() const;
    void setUnread(int count);

    void listNearbyRooms(const RoomFinder &finder);

    ChatClient *m_client;
    QLineEdit *m_url;
    QToolButton *m_nearby;
    QUrl m_passwordRoom; // the room m_password is for
    QString m_password;
    QLineEdit *m_nick;
    QPushButton *m_join;
    QTextBrowser *m_view;
    QStringListModel *m_users;
    QListView *m_userList;
    QLabel *m_privateNote; // over the input while it writes privately
    QLineEdit *m_input;
    QPushButton *m_shareFile;
    QVBoxLayout *m_transfers;                        // the lines of the files on their way
    TransferRow *m_sending;                          // the file being shared
    int m_filesToSend = 0;                           // that one and those waiting their turn
    QList<TransferRow *> m_saving;                   // a line for each file being saved
    std::unique_ptr<QTemporaryDir> m_pastedPictures; // as PNG files, until the panel goes; made at the first paste
    int m_picturesPasted = 0;
    QHash<QUrl, ChatProtocol::SharedFile> m_files; // the links in the view, to the files they stand for
    QNetworkAccessManager m_network;               // fetches a shared file from the room
    QString m_ownNick;
    QString m_privateTo;
    int m_unread = 0;
    ChatClient::State m_state = ChatClient::State::Out;
};

} // namespace Duplex
