// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "support/catalogue.h"

using namespace Duplex::Test;
using namespace Qt::StringLiterals;

namespace {

// %1 … %99 (%L1 too), %n, and QProgressBar's %v and %m, each as often as it comes.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression placeholder(u"%(L?\\d{1,2}|n|v|m)"_s);
    QStringList found;
    for (const QRegularExpressionMatch &match : placeholder.globalMatch(text))
        found.append(match.captured());
    found.sort();
    return found;
}

QStringList markup(const QString &text)
{
    static const QRegularExpression tag(u"<[^>]+>"_s);
    QStringList found;
    for (const QRegularExpressionMatch &match : tag.globalMatch(text))
        found.append(match.captured());
    return found;
}

// A mnemonic: '&' before a letter or digit ("&&" is a literal '&').
bool hasMnemonic(const QString &text)
{
    static const QRegularExpression mnemonic(u"(?<!&)&[\\p{L}\\p{N}]"_s);
    return text.contains(mnemonic);
}

} // namespace

// The catalogues in translations/: every string the window's code marks for translation is translated, and each
// translation keeps what the code and Qt fill in or read (placeholders, mnemonics, markup).
class tst_Translations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyMessageIsTranslatedKeepingWhatIsFilledIn()
    {
        const QList<CatalogueMessage> messages = readCatalogue(cataloguePath(u"zh_CN"_s));
        QVERIFY(messages.size() > 700);
        QStringList problems;
        for (const CatalogueMessage &m : messages) {
            const QString where = m.context + u": "_s + m.source;
            if (!m.finished || m.translation.isEmpty())
                problems << u"not translated: "_s + where;
            else if (placeholders(m.translation) != placeholders(m.source))
                problems << u"placeholders differ: "_s + where + u" → "_s + m.translation;
            else if (hasMnemonic(m.translation) != hasMnemonic(m.source))
                problems << u"mnemonic lost or added: "_s + where + u" → "_s + m.translation;
            else if (markup(m.translation) != markup(m.source))
                problems << u"markup differs: "_s + where + u" → "_s + m.translation;
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    // What lupdate finds in ui/ and core/ today is what the catalogue holds: a string added or changed in the code
    // without its translation fails here (./dev translations brings the catalogue up to date, to be translated).
    void theCatalogueIsCurrentWithTheCode()
    {
        QTemporaryDir dir;
        const QString updated = dir.filePath(u"duplex_zh_CN.ts"_s);
        QVERIFY(QFile::copy(cataloguePath(u"zh_CN"_s), updated));
        const QString source = QStringLiteral(SOURCE_DIR);
        QProcess lupdate;
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        lupdate.start(QStringLiteral(LUPDATE),
            {u"-I"_s, source, u"-locations"_s, u"none"_s, u"-no-obsolete"_s, source + u"/ui"_s, source + u"/core"_s,
                u"-ts"_s, updated});
        QVERIFY(lupdate.waitForFinished(60'000));
        QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());
        const QList<CatalogueMessage> committed = readCatalogue(cataloguePath(u"zh_CN"_s));
        const QList<CatalogueMessage> current = readCatalogue(updated);
        QStringList differences;
        for (const CatalogueMessage &m : current) {
            if (!committed.contains(m))
                differences << u"new or changed in the code: "_s + m.context + u": "_s + m.source;
        }
        for (const CatalogueMessage &m : committed) {
            if (!current.contains(m))
                differences << u"no longer in the code: "_s + m.context + u": "_s + m.source;
        }
        QVERIFY2(differences.isEmpty(), qPrintable(differences.join(u'\n')));
    }

    void theChecksFindWhatTheyLookFor()
    {
        QCOMPARE(placeholders(u"%2 of %1, %L3 and %v of %m; 100%"_s),
            (QStringList {u"%1"_s, u"%2"_s, u"%L3"_s, u"%m"_s, u"%v"_s}));
        QVERIFY(hasMnemonic(u"S&end"_s));
        QVERIFY(hasMnemonic(u"发送(&E)"_s));
        QVERIFY(!hasMnemonic(u"Tom && Jerry"_s));
        QVERIFY(!hasMnemonic(u"a & b"_s));
        QCOMPARE(markup(u"<b>%1</b> · <a href=\"x\">y</a>"_s),
            (QStringList {u"<b>"_s, u"</b>"_s, u"<a href=\"x\">"_s, u"</a>"_s}));
    }
};

QTEST_GUILESS_MAIN(tst_Translations)
#include "tst_translations.moc"
