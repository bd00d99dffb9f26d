// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/framefiltermodel.h"
#include "models/framelogmodel.h"
#include "traffic/trafficlog.h"

using namespace Duplex;

class tst_FrameFilterModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_frames = std::make_unique<FrameLogModel>();
        m_filter = std::make_unique<FrameFilterModel>();
        m_filter->setSourceModel(m_frames.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_filter.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        add(1, Direction::ClientToServer, Opcode::text, "hello world");
        add(1, Direction::ServerToClient, Opcode::text, "hello world");
        add(1, Direction::ServerToClient, Opcode::ping, "hb");
        add(2, Direction::ClientToServer, Opcode::pong, "hb");
        add(2, Direction::ClientToServer, Opcode::binary, QByteArray::fromHex("cafe"));
        m_frames->append({-1, 2, ProtocolViolation {Direction::ClientToServer, {1002, "unmasked frame"}}});
        m_frames->flush();
    }

    void filtersCombine()
    {
        QCOMPARE(m_filter->rowCount(), 6);
        m_filter->setConnection(2);
        QCOMPARE(m_filter->rowCount(), 3);
        m_filter->setHidePingPong(true);
        QCOMPARE(m_filter->rowCount(), 2); // binary and the violation
        m_filter->setConnection(0);
        m_filter->setDirection(Direction::ServerToClient);
        QCOMPARE(m_filter->rowCount(), 2); // a text frame, and the violation that always stays
        m_filter->setDirection(std::nullopt);
        m_filter->setOpcode(Opcode::text);
        QCOMPARE(m_filter->rowCount(), 3);
    }

    void aSearchShowsWhereItHit()
    {
        add(3, Direction::ServerToClient, Opcode::text, QByteArray(100, 'x') + "needle" + QByteArray(300, 'y'));
        m_frames->flush();
        const auto payload
            = [this](int row, int role) { return m_filter->index(row, FrameLogModel::PayloadColumn).data(role); };
        QVERIFY(!payload(0, FrameFilterModel::SearchHitRole).isValid()); // no search, nothing marked
        QVERIFY(m_filter->setSearch(u"NEEDLE"_qs, false));
        QCOMPARE(m_filter->rowCount(), 2); // after the violation, which always stays
        QVERIFY(!payload(0, FrameFilterModel::SearchHitRole).isValid());
        const QString shown = payload(1, Qt::DisplayRole).toString();
        QVERIFY2(shown.startsWith(u"…xxxxxxxxxxxxxxxxxxxxxxxxneedleyyy"_qs), qPrintable(shown)); // from just before it
        QCOMPARE(payload(1, FrameFilterModel::SearchHitRole).toPoint(), QPoint(25, 6));
        QVERIFY(m_filter->setSearch(u"hel+o"_qs, true));
        QCOMPARE(payload(0, Qt::DisplayRole).toString(), u"hello world"_qs);
        QCOMPARE(payload(0, FrameFilterModel::SearchHitRole).toPoint(), QPoint(0, 5));
    }

    void timesShowAsChosen()
    {
        FrameLogModel frames;
        FrameFilterModel filter;
        filter.setSourceModel(&frames); // no QAbstractItemModelTester: a time since the row above changes with it
        Frame frame;
        frame.opcode = frame.messageOpcode = Opcode::text;
        for (const qint64 timeUs : {1'500'000, 1'500'250, 4'000'000})
            frames.append({timeUs, timeUs == 1'500'250 ? 2u : 1u, frame});
        frames.flush();
        const auto time = [&filter](int row) { return filter.index(row, FrameLogModel::TimeColumn).data().toString(); };
        const auto header
            = [&filter] { return filter.headerData(FrameLogModel::TimeColumn, Qt::Horizontal).toString(); };
        QCOMPARE(time(1), u"1.500250");
        QCOMPARE(header(), u"Time (s)");

        filter.setWallClockZero(QDateTime(QDate(2026, 12, 2), QTime(9, 30, 0), Qt::LocalTime));
        filter.setTimeDisplay(FrameFilterModel::TimeDisplay::WallClock);
        QCOMPARE(time(0), u"09:30:01.500");
        QCOMPARE(time(2), u"09:30:04.000");
        QCOMPARE(header(), u"Time");

        filter.setTimeDisplay(FrameFilterModel::TimeDisplay::SincePrevious);
        QCOMPARE(time(0), QString()); // nothing above it
        QCOMPARE(time(1), u"+0.000250");
        QCOMPARE(time(2), u"+2.499750");
        filter.setConnection(1); // since the row shown above, not the one hidden between
        QCOMPARE(time(1), u"+2.500000");
        filter.sort(FrameLogModel::TimeColumn, Qt::DescendingOrder);
        QCOMPARE(time(1), u"−2.500000");
        QCOMPARE(filter.index(1, FrameLogModel::TimeColumn).data(FrameLogModel::SortRole).toLongLong(), 1'500'000);

        // The row below one that comes back says its time changed.
        filter.sort(-1);
        QSignalSpy changed(&filter, &QAbstractItemModel::dataChanged);
        filter.setConnection(0);
        QCOMPARE(time(2), u"+2.499750");
        QVERIFY(std::any_of(changed.cbegin(), changed.cend(),
            [](const QList<QVariant> &signal) { return signal.at(0).toModelIndex().row() == 2; }));
    }

    void searchesPayloadsAsTextOrExpression()
    {
        QString error;
        QVERIFY(m_filter->setSearch(QStringLiteral("HELLO"), false, &error));
        QCOMPARE(m_filter->rowCount(), 3); // two texts and the violation
        QVERIFY(m_filter->setSearch(QStringLiteral("^ca\\s*fe$"), true, &error));
        QCOMPARE(m_filter->rowCount(), 2); // hex of the binary frame: "ca fe"
        QVERIFY(!m_filter->setSearch(QStringLiteral("(unclosed"), true, &error));
        QVERIFY(error.contains(QStringLiteral("regular expression")));
        QCOMPARE(m_filter->rowCount(), 2); // unchanged
        QVERIFY(m_filter->setSearch({}, false, &error));
        QCOMPARE(m_filter->rowCount(), 6);
    }

private:
    void add(quint64 connection, Direction direction, quint8 opcode, const QByteArray &payload)
    {
        Frame frame;
        frame.direction = direction;
        frame.opcode = frame.messageOpcode = opcode;
        frame.payload = payload;
        frame.payloadLength = quint64(payload.size());
        m_frames->append({-1, connection, frame});
    }

    std::unique_ptr<FrameLogModel> m_frames;
    std::unique_ptr<FrameFilterModel> m_filter;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_GUILESS_MAIN(tst_FrameFilterModel)
#include "tst_framefiltermodel.moc"
