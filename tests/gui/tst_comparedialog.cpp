// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Compare with Marked's dialog: what it shows of two messages, however long or different they are.
#include <QCheckBox>
#include <QLabel>
#include <QTest>
#include <QTextBrowser>

#include "ui/comparedialog.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

namespace {

// Lines "line 0" … "line count-1", one of them changed when asked.
QByteArray numbered(int count, int changed = -1)
{
    QByteArrayList lines;
    for (int i = 0; i < count; ++i)
        lines << (i == changed ? "changed " : "line ") + QByteArray::number(i);
    return lines.join('\n');
}

QStringList shownLines(const CompareDialog &dialog)
{
    return dialog.view()->toPlainText().split(u'\n');
}

} // namespace

class tst_CompareDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Around a change, three shared lines each side; the runs beyond them are one line each, saying how many.
    void showsAFewSharedLinesAroundEachChange()
    {
        const CompareDialog dialog({numbered(100), true, u"first"_s}, {numbered(100, 50), true, u"second"_s});
        QCOMPARE(shownLines(dialog),
            (QStringList {u"  ⋯ 47 lines the same ⋯"_s, u"  line 47"_s, u"  line 48"_s, u"  line 49"_s, u"− line 50"_s,
                u"+ changed 50"_s, u"  line 51"_s, u"  line 52"_s, u"  line 53"_s, u"  ⋯ 46 lines the same ⋯"_s}));
        QVERIFY(!dialog.formatJson()->isEnabled()); // not JSON
        QCOMPARE(dialog.summary()->text(), u"1 lines only in the first, 1 only in the second."_s);
    }

    void saysTwoLikeMessagesAreTheSame()
    {
        const CompareDialog dialog({R"({"a":1,"b":2})", true, u"first"_s}, {R"({"b": 2, "a": 1})", true, u"second"_s});
        QCOMPARE(dialog.summary()->text(), u"The same, formatted as JSON."_s);
        QCOMPARE(shownLines(dialog), QStringList {u"  ⋯ 4 lines the same ⋯"_s});
    }

    // Two large messages with nothing in common: compared as far as 256 KiB each, and shown as far as 2000 lines,
    // each bound said.
    void boundsWhatItComparesAndShows()
    {
        QByteArray first;
        QByteArray second;
        for (int i = 0; first.size() <= CompareDialog::maxComparedBytes; ++i) {
            first += "a" + QByteArray::number(i) + '\n';
            second += "b" + QByteArray::number(i) + '\n';
        }
        const CompareDialog dialog({first, true, u"first"_s}, {second, true, u"second"_s});
        QVERIFY(!dialog.result().aligned);
        QVERIFY(dialog.summary()->text().contains(u"differ by more than 2000 lines"_s));
        const QStringList shown = shownLines(dialog);
        QCOMPARE(shown.size(), CompareDialog::maxShownLines + 1);
        QVERIFY2(shown.last().endsWith(u"more lines not shown"_s), qPrintable(shown.last()));
        bool saidCut = false;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            saidCut = saidCut || label->text().contains(u"first 256 KiB"_s);
        QVERIFY(saidCut);
    }
};

QTEST_MAIN(tst_CompareDialog)
#include "tst_comparedialog.moc"
