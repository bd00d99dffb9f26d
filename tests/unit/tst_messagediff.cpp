// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QRandomGenerator>
#include <QTest>

#include "models/messagediff.h"

using namespace Duplex;
using Kind = MessageDiff::Line::Kind;

namespace {

// The lines a comparison says each side had, in order.
QStringList side(const MessageDiff::Result &result, Kind left)
{
    QStringList lines;
    for (const MessageDiff::Line &line : result.lines) {
        if (line.kind == Kind::Same || line.kind == left)
            lines << line.text;
    }
    return lines;
}

// The length of the longest common subsequence, the slow way: what the fewest edits leave shared.
qsizetype commonLength(const QStringList &a, const QStringList &b)
{
    std::vector<std::vector<qsizetype>> table(size_t(a.size() + 1), std::vector<qsizetype>(size_t(b.size() + 1)));
    for (qsizetype i = 1; i <= a.size(); ++i) {
        for (qsizetype j = 1; j <= b.size(); ++j)
            table[size_t(i)][size_t(j)] = a[i - 1] == b[j - 1]
                ? table[size_t(i - 1)][size_t(j - 1)] + 1
                : std::max(table[size_t(i - 1)][size_t(j)], table[size_t(i)][size_t(j - 1)]);
    }
    return table.back().back();
}

} // namespace

class tst_MessageDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void comparesLineByLine_data()
    {
        QTest::addColumn<QStringList>("before");
        QTest::addColumn<QStringList>("after");
        QTest::addColumn<QString>("marks"); // each line's kind: ' ' same, '-' removed, '+' added
        QTest::newRow("the same") << QStringList {u"a"_qs, u"b"_qs} << QStringList {u"a"_qs, u"b"_qs} << u"  "_qs;
        QTest::newRow("one changed") << QStringList {u"a"_qs, u"b"_qs, u"c"_qs}
                                     << QStringList {u"a"_qs, u"B"_qs, u"c"_qs} << u" -+ "_qs;
        QTest::newRow("one added at the end") << QStringList {u"a"_qs} << QStringList {u"a"_qs, u"b"_qs} << u" +"_qs;
        QTest::newRow("one removed at the start")
            << QStringList {u"a"_qs, u"b"_qs} << QStringList {u"b"_qs} << u"- "_qs;
        QTest::newRow("from nothing") << QStringList {} << QStringList {u"a"_qs, u"b"_qs} << u"++"_qs;
        QTest::newRow("to nothing") << QStringList {u"a"_qs} << QStringList {} << u"-"_qs;
        QTest::newRow("nothing shared") << QStringList {u"a"_qs, u"b"_qs} << QStringList {u"c"_qs, u"d"_qs}
                                        << u"--++"_qs;
        QTest::newRow("a moved line") << QStringList {u"a"_qs, u"b"_qs, u"c"_qs, u"d"_qs}
                                      << QStringList {u"b"_qs, u"c"_qs, u"a"_qs, u"d"_qs} << u"-  + "_qs;
    }
    void comparesLineByLine()
    {
        QFETCH(QStringList, before);
        QFETCH(QStringList, after);
        QFETCH(QString, marks);
        const MessageDiff::Result result = MessageDiff::compare(before, after);
        QString shown;
        for (const MessageDiff::Line &line : result.lines)
            shown += line.kind == Kind::Same ? u' ' : line.kind == Kind::Removed ? u'-' : u'+';
        QCOMPARE(shown, marks);
        QCOMPARE(result.removed, marks.count(u'-'));
        QCOMPARE(result.added, marks.count(u'+'));
        QVERIFY(result.aligned);
        QCOMPARE(side(result, Kind::Removed), before);
        QCOMPARE(side(result, Kind::Added), after);
    }

    // On random lines from a small alphabet, which share much in many ways: each side reads back whole, and the
    // lines kept shared are as many as can be (the edits are the fewest).
    void findsTheFewestEdits()
    {
        QRandomGenerator random(6455);
        const auto lines = [&random] {
            QStringList result;
            for (int i = int(random.bounded(30)); i > 0; --i)
                result << QString(QChar(u'a' + random.bounded(4)));
            return result;
        };
        for (int round = 0; round < 500; ++round) {
            const QStringList before = lines();
            const QStringList after = lines();
            const MessageDiff::Result result = MessageDiff::compare(before, after);
            QCOMPARE(side(result, Kind::Removed), before);
            QCOMPARE(side(result, Kind::Added), after);
            const qsizetype shared = result.lines.size() - result.removed - result.added;
            QCOMPARE(shared, commonLength(before, after));
        }
    }

    // Beyond the edits it looks for, the middle is shown as removed, then added, and said to be; the common start
    // and end still align.
    void givesUpPastItsBound()
    {
        const QStringList before {u"head"_qs, u"a"_qs, u"b"_qs, u"c"_qs, u"tail"_qs};
        const QStringList after {u"head"_qs, u"x"_qs, u"y"_qs, u"z"_qs, u"tail"_qs};
        const MessageDiff::Result result = MessageDiff::compare(before, after, 4);
        QVERIFY(!result.aligned);
        QCOMPARE(result.removed, 3);
        QCOMPARE(result.added, 3);
        QCOMPARE(result.lines.first(), (MessageDiff::Line {Kind::Same, u"head"_qs}));
        QCOMPARE(result.lines.last(), (MessageDiff::Line {Kind::Same, u"tail"_qs}));
        QVERIFY(MessageDiff::compare(before, after, 6).aligned);
    }

    // JSON is compared formatted, its keys in order, so that key order and spacing do not count; not as JSON, or
    // not JSON, line by line as it is; binary as hex, 16 bytes a line.
    void readsMessagesAsLines()
    {
        const QByteArray one = R"({"b": 2, "a": [1, "x"]})";
        const QByteArray other = R"({"a":[1,"x"],"b":2})";
        QCOMPARE(MessageDiff::linesOf(one, true, true), MessageDiff::linesOf(other, true, true));
        QCOMPARE(MessageDiff::linesOf(one, true, true).first(), u"{"_qs);
        QCOMPARE(MessageDiff::linesOf(one, true, false), QStringList {QString::fromUtf8(one)});
        QCOMPARE(
            MessageDiff::linesOf("not {json\nsecond ✓", true, true), (QStringList {u"not {json"_qs, u"second ✓"_qs}));
        QCOMPARE(MessageDiff::linesOf(QByteArray(17, '\x01'), false, true),
            (QStringList {u"01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01"_qs, u"01"_qs}));
        QCOMPARE(MessageDiff::linesOf({}, false, false), QStringList {});
    }
};

QTEST_GUILESS_MAIN(tst_MessageDiff)
#include "tst_messagediff.moc"
