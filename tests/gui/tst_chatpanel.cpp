// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// What the Chat panel shows of the room: every line readable on the palette in use, light or dark; private lines,
// unread counts, and files shared and saved.
#include <QApplication>
#include <QClipboard>
#include <QImage>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListView>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStringListModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimer>

#include "client/chatclient.h"
#include "support/eventwait.h"
#include "support/files.h"
#include "support/scriptedchat.h"
#include "support/testserver.h"
#include "ui/chatpanel.h"
#include "ui/contrast.h"
#include "ui/transferrow.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

namespace {

// A Chat panel in a room of its own on 127.0.0.1; ready once in.
struct PanelInARoom
{
    PanelInARoom()
    {
        if (!server)
            return;
        panel.setRoomUrl(Test::webSocketUrl(*server, u"/chat"));
        panel.join();
        ready = Test::waitUntil([this] { return panel.shareFileButton()->isEnabled(); });
    }

    std::unique_ptr<Server> server = Test::startServer();
    ChatClient client;
    ChatPanel panel {&client};
    bool ready = false;
};

} // namespace

class tst_ChatPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A room with a password: the panel asks for it, again when it was wrong, and joins with the right one, which it
    // keeps for that room (joining again asks nothing); a person who gives none is told why they are not in.
    void asksForTheRoomsPassword()
    {
        ServerConfig config = Test::loopbackConfig();
        config.password = u"open sesame+1"_s;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        const QUrl room = Test::webSocketUrl(*server, u"/chat");
        QStringList questions;
        QStringList answers {u"open sesame"_s, u"open sesame+1"_s}; // then none: the person cancels
        QTimer answering;
        connect(&answering, &QTimer::timeout, this, [&questions, &answers] {
            auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            questions.append(dialog->labelText());
            if (dialog->textEchoMode() != QLineEdit::Password || answers.isEmpty())
                return dialog->reject();
            dialog->setTextValue(answers.takeFirst());
            dialog->accept();
        });
        answering.start(20);

        ChatClient client;
        ChatPanel panel(&client);
        panel.setRoomUrl(room);
        panel.join();
        QVERIFY(Test::waitUntil([&panel] { return panel.input()->isEnabled(); }));
        const QString where = room.toString();
        QCOMPARE(questions,
            (QStringList {
                where + u" asks for a password:"_s, where + u" did not take that password. Its password:"_s}));
        panel.leave();
        QVERIFY(Test::waitUntil([&panel] { return !panel.input()->isEnabled(); }));
        panel.join();
        QVERIFY(Test::waitUntil([&panel] { return panel.input()->isEnabled(); }));
        QCOMPARE(questions.size(), 2);

        ChatClient otherClient;
        ChatPanel other(&otherClient);
        other.setRoomUrl(room);
        other.join();
        QVERIFY(Test::waitUntil(
            [&] { return other.view()->toPlainText().contains(u"Not joined: %1 asks for a password."_s.arg(where)); }));
        QCOMPARE(questions.size(), 3);
        QVERIFY(!other.input()->isEnabled());

        // The room's link with the password, as its QR code carries it, joins without a question.
        ChatClient linkedClient;
        ChatPanel linked(&linkedClient);
        linked.roomField()->setText(u"http://127.0.0.1:%1/#password=open%20sesame%2B1"_s.arg(server->port()));
        linked.join();
        QVERIFY(Test::waitUntil([&linked] { return linked.input()->isEnabled(); }));
        QCOMPARE(linked.roomField()->text(),
            u"ws://127.0.0.1:%1/chat?password=open%20sesame%2B1"_s.arg(server->port())); // where it went
        linked.leave();
        QVERIFY(Test::waitUntil([&linked] { return !linked.input()->isEnabled(); }));
        linked.join(); // from what the field says now
        QVERIFY(Test::waitUntil([&linked] { return linked.input()->isEnabled(); }));
        QCOMPARE(questions.size(), 3);
    }

    // Times, notices and errors in their accents and every nickname in its hue, each as dark or light as the
    // palette needs: a yellow name on white or a dark red error on Breeze Dark would not read. The lines shown
    // follow when the desktop turns dark or light.
    void everyLineReadsOnLightAndDarkPalettes_data()
    {
        QTest::addColumn<QColor>("shownOn");
        QTest::addColumn<QColor>("base");
        const QColor light(Qt::white);
        const QColor dark(0x1b, 0x1e, 0x20);
        QTest::newRow("light") << light << light;
        QTest::newRow("dark") << dark << dark;
        QTest::newRow("light, then dark") << light << dark;
        QTest::newRow("dark, then light") << dark << light;
    }
    void everyLineReadsOnLightAndDarkPalettes()
    {
        QFETCH(QColor, shownOn);
        QFETCH(QColor, base);
        ChatClient client;
        ChatPanel panel(&client);
        const auto setBase = [&panel](const QColor &colour) {
            QPalette palette = panel.palette();
            palette.setColor(QPalette::Base, colour);
            panel.setPalette(palette);
        };
        setBase(shownOn);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 60; ++i) // names enough for hues all round the circle
            Q_EMIT client.eventReceived({ChatEvent::Kind::Message, now, u"member-%1"_s.arg(i), u"hi"_s, {}});
        Q_EMIT client.eventReceived({ChatEvent::Kind::Joined, now, u"ann"_s, {}, {}});
        Q_EMIT client.eventReceived({ChatEvent::Kind::Error, now, {}, u"That nickname is taken."_s, {}});
        Q_EMIT client.eventReceived({ChatEvent::Kind::Disconnected, now, {}, u"the room stopped"_s, {}});
        setBase(base);

        QSet<QRgb> inks;
        for (QTextBlock block = panel.view()->document()->begin(); block.isValid(); block = block.next()) {
            for (auto fragment = block.begin(); !fragment.atEnd(); ++fragment) {
                const QBrush ink = fragment.fragment().charFormat().foreground();
                if (ink.style() == Qt::NoBrush)
                    continue; // the palette's own text colour
                inks.insert(ink.color().rgb());
                const double contrast = Contrast::ratio(ink.color(), base);
                QVERIFY2(contrast >= Contrast::readableRatio,
                    qPrintable(u"“%1” in %2: %3"_s.arg(fragment.fragment().text(), ink.color().name()).arg(contrast)));
            }
        }
        QVERIFY(inks.size() > 20); // the names still differ by hue
    }

    // A private line names whom it was for; activating a member writes to them until Esc, following a rename; a
    // message to someone who is gone is not sent and stays in the input.
    void writingPrivately()
    {
        ChatClient client;
        ChatPanel panel(&client);
        panel.show();
        QApplication::setActiveWindow(&panel); // for the input's Esc
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        Q_EMIT client.stateChanged(ChatClient::State::In);
        Q_EMIT client.nickChanged(u"ann"_s);
        Q_EMIT client.usersChanged({u"ann"_s, u"bob"_s});
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Q_EMIT client.eventReceived({ChatEvent::Kind::Message, now, u"bob"_s, u"psst"_s, u"ann"_s});
        QVERIFY2(panel.view()->toPlainText().endsWith(u"bob → ann (private)  psst"_s),
            qPrintable(panel.view()->toPlainText()));
        QCOMPARE(panel.unread(), 0); // seen: the panel is in sight

        QCOMPARE(panel.privateRecipient(), QString());
        Q_EMIT panel.userList()->activated(panel.users()->index(0)); // oneself
        QCOMPARE(panel.privateRecipient(), QString());
        Q_EMIT panel.userList()->activated(panel.users()->index(1));
        QCOMPARE(panel.privateRecipient(), u"bob");
        QVERIFY(panel.input()->placeholderText().contains(u"bob"_s));
        Q_EMIT client.eventReceived({ChatEvent::Kind::Renamed, now, u"bob"_s, u"rob"_s, {}});
        QCOMPARE(panel.privateRecipient(), u"rob");
        QTest::keyClick(panel.input(), Qt::Key_Escape);
        QCOMPARE(panel.privateRecipient(), QString());

        panel.writePrivatelyTo(u"rob"_s);
        Q_EMIT client.usersChanged({u"ann"_s}); // rob left
        panel.input()->setText(u"are you there?"_s);
        Q_EMIT panel.input()->returnPressed();
        QCOMPARE(panel.input()->text(), u"are you there?"); // kept: client.send() would have cleared it
        QVERIFY(panel.view()->toPlainText().endsWith(
            u"rob is not in the room now: nothing was sent, and your message stays in the input."_s));
    }

    // Messages from others count while the panel is out of sight, until it is seen; what was said before this member
    // came (a hello's history) is no news.
    void unseenMessagesAreCounted()
    {
        ChatClient client;
        ChatPanel panel(&client);
        QSignalSpy counted(&panel, &ChatPanel::unreadChanged);
        Q_EMIT client.nickChanged(u"ann"_s);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Q_EMIT client.eventReceived({ChatEvent::Kind::Earlier, now, u"bob"_s, u"from yesterday"_s, {}});
        Q_EMIT client.eventReceived({ChatEvent::Kind::Message, now, u"ann"_s, u"my own"_s, {}});
        QCOMPARE(panel.unread(), 0);
        Q_EMIT client.eventReceived({ChatEvent::Kind::Message, now, u"bob"_s, u"news"_s, {}});
        Q_EMIT client.eventReceived({ChatEvent::Kind::Message, now, u"cy"_s, u"psst"_s, u"ann"_s});
        QCOMPARE(panel.unread(), 2);
        QCOMPARE(counted.constLast().first().toInt(), 2);
        panel.show();
        QApplication::setActiveWindow(&panel);
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        QCOMPARE(panel.unread(), 0);
        QVERIFY(panel.view()->toPlainText().contains(u"bob  from yesterday"_s)); // shown all the same
    }

    // Share File… sends to the room what was chosen; a file shared is a link named as its owner named it, which
    // saves it whole where asked, and says where; a place it cannot be saved is said too.
    void sharesAndSavesFiles()
    {
        PanelInARoom in;
        QVERIFY(in.ready);
        ChatPanel &panel = in.panel;

        QTemporaryDir directory;
        const QByteArray bytes = QByteArray("the plan\n").repeated(50'000);
        const QString chosen = Test::writtenFile(directory, u"<b>plan.txt"_s, bytes);
        QVERIFY(!chosen.isEmpty());
        panel.shareFiles({chosen});
        QVERIFY(Test::waitUntil([&panel] { return panel.view()->toPlainText().contains(u"<b>plan.txt"_s); }));
        QVERIFY(Test::waitUntil([&panel] { return panel.sending()->isHidden(); })); // all of it went

        QString href;
        for (QTextBlock block = panel.view()->document()->begin(); block.isValid(); block = block.next()) {
            for (auto fragment = block.begin(); !fragment.atEnd(); ++fragment) {
                if (fragment.fragment().charFormat().isAnchor()) {
                    QCOMPARE(fragment.fragment().text(), u"<b>plan.txt"); // as text, never markup
                    href = fragment.fragment().charFormat().anchorHref();
                }
            }
        }
        QVERIFY2(href.startsWith(u"http://127.0.0.1:%1/files/"_s.arg(in.server->port())), qPrintable(href));

        const QString savedPath = directory.filePath(u"saved.txt"_s);
        panel.saveSharedFile(QUrl(href), savedPath);
        QVERIFY(Test::waitUntil([&panel] { return panel.view()->toPlainText().contains(u"Saved <b>plan.txt as"_s); }));
        QFile saved(savedPath);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(saved.readAll() == bytes);
        QVERIFY(panel.saving().isEmpty());

        panel.saveSharedFile(QUrl(href), directory.filePath(u"no/such/folder/saved.txt"_s));
        QVERIFY(panel.view()->toPlainText().contains(u"<b>plan.txt was not saved: "_s));
    }

    // Local files dragged onto the panel, its input included, are shared as chosen ones are, once in the room;
    // anything else dragged is left to the widget under it.
    void sharesDroppedFiles()
    {
        Test::ScriptedChat scripted;
        QVERIFY(scripted.room);
        ChatPanel panel(&scripted.client);
        QTemporaryDir directory;
        const QString dropped = Test::writtenFile(directory, u"dropped.txt"_s, "bytes");
        QVERIFY(!dropped.isEmpty());
        QMimeData files;
        files.setUrls({QUrl::fromLocalFile(dropped)});
        QMimeData link;
        link.setUrls({QUrl(u"https://example.org/a.txt"_s)});
        const auto accepts = [](QWidget *target, const QMimeData &data) {
            QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
            enter.setAccepted(false);
            QApplication::sendEvent(target, &enter);
            return enter.isAccepted();
        };
        QVERIFY(!accepts(&panel, files)); // not in the room yet

        scripted.greet();
        QVERIFY(Test::waitUntil([&panel] { return panel.shareFileButton()->isEnabled(); }));
        QVERIFY(accepts(&panel, files));
        QVERIFY(accepts(panel.input(), files));
        QVERIFY(!accepts(&panel, link));
        QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &files, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(panel.input(), &drop);
        QVERIFY(Test::waitUntil([&scripted] { return scripted.heardOf(u"name"_s) == QStringList {u"dropped.txt"_s}; }));
        QVERIFY(panel.input()->text().isEmpty()); // not its path as text
    }

    // A shared picture has a "show" that fetches it and puts it under its line, within 400 × 400 pixels; a file that
    // only claims to be a picture says it cannot be shown.
    void showsPicturesWhenAsked()
    {
        PanelInARoom in;
        QVERIFY(in.ready);
        ChatPanel &panel = in.panel;
        QTemporaryDir directory;
        QImage wide(900, 300, QImage::Format_RGB32);
        wide.fill(Qt::darkGreen);
        QVERIFY(wide.save(directory.filePath(u"wide.png"_s)));
        const QString fake = Test::writtenFile(directory, u"fake.png"_s, "not a picture");
        QVERIFY(!fake.isEmpty());
        panel.shareFiles({directory.filePath(u"wide.png"_s), fake});

        const auto showLinks = [&panel] {
            QStringList hrefs;
            for (QTextBlock block = panel.view()->document()->begin(); block.isValid(); block = block.next()) {
                for (auto it = block.begin(); !it.atEnd(); ++it) {
                    if (it.fragment().charFormat().anchorHref().endsWith(u"#show"_s))
                        hrefs.append(it.fragment().charFormat().anchorHref());
                }
            }
            return hrefs;
        };
        QVERIFY(Test::waitUntil([&] { return showLinks().size() == 2; }));
        const QStringList hrefs = showLinks();
        Q_EMIT panel.view()->anchorClicked(QUrl(hrefs.first()));
        QVERIFY(Test::waitUntil([&] { return showLinks().size() == 1; }));
        QTextImageFormat shown;
        QTextBlock shownIn;
        for (QTextBlock block = panel.view()->document()->begin(); block.isValid(); block = block.next()) {
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                if (it.fragment().charFormat().isImageFormat()) {
                    shown = it.fragment().charFormat().toImageFormat();
                    shownIn = block;
                }
            }
        }
        QCOMPARE(shownIn.text(), QString(QChar::ObjectReplacementCharacter)); // on a line of its own
        QVERIFY2(shownIn.previous().text().contains(u"wide.png"_s), qPrintable(shownIn.previous().text())); // under it
        const QImage resource
            = panel.view()->document()->resource(QTextDocument::ImageResource, shown.name()).value<QImage>();
        QCOMPARE(resource.size(), QSize(400, 133));

        Q_EMIT panel.view()->anchorClicked(QUrl(hrefs.last()));
        QVERIFY(Test::waitUntil([&panel] {
            return panel.view()->toPlainText().contains(u"fake.png could not be shown: it is not a picture"_s);
        }));
        QCOMPARE(showLinks(), QStringList {hrefs.last()}); // still there
    }

    // Ctrl+V in the input shares a picture on the clipboard (a screenshot, as a PNG) or files copied in a file
    // manager; text pastes as text.
    void sharesPastedPicturesAndFiles()
    {
        Test::ScriptedChat scripted;
        QVERIFY(scripted.room);
        ChatPanel panel(&scripted.client);
        const QList<QJsonObject> &offers = scripted.heard;
        const QByteArray &uploaded = scripted.bytesHeard;
        scripted.greet();
        QVERIFY(Test::waitUntil([&panel] { return panel.shareFileButton()->isEnabled(); }));
        QClipboard *clipboard = QGuiApplication::clipboard();

        QImage picture(8, 6, QImage::Format_RGB32);
        picture.fill(Qt::darkGreen);
        clipboard->setImage(picture);
        QTest::keyClick(panel.input(), Qt::Key_V, Qt::ControlModifier);
        QVERIFY(Test::waitUntil([&offers] { return offers.size() == 1; }));
        const QJsonObject offer = offers.first();
        QCOMPARE(offer.value(u"name"_s).toString(), u"pasted picture 1.png");
        QCOMPARE(offer.value(u"mime"_s).toString(), u"image/png");
        scripted.say({{u"type"_s, u"upload"_s}, {u"file"_s, offer}});
        QVERIFY(Test::waitUntil([&] { return uploaded.size() == offer.value(u"size"_s).toInteger(); }));
        QCOMPARE(QImage::fromData(uploaded, "PNG").size(), QSize(8, 6));
        scripted.say({{u"type"_s, u"message"_s}, {u"id"_s, 1}, {u"from"_s, u"ann"_s}, {u"text"_s, QString()},
            {u"file"_s,
                QJsonObject {{u"name"_s, offer.value(u"name"_s)}, {u"size"_s, offer.value(u"size"_s)},
                    {u"mime"_s, u"image/png"_s}, {u"url"_s, u"/files/abc"_s}}}});
        QVERIFY(Test::waitUntil([&panel] { return panel.sending()->isHidden(); }));

        clipboard->setText(u"just words"_s);
        QTest::keyClick(panel.input(), Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(panel.input()->text(), u"just words");

        QTemporaryDir directory;
        const QString copied = Test::writtenFile(directory, u"copied.txt"_s, "bytes");
        QVERIFY(!copied.isEmpty());
        auto *files = new QMimeData; // the clipboard's to delete
        files->setUrls({QUrl::fromLocalFile(copied)});
        clipboard->setMimeData(files);
        QTest::keyClick(panel.input(), Qt::Key_V, Qt::ControlModifier);
        QVERIFY(Test::waitUntil([&offers] { return offers.size() == 2; }));
        QCOMPARE(offers.last().value(u"name"_s).toString(), u"copied.txt");
        QCOMPARE(panel.input()->text(), u"just words");
    }

    // Each file on its way, either way, has a line with Cancel, and closing would cut them short, which the panel
    // says. A file given up before the room answered its offer has its upload cancelled once the room allows it,
    // and the next goes; a file given up while it is saved leaves nothing where it would have gone.
    void cancelsFilesOnTheirWay()
    {
        Test::ScriptedChat scripted;
        QVERIFY(scripted.room);
        ChatPanel panel(&scripted.client);
        scripted.greet();
        QVERIFY(Test::waitUntil([&panel] { return panel.shareFileButton()->isEnabled(); }));
        QCOMPARE(panel.transfersCutShort(), QString());

        QTemporaryDir directory;
        const QStringList paths {
            Test::writtenFile(directory, u"a.txt"_s, "bytes"), Test::writtenFile(directory, u"b.txt"_s, "bytes")};
        QVERIFY(!paths.contains(QString()));
        panel.shareFiles(paths);
        QVERIFY(Test::waitUntil([&scripted] { return scripted.heardOf(u"type"_s) == QStringList {u"file"_s}; }));
        QVERIFY(Test::waitUntil([&panel] { return !panel.sending()->isHidden(); }));
        QCOMPARE(panel.sending()->bar()->format(), u"Sending a.txt: %p% (1 more waiting)");
        QCOMPARE(panel.transfersCutShort(), u"2 files on their way to the room will not be shared.");

        scripted.say({{u"type"_s, u"message"_s}, {u"id"_s, 1}, {u"from"_s, u"bob"_s}, {u"text"_s, QString()},
            {u"file"_s,
                QJsonObject {{u"name"_s, u"notes.pdf"_s}, {u"size"_s, 10}, {u"mime"_s, u"application/pdf"_s},
                    {u"url"_s, u"/files/abc"_s}}}});
        QVERIFY(Test::waitUntil([&panel] { return panel.view()->toPlainText().contains(u"notes.pdf"_s); }));
        scripted.server.pauseAccepting(); // the room's address takes the download and never answers it
        const QString savedPath = directory.filePath(u"notes.pdf"_s);
        panel.saveSharedFile(QUrl(u"http://127.0.0.1:%1/files/abc"_s.arg(scripted.server.serverPort())), savedPath);
        QCOMPARE(panel.saving().size(), 1);
        QCOMPARE(panel.transfersCutShort(),
            u"2 files on their way to the room will not be shared. 1 file being saved will not be saved.");

        panel.saving().first()->cancelButton()->click();
        QVERIFY(Test::waitUntil([&panel] { return panel.saving().isEmpty(); }));
        QVERIFY(panel.view()->toPlainText().contains(u"notes.pdf was not saved: you cancelled it."_s));
        QVERIFY(!QFile::exists(savedPath));

        panel.sending()->cancelButton()->click();
        QVERIFY(Test::waitUntil([&panel] { return panel.sending()->isHidden(); }));
        QVERIFY(panel.view()->toPlainText().contains(u"a.txt was not shared: you cancelled it."_s));
        QCOMPARE(panel.transfersCutShort(), u"1 file on its way to the room will not be shared.");
        scripted.say({{u"type"_s, u"upload"_s},
            {u"file"_s, QJsonObject {{u"name"_s, u"a.txt"_s}, {u"size"_s, 5}, {u"mime"_s, u"text/plain"_s}}}});
        QVERIFY(Test::waitUntil([&scripted] { return scripted.heard.size() == 3; }));
        QCOMPARE(scripted.heardOf(u"type"_s), (QStringList {u"file"_s, u"cancel-upload"_s, u"file"_s}));
        QVERIFY(Test::waitUntil([&panel] { return panel.sending()->bar()->format() == u"Sending b.txt: %p%"; }));
        QVERIFY(!panel.sending()->isHidden());
    }
};

QTEST_MAIN(tst_ChatPanel)
#include "tst_chatpanel.moc"
