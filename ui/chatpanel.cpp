// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/chatpanel.h"

#include <QBoxLayout>
#include <QClipboard>
#include <QDir>
#include <QDropEvent>
#include <QFileDialog>
#include <QGuiApplication>
#include <QImage>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMimeData>
#include <QNetworkReply>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QShortcut>
#include <QStandardPaths>
#include <QStringListModel>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QToolButton>

#include "client/roomfinder.h"
#include "ui/contrast.h"
#include "ui/transferrow.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

// What the join button does while the client is in state.
QString joinButtonText(ChatClient::State state)
{
    switch (state) {
    case ChatClient::State::Out:
        return ChatPanel::tr("&Join");
    case ChatClient::State::Joining:
        return ChatPanel::tr("&Cancel");
    case ChatClient::State::In:
        return ChatPanel::tr("&Leave");
    }
    return {};
}

// The same nickname always gets the same colour: a hue from its hash (then as dark or light as the palette needs).
QColor colourOf(const QString &nick)
{
    return QColor::fromHsv(int(qHash(nick, 0) % 360), 200, 150);
}

// Where a fragment of the chat keeps the accent it was given, to be shaded again for another palette.
constexpr int accentProperty = QTextFormat::UserProperty;

QTextCharFormat inAccent(const QColor &accent, const QColor &base)
{
    QTextCharFormat format;
    format.setProperty(accentProperty, accent);
    format.setForeground(Contrast::readable(accent, base));
    return format;
}

// Keeps a view scrolled to its end, if it was there, while its lines change.
class StaysAtBottom
{
public:
    explicit StaysAtBottom(QScrollBar *scroll)
        : m_scroll(scroll)
        , m_atBottom(scroll->value() == scroll->maximum())
    { }
    ~StaysAtBottom()
    {
        if (m_atBottom)
            m_scroll->setValue(m_scroll->maximum());
    }
    Q_DISABLE_COPY_MOVE(StaysAtBottom)

private:
    QScrollBar *m_scroll;
    bool m_atBottom;
};

constexpr qint64 maxPictureBytes = 32 << 20; // a picture larger than this is saved, not shown
// A picture is shown within this many pixels: a photo shows at a glance (its file saves whole), and a hundred shown
// hold 64 MiB at most.
constexpr QSize maxPictureSize(400, 400);

// A picture's "show" link: its download address marked as the one that shows it.
QString showHref(const QUrl &download)
{
    return download.toString() + u"#show"_s;
}

// The local files data names, or nothing when it names none or anything else too (a web address, say).
QStringList localFiles(const QMimeData *data)
{
    QStringList paths;
    for (const QUrl &url : data->urls()) {
        if (!url.isLocalFile())
            return {};
        paths.append(url.toLocalFile());
    }
    return paths;
}

} // namespace

