// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QSet>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

#include "client/certificatetrust.h"
#include "server/hostedroom.h"
#include "support/catalogue.h"
#include "support/eventwait.h"
#include "traffic/networkthread.h"
#include "traffic/trafficlog.h"
#include "ui/hostpanel.h"
#include "ui/mainwindow.h"
#include "ui/translations.h"

using namespace Duplex;
using namespace Duplex::Test;
using namespace Qt::StringLiterals;

namespace {

// Every text the widgets under root show a person: labels, buttons, titles, tabs, items, headers, placeholders,
// spin box affixes, tool tips, actions and menus.
QStringList shownTexts(QWidget &root)
{
    QStringList texts;
    QList<QWidget *> widgets = root.findChildren<QWidget *>();
    widgets.prepend(&root);
    for (QWidget *widget : std::as_const(widgets)) {
        texts << widget->toolTip() << widget->windowTitle();
        if (auto *label = qobject_cast<QLabel *>(widget))
            texts << label->text();
        if (auto *button = qobject_cast<QAbstractButton *>(widget))
            texts << button->text();
        if (auto *group = qobject_cast<QGroupBox *>(widget))
            texts << group->title();
        if (auto *field = qobject_cast<QLineEdit *>(widget))
            texts << field->placeholderText();
        if (auto *spin = qobject_cast<QSpinBox *>(widget))
            texts << spin->prefix() << spin->suffix() << spin->specialValueText();
        if (auto *tabs = qobject_cast<QTabWidget *>(widget)) {
            for (int i = 0; i < tabs->count(); ++i)
                texts << tabs->tabText(i) << tabs->tabToolTip(i);
        }
        if (auto *choice = qobject_cast<QComboBox *>(widget)) {
            for (int i = 0; i < choice->count(); ++i)
                texts << choice->itemText(i) << choice->itemData(i, Qt::ToolTipRole).toString();
        }
        if (auto *view = qobject_cast<QAbstractItemView *>(widget); view && view->model()) {
            for (int column = 0; column < view->model()->columnCount(); ++column)
                texts << view->model()->headerData(column, Qt::Horizontal).toString();
        }
    }
    for (const QAction *action : root.findChildren<QAction *>())
        texts << action->text() << action->toolTip();
    texts.removeAll(QString());
    return texts;
}

} // namespace

// The window in a language Duplex is translated into: no text it shows is left in English where the catalogue
// translates it (which also finds a translation filed under a context the code does not look in), and Qt's own
// dialogs speak the same language.
class tst_TranslatedWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings of the test, not of the person running it
        QCoreApplication::setOrganizationName(u"DuplexTest"_s);
    }

    // Before any other: a language without a catalogue installs nothing, Qt's own translations included.
    void anUntranslatedLanguageStaysEnglish()
    {
        QVERIFY(!installTranslations(QLocale(QLocale::German, QLocale::Germany)));
        QCOMPARE(MainWindow::tr("&File"), u"&File"_s);
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"Cancel"_s);
    }

    void theWindowShowsNoEnglishItTranslates()
    {
        QVERIFY(installTranslations(QLocale(QLocale::Chinese, QLocale::China)));
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"取消"_s); // Qt's own, from Debian

        TrafficLog log;
        NetworkThread network(log);
        HostedRoom room(network);
        HostedRoom labRoom(network);
        CertificateTrust trust;
        MainWindow window(log, network, room, labRoom, trust);
        window.show();
        window.hostPanel()->setShareOnLan(false); // loopback only
        window.hostPanel()->setPort(0);
        QVERIFY(window.hostPanel()->toggle());
        QVERIFY(waitUntil([&room] { return room.members().size() == 1; }));

        QStringList menus;
        for (const QAction *menu : window.menuBar()->actions())
            menus << menu->text();
        QCOMPARE(menus, (QStringList {u"文件(&F)"_s, u"房间(&R)"_s, u"视图(&V)"_s, u"帮助(&H)"_s}));

        QSet<QString> english; // what the catalogue turns into something else
        for (const CatalogueMessage &message : readCatalogue(cataloguePath(u"zh_CN"_s))) {
            if (message.translation != message.source)
                english.insert(message.source);
        }
        QVERIFY(english.size() > 600);
        QStringList untranslated;
        const QStringList shown = shownTexts(window);
        for (const QString &text : shown) {
            if (english.contains(text) && !untranslated.contains(text))
                untranslated << text;
        }
        QVERIFY2(untranslated.isEmpty(), qPrintable(untranslated.join(u'\n')));
        QVERIFY(shown.size() > 300);
        room.stop();
        QVERIFY(waitUntil([&room] { return room.state() == RoomHost::State::Stopped; }));
    }
};

QTEST_MAIN(tst_TranslatedWindow)
#include "tst_translatedwindow.moc"
