// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAbstractItemModelTester>
#include <QTest>

#include "models/connectionlistmodel.h"

using namespace Duplex;

namespace {

TrafficRecord opened(quint64 connection, const QString &peer, quint64 session = 0)
{
    return {100, connection, ConnectionOpened {peer, "/chat"}, session};
}

TrafficRecord handshake(quint64 connection, QByteArray response)
{
    return {200, connection, HandshakeExchanged {"GET /chat HTTP/1.1\r\n\r\n", std::move(response)}};
}

QString cell(const ConnectionListModel &model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

} // namespace

class tst_ConnectionListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aConnectionIsOneRowThroughItsLife()
    {
        ConnectionListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.observe(opened(3, u"127.0.0.1:41260"_qs));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(cell(model, 0, ConnectionListModel::ResultColumn), u"waiting for the handshake"_qs);
        model.observe(handshake(3, "HTTP/1.1 101 Switching Protocols\r\n\r\n"));
        model.observe({300, 3, Frame {}}); // frames are not the list's business
        model.observe({400, 3, ConnectionClosed {Closer::Client, 1000, "bye", true}});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(cell(model, 0, ConnectionListModel::IdColumn), u"#3"_qs);
        QCOMPARE(cell(model, 0, ConnectionListModel::PeerColumn), u"127.0.0.1:41260"_qs);
        QCOMPARE(cell(model, 0, ConnectionListModel::PathColumn), u"/chat"_qs);
        const QString result = cell(model, 0, ConnectionListModel::ResultColumn);
        QVERIFY2(result.startsWith(u"101 Switching Protocols · closed: 1000"), qPrintable(result));
        QCOMPARE(model.data(model.index(0, 0), ConnectionListModel::StatusRole).toInt(), 101);
        QCOMPARE(model.data(model.index(0, 0), ConnectionListModel::ConnectionRole).toULongLong(), 3u);
        QCOMPARE(model.connectionFrom(u"127.0.0.1:41260"_qs), 3u);
    }

    void refusedRequestsAndClientSessionsGetRowsOfTheirOwn()
    {
        ConnectionListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.observe({10, 0, HttpExchange {"GET /nowhere HTTP/1.1\r\n\r\n", 404, "no such path", {}, 0}});
        model.observe({20, 0, HttpExchange {"GET /chat HTTP/1.1\r\n\r\n", 403, "origin", {}, 0}});
        model.observe(opened(5, u"127.0.0.1:8080"_qs, 2));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 0, ConnectionListModel::IdColumn), u"HTTP"_qs);
        QCOMPARE(cell(model, 0, ConnectionListModel::PathColumn), u"/nowhere"_qs);
        QCOMPARE(cell(model, 1, ConnectionListModel::ResultColumn), u"403 origin"_qs);
        QCOMPARE(cell(model, 2, ConnectionListModel::IdColumn), u"#5 (client 2)"_qs);
        QCOMPARE(model.data(model.index(2, 0), ConnectionListModel::SessionRole).toULongLong(), 2u);
        QCOMPARE(model.connectionFrom(u"127.0.0.1:8080"_qs), 0u); // a session's connection is not a member's
    }

    void dropsTheOldestRowsBeyondItsCapacity()
    {
        ConnectionListModel model(3);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (quint64 id = 1; id <= 5; ++id)
            model.observe(opened(id, u"127.0.0.1:%1"_qs.arg(id)));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOf(1), std::nullopt);
        QCOMPARE(model.rowOf(3), 0);
        QCOMPARE(model.rowOf(5), 2);
        // A record of a kept connection updates its row; one of a dropped connection starts a new row at the end.
        model.observe({900, 4, ConnectionClosed {}});
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.data(model.index(1, ConnectionListModel::ResultColumn)).toString().contains(u"closed"));
        model.observe({950, 1, ConnectionClosed {}});
        QCOMPARE(model.rowOf(1), 2);
        QCOMPARE(model.rowOf(3), std::nullopt);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.rowOf(5), std::nullopt);
        QCOMPARE(model.connectionFrom(u"127.0.0.1:5"_qs), 0u);
    }
};

QTEST_GUILESS_MAIN(tst_ConnectionListModel)
#include "tst_connectionlistmodel.moc"