ChatPanel::ChatPanel(ChatClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_url(new QLineEdit)
    , m_nearby(new QToolButton)
    , m_nick(new QLineEdit)
    , m_join(new QPushButton(tr("&Join")))
    , m_view(new QTextBrowser)
    , m_users(new QStringListModel(this))
    , m_userList(new QListView)
    , m_privateNote(new QLabel)
    , m_input(new QLineEdit)
    , m_shareFile(new QPushButton(tr("Share F&ile…")))
    , m_transfers(new QVBoxLayout)
    , m_sending(new TransferRow)
{
    m_nearby->setPopupMode(QToolButton::InstantPopup);
    m_nearby->setMenu(new QMenu(m_nearby));
    m_nearby->setToolTip(tr("Rooms hosted with “Share on the LAN” on your networks announce themselves here; "
                            "choose one to join it"));
    m_nearby->hide(); // until there is a finder
    m_url->setPlaceholderText(tr("the room's page, http://host:8080/, or ws://host:8080/chat"));
    m_nick->setPlaceholderText(tr("nickname"));
    m_nick->setMaxLength(32);
    m_view->setOpenLinks(false);
    m_view->setOpenExternalLinks(false);
    m_view->document()->setMaximumBlockCount(maxLines);
    m_userList->setModel(m_users);
    m_userList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_userList->setUniformItemSizes(true); // one line each: a thousand members are not measured at each arrival
    m_userList->setMaximumWidth(fontMetrics().horizontalAdvance(u'M') * 14);
    m_userList->setToolTip(tr("Double-click a member to write to them privately"));
    m_privateNote->setTextFormat(Qt::RichText); // a nickname in it is escaped
    m_privateNote->hide();
    connect(m_privateNote, &QLabel::linkActivated, this, [this] { writePrivatelyTo({}); });
    connect(m_userList, &QListView::activated, this,
        [this](const QModelIndex &index) { writePrivatelyTo(index.data().toString()); });
    connect(new QShortcut(Qt::Key_Escape, m_input, nullptr, nullptr, Qt::WidgetShortcut), &QShortcut::activated, this,
        [this] { writePrivatelyTo({}); });
    writePrivatelyTo({});
    m_input->setEnabled(false);
    m_shareFile->setEnabled(false);
    m_shareFile->setToolTip(tr("Share files with the room, or with the member written to privately"));
    connect(m_shareFile, &QPushButton::clicked, this, [this] {
        // The title says who gets them: everyone, or the one member written to.
        const QString title
            = m_privateTo.isEmpty() ? tr("Share Files with Everyone") : tr("Share Files with %1 Only").arg(m_privateTo);
        shareFiles(QFileDialog::getOpenFileNames(this, title));
    });
    connect(m_view, &QTextBrowser::anchorClicked, this, &ChatPanel::onLinkClicked);
    setAcceptDrops(true);
    m_input->installEventFilter(this); // which would take a file's path as text
    m_sending->hide();
    connect(m_sending, &TransferRow::cancelClicked, m_client, &ChatClient::cancelSharing);
    connect(
        client, &ChatClient::sharingChanged, this, [this](const QString &name, qint64 sent, qint64 total, int waiting) {
            m_filesToSend = (name.isEmpty() ? 0 : 1) + waiting;
            m_sending->setVisible(!name.isEmpty());
            const QString format = waiting == 0 ? tr("Sending %1: %p%").arg(name)
                                                : tr("Sending %1: %p% (%2 more waiting)").arg(name).arg(waiting);
            m_sending->setProgress(format, sent, total);
        });

    connect(client, &ChatClient::eventReceived, this, &ChatPanel::append);
    // Queued, even beside a client on this thread: the question waits in a dialog of its own, and the join it leads
    // to replaces the session whose signal this is, socket and all.
    connect(client, &ChatClient::passwordNeeded, this, &ChatPanel::askForPassword, Qt::QueuedConnection);
    connect(client, &ChatClient::usersChanged, m_users, &QStringListModel::setStringList);
    connect(client, &ChatClient::nickChanged, this, [this](const QString &nick) {
        m_ownNick = nick;
        m_nick->setText(nick);
    });
    connect(client, &ChatClient::stateChanged, this, [this](ChatClient::State state) {
        m_state = state;
        m_join->setText(joinButtonText(state));
        m_input->setEnabled(state == ChatClient::State::In);
        m_shareFile->setEnabled(state == ChatClient::State::In);
        if (state == ChatClient::State::In)
            m_input->setFocus();
    });
    connect(m_join, &QPushButton::clicked, this, [this] {
        if (m_state != ChatClient::State::Out)
            leave();
        else
            join();
    });
    connect(m_url, &QLineEdit::returnPressed, this, [this] {
        if (m_state == ChatClient::State::Out)
            join();
    });
    connect(m_nick, &QLineEdit::editingFinished, this, [this] {
        const QString nick = m_nick->text().trimmed();
        if (m_state == ChatClient::State::In && !nick.isEmpty() && nick != m_ownNick)
            QMetaObject::invokeMethod(m_client, [client = m_client, nick] { client->setNick(nick); });
    });
    connect(m_input, &QLineEdit::returnPressed, this, &ChatPanel::send);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Room:")));
    top->addWidget(m_url, 3);
    top->addWidget(m_nearby);
    top->addWidget(new QLabel(tr("Nickname:")));
    top->addWidget(m_nick, 1);
    top->addWidget(m_join);
    auto *middle = new QHBoxLayout;
    middle->addWidget(m_view, 1);
    middle->addWidget(m_userList);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(middle, 1);
    layout->addWidget(m_privateNote);
    m_transfers->addWidget(m_sending);
    layout->addLayout(m_transfers);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_input, 1);
    bottom->addWidget(m_shareFile);
    layout->addLayout(bottom);
}

void ChatPanel::setRoomUrl(const QUrl &url, const QString &password)
{
    m_url->setText(url.toString());
    m_passwordRoom = url;
    m_password = password;
}

void ChatPanel::setRoomFinder(RoomFinder *finder)
{
    connect(finder, &RoomFinder::roomsChanged, this, [this, finder] { listNearbyRooms(*finder); });
    listNearbyRooms(*finder);
    m_nearby->show();
}

void ChatPanel::listNearbyRooms(const RoomFinder &finder)
{
    QMenu *menu = m_nearby->menu();
    menu->clear();
    m_nearby->setText(tr("Nearby (%1)").arg(finder.rooms().size()));
    if (finder.rooms().isEmpty())
        menu->addAction(tr("No room has announced itself on your networks"))->setEnabled(false);
    for (const FoundRoom &found : finder.rooms()) {
        const QString where = u"%1:%2"_s.arg(found.address.toString()).arg(found.room.port);
        const QString text = found.room.password ? tr("%1 at %2 (asks for a password)").arg(found.room.name, where)
                                                 : tr("%1 at %2").arg(found.room.name, where);
        connect(menu->addAction(text), &QAction::triggered, this, [this, page = found.page()] {
            m_url->setText(page.toString());
            join();
        });
    }
}

void ChatPanel::join()
{
    const std::optional<QUrl> url = ChatClient::roomUrl(m_url->text());
    if (!url) {
        return note(ChatEvent::Kind::Error,
            tr("Not a room's address: give ws://host:port/chat, or the room's page, http://host:port/."));
    }
    // Where it went, encoded: a password's space, shown as one, would make the address invalid when joined again.
    m_url->setText(url->toString(QUrl::FullyEncoded));
    const QString nick = m_nick->text().trimmed();
    const QString password = *url == m_passwordRoom ? m_password : QString();
    QMetaObject::invokeMethod(
        m_client, [client = m_client, url = *url, nick, password] { client->join(url, nick, password); });
}

void ChatPanel::askForPassword(const QUrl &url, bool wrong)
{
    const QString room = url.adjusted(QUrl::RemoveQuery).toString();
    bool ok = false;
    const QString password = QInputDialog::getText(this, tr("Password"),
        wrong ? tr("%1 did not take that password. Its password:").arg(room) : tr("%1 asks for a password:").arg(room),
        QLineEdit::Password, {}, &ok);
    if (!ok || password.isEmpty())
        return note(ChatEvent::Kind::Disconnected, tr("Not joined: %1 asks for a password.").arg(room));
    m_passwordRoom = url;
    m_password = password;
    if (m_url->text() == url.toString(QUrl::FullyEncoded))
        join();
}

void ChatPanel::leave()
{
    QMetaObject::invokeMethod(m_client, [client = m_client] { client->leave(); });
}

QString ChatPanel::nick() const
{
    return m_nick->text().trimmed();
}

void ChatPanel::setNick(const QString &nick)
{
    m_nick->setText(nick);
}

void ChatPanel::writePrivatelyTo(const QString &nick)
{
    if (!nick.isEmpty() && nick == m_ownNick)
        return; // nobody writes to themselves
    m_privateTo = nick;
    m_privateNote->setVisible(!nick.isEmpty());
    m_privateNote->setText(tr("Writing privately to <b>%1</b> · <a href=\"everyone\">write to everyone</a> (Esc)")
                               .arg(nick.toHtmlEscaped()));
    m_input->setPlaceholderText(
        nick.isEmpty() ? tr("Write to everyone and press Enter") : tr("Write to %1 only and press Enter").arg(nick));
    if (!nick.isEmpty())
        m_input->setFocus();
}

void ChatPanel::send()
{
    const QString text = m_input->text();
    if (text.trimmed().isEmpty())
        return;
    if (!m_privateTo.isEmpty() && !m_users->stringList().contains(m_privateTo))
        return note(ChatEvent::Kind::Error,
            tr("%1 is not in the room now: nothing was sent, and your message stays in the input.").arg(m_privateTo));
    QMetaObject::invokeMethod(m_client, [client = m_client, text, to = m_privateTo] { client->send(text, to); });
    m_input->clear();
}

void ChatPanel::shareFiles(const QStringList &paths)
{
    for (const QString &path : paths)
        QMetaObject::invokeMethod(
            m_client, [client = m_client, path, to = m_privateTo] { client->shareFile(path, to); });
}

void ChatPanel::onLinkClicked(const QUrl &url)
{
    if (url.fragment() == u"show")
        return showPicture(url.adjusted(QUrl::RemoveFragment));
    const auto file = m_files.constFind(url);
    if (file == m_files.cend())
        return;
    const QString suggested
        = QDir(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation)).filePath(file->name);
    if (const QString path = QFileDialog::getSaveFileName(this, tr("Save Shared File"), suggested); !path.isEmpty())
        saveSharedFile(url, path);
}

void ChatPanel::saveSharedFile(const QUrl &url, const QString &path)
{
    const QString name = m_files.value(url).name;
    auto target = std::make_unique<QSaveFile>(path); // the file appears whole, or not at all
    if (!target->open(QIODevice::WriteOnly))
        return note(ChatEvent::Kind::Error, tr("%1 was not saved: %2").arg(name, target->errorString()));
    QNetworkReply *reply = m_network.get(QNetworkRequest(url));
    QSaveFile *saved = target.release();
    saved->setParent(reply);
    auto *row = new TransferRow;
    const QString format = tr("Saving %1: %p%").arg(name);
    row->setProgress(format, 0, 1);
    m_transfers->addWidget(row);
    m_saving.append(row);
    connect(row, &TransferRow::cancelClicked, reply, &QNetworkReply::abort);
    connect(reply, &QNetworkReply::readyRead, saved, [reply, saved] { saved->write(reply->readAll()); });
    connect(reply, &QNetworkReply::downloadProgress, row, [row, format](qint64 received, qint64 total) {
        row->setProgress(format, received, std::max(total, received + 1));
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, saved, row, name, path] {
        reply->deleteLater();
        m_saving.removeOne(row);
        row->deleteLater(); // its Cancel may be what finished the reply
        saved->write(reply->readAll());
        if (reply->error() != QNetworkReply::NoError) {
            saved->cancelWriting();
            if (reply->error() == QNetworkReply::OperationCanceledError)
                return note(ChatEvent::Kind::Note, tr("%1 was not saved: you cancelled it.").arg(name));
            return note(ChatEvent::Kind::Error, tr("%1 was not saved: %2").arg(name, reply->errorString()));
        }
        if (!saved->commit())
            return note(ChatEvent::Kind::Error, tr("%1 was not saved: %2").arg(name, saved->errorString()));
        note(ChatEvent::Kind::Note, tr("Saved %1 as %2").arg(name, QDir::toNativeSeparators(path)));
    });
}

void ChatPanel::showPicture(const QUrl &url)
{
    if (!m_files.contains(url))
        return;
    QNetworkReply *reply = m_network.get(QNetworkRequest(url));
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received) {
        if (received > maxPictureBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, url] {
        reply->deleteLater();
        const QString name = m_files.value(url).name;
        QString problem;
        QImage picture;
        if (reply->error() == QNetworkReply::OperationCanceledError)
            problem = tr("it is larger than %1: save it instead").arg(QLocale().formattedDataSize(maxPictureBytes));
        else if (reply->error() != QNetworkReply::NoError)
            problem = reply->errorString();
        else if (!picture.loadFromData(reply->readAll()))
            problem = tr("it is not a picture Duplex can read: save it instead");
        else if (picture.width() > maxPictureSize.width() || picture.height() > maxPictureSize.height())
            picture = picture.scaled(maxPictureSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        if (!problem.isEmpty())
            return note(ChatEvent::Kind::Error, tr("%1 could not be shown: %2").arg(name, problem));
        // Under its line, in place of its "show", if the line is still in the view: inline, the picture would stand
        // the line's text on its bottom edge.
        const QString href = showHref(url);
        QTextDocument *document = m_view->document();
        for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                const QTextFragment fragment = it.fragment();
                if (fragment.charFormat().anchorHref() != href)
                    continue;
                document->addResource(QTextDocument::ImageResource, url, picture);
                QTextImageFormat shown;
                shown.setName(url.toString());
                shown.setToolTip(name);
                const StaysAtBottom scrolled(m_view->verticalScrollBar());
                QTextCursor cursor(document);
                cursor.setPosition(fragment.position());
                cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
                cursor.removeSelectedText();
                cursor.movePosition(QTextCursor::EndOfBlock);
                cursor.insertBlock();
                cursor.insertImage(shown);
                return;
            }
        }
    });
}

QString ChatPanel::transfersCutShort() const
{
    QStringList cut;
    if (m_filesToSend == 1)
        cut << tr("1 file on its way to the room will not be shared.");
    else if (m_filesToSend > 1)
        cut << tr("%1 files on their way to the room will not be shared.").arg(m_filesToSend);
    if (m_saving.size() == 1)
        cut << tr("1 file being saved will not be saved.");
    else if (m_saving.size() > 1)
        cut << tr("%1 files being saved will not be saved.").arg(m_saving.size());
    return cut.join(u' ');
}

void ChatPanel::note(ChatEvent::Kind kind, const QString &text)
{
    append({kind, QDateTime::currentDateTimeUtc(), {}, text, {}});
}

bool ChatPanel::inSight() const
{
    return isVisible() && window()->isActiveWindow();
}

void ChatPanel::setUnread(int count)
{
    if (std::exchange(m_unread, count) != count)
        Q_EMIT unreadChanged(count);
}

void ChatPanel::append(const ChatEvent &event)
{
    const StaysAtBottom scrolled(m_view->verticalScrollBar());
    // insertText() never parses markup: what people typed is shown exactly as typed.
    QTextCursor cursor(m_view->document());
    cursor.movePosition(QTextCursor::End);
    if (!m_view->document()->isEmpty())
        cursor.insertBlock();
    const QColor base = palette().color(QPalette::Base); // light or dark, whatever the palette in use is
    const QTextCharFormat plain;
    const QTextCharFormat aside = inAccent(Contrast::Accent::aside, base);
    cursor.insertText(event.time.toLocalTime().toString(u"HH:mm:ss  "_s), aside);
    switch (event.kind) {
    case ChatEvent::Kind::Message:
    case ChatEvent::Kind::Earlier: {
        const auto insertName = [&](const QString &nick) {
            QTextCharFormat name = inAccent(colourOf(nick), base);
            name.setFontWeight(QFont::Bold);
            cursor.insertText(nick, name);
        };
        insertName(event.nick);
        if (!event.to.isEmpty()) {
            cursor.insertText(u" → "_s, aside);
            insertName(event.to);
            cursor.insertText(tr(" (private)"), aside);
        }
        cursor.insertText(u"  "_s + event.text, plain);
        if (event.file) {
            // A link, made without markup: the name stays text.
            QTextCharFormat link = inAccent(palette().color(QPalette::Link), base);
            link.setAnchor(true);
            link.setAnchorHref(event.file->url);
            link.setFontUnderline(true);
            link.setToolTip(tr("Save this file"));
            cursor.insertText(event.file->name, link);
            cursor.insertText(u"  "_s + QLocale().formattedDataSize(event.file->size), aside);
            if (event.file->mime.startsWith(u"image/"_s)) {
                QTextCharFormat show = link;
                show.setAnchorHref(showHref(QUrl(event.file->url)));
                show.setToolTip(tr("Show this picture here"));
                cursor.insertText(u"  "_s, aside);
                cursor.insertText(tr("show"), show);
            }
            m_files.insert(QUrl(event.file->url), *event.file);
        }
        if (event.kind == ChatEvent::Kind::Message && event.nick != m_ownNick) {
            if (!window()->isActiveWindow())
                Q_EMIT messageWhileAway(
                    event.nick, event.file ? tr("shared %1").arg(event.file->name) : event.text, !event.to.isEmpty());
            if (!inSight())
                setUnread(m_unread + 1);
        }
        break;
    }
    case ChatEvent::Kind::Joined:
        cursor.insertText(tr("→ %1 joined").arg(event.nick), aside);
        break;
    case ChatEvent::Kind::Left:
        cursor.insertText(tr("← %1 left (%2)").arg(event.nick, event.text), aside);
        break;
    case ChatEvent::Kind::Renamed:
        cursor.insertText(tr("%1 is now %2").arg(event.nick, event.text), aside);
        if (event.nick == m_privateTo)
            writePrivatelyTo(event.text); // still the same person
        break;
    case ChatEvent::Kind::Error:
        cursor.insertText(event.text, inAccent(Contrast::Accent::failure, base));
        break;
    case ChatEvent::Kind::Disconnected:
        cursor.insertText(tr("Disconnected: %1").arg(event.text), aside);
        break;
    case ChatEvent::Kind::Rejoining:
    case ChatEvent::Kind::Note:
        cursor.insertText(event.text, aside);
        break;
    }
}

void ChatPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) // the desktop turned dark or light: the lines shown follow
        shadeAccents();
    else if (event->type() == QEvent::ActivationChange && inSight())
        setUnread(0);
}

void ChatPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (inSight())
        setUnread(0);
}

void ChatPanel::dragEnterEvent(QDragEnterEvent *event)
{
    if (!takeFiles(event))
        QWidget::dragEnterEvent(event);
}

void ChatPanel::dropEvent(QDropEvent *event)
{
    if (!takeFiles(event))
        QWidget::dropEvent(event);
}

bool ChatPanel::eventFilter(QObject *watched, QEvent *event)
{
    const auto type = event->type();
    if ((type == QEvent::DragEnter || type == QEvent::DragMove || type == QEvent::Drop)
        && takeFiles(static_cast<QDropEvent *>(event)))
        return true;
    if (type == QEvent::KeyPress && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Paste) && sharePasted())
        return true;
    return QWidget::eventFilter(watched, event);
}

bool ChatPanel::takeFiles(QDropEvent *event)
{
    const QStringList paths = localFiles(event->mimeData());
    if (!m_shareFile->isEnabled() || paths.isEmpty())
        return false;
    event->acceptProposedAction();
    if (event->type() == QEvent::Drop)
        shareFiles(paths);
    return true;
}

bool ChatPanel::sharePasted()
{
    const QMimeData *pasted = QGuiApplication::clipboard()->mimeData();
    if (!m_shareFile->isEnabled() || !pasted)
        return false;
    if (const QStringList paths = localFiles(pasted); !paths.isEmpty()) {
        shareFiles(paths);
        return true;
    }
    if (!pasted->hasImage())
        return false;
    if (!m_pastedPictures)
        m_pastedPictures = std::make_unique<QTemporaryDir>();
    const QString path = m_pastedPictures->filePath(tr("pasted picture %1.png").arg(++m_picturesPasted));
    if (!m_pastedPictures->isValid() || !qvariant_cast<QImage>(pasted->imageData()).save(path, "PNG")) {
        note(ChatEvent::Kind::Error,
            tr("The pasted picture was not shared: it could not be written to %1.")
                .arg(QDir::toNativeSeparators(path)));
        return true;
    }
    shareFiles({path});
    return true;
}

void ChatPanel::shadeAccents()
{
    struct Span
    {
        int position;
        int length;
        QColor accent;
    };
    QList<Span> spans; // gathered first: formatting a fragment may join it to the next
    for (QTextBlock block = m_view->document()->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (const QVariant accent = fragment.charFormat().property(accentProperty); accent.isValid())
                spans.append({fragment.position(), fragment.length(), accent.value<QColor>()});
        }
    }
    const QColor base = palette().color(QPalette::Base); // the view's is not yet the new one
    QTextCursor cursor(m_view->document());
    for (const Span &span : std::as_const(spans)) {
        cursor.setPosition(span.position);
        cursor.setPosition(span.position + span.length, QTextCursor::KeepAnchor);
        QTextCharFormat shade;
        shade.setForeground(Contrast::readable(span.accent, base));
        cursor.mergeCharFormat(shade);
    }
}

} // namespace Duplex
