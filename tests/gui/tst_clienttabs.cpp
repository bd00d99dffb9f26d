// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Several client sessions side by side, each connected to Duplex's room on 127.0.0.1 on its own: named as the
// monitor names their connections, renamed, closed (asked first while connected, never the last).
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTabBar>
#include <QTest>

#include "client/certificatetrust.h"
#include "models/connectionlistmodel.h"
#include "support/eventwait.h"
#include "support/questionanswerer.h"
#include "support/testserver.h"
#include "traffic/networkthread.h"
#include "traffic/trafficlog.h"
#include "ui/clientpanel.h"
#include "ui/clienttabs.h"

using namespace Duplex;
using Test::waitUntil;

class tst_ClientTabs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_settings.clear();
        m_log = std::make_unique<TrafficLog>();
        m_network = std::make_unique<NetworkThread>(*m_log);
        m_tabs = std::make_unique<ClientTabs>(*m_network, m_settings, m_trust);
        m_answers.stop();
        m_answers.clear();
    }
    void cleanup()
    {
        m_tabs.reset();
        m_network.reset();
        m_log.reset();
    }

    void twoSessionsTalkSideBySide()
    {
        QCOMPARE(m_tabs->count(), 1);
        QVERIFY(!m_tabs->tabsClosable()); // the last one stays
        QVERIFY(!m_tabs->closeClient(0));
        ClientPanel *first = m_tabs->current();
        ClientPanel *second = m_tabs->addClient();
        QCOMPARE(m_tabs->count(), 2);
        QCOMPARE(m_tabs->current(), second);
        QVERIFY(m_tabs->tabsClosable());
        QVERIFY(first->sessionId() != second->sessionId());

        ConnectionListModel connections; // from before the connections open: it learns of them as they do
        connections.follow(*m_log);
        const auto room = Test::startServer();
        QVERIFY(room);
        for (ClientPanel *client : {first, second}) {
            QVERIFY(client->connectTo(Test::webSocketUrl(*room, u"/echo")));
            QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Open; }));
        }
        QVERIFY(first->sendText(u"from the first"_qs));
        QVERIFY(second->sendText(u"from the second"_qs));
        QVERIFY(waitUntil([&] {
            return first->log()->toPlainText().contains(u"← text: from the first"_qs)
                && second->log()->toPlainText().contains(u"← text: from the second"_qs);
        }));
        QVERIFY(!first->log()->toPlainText().contains(u"from the second"_qs));

        // Each tab is named as the monitor names its connection.
        for (int i = 0; i < 2; ++i) {
            const quint64 session = m_tabs->panel(i)->sessionId();
            QCOMPARE(m_tabs->tabText(i), u"Client %1"_qs.arg(session));
            QVERIFY(waitUntil([&] {
                for (int row = 0; row < connections.rowCount(); ++row) {
                    if (connections.at(row).session == session)
                        return connections.who(connections.at(row).id) == u"client %1"_qs.arg(session);
                }
                return false;
            }));
        }
        QCOMPARE(m_tabs->tabToolTip(0), u"open"_qs);
    }

    // An event stream or polls from a tab are named as its WebSocket connections are: the tab's name holds for all.
    void aTabsStreamBearsItsName()
    {
        ConnectionListModel connections;
        connections.follow(*m_log);
        const auto room = Test::startServer();
        QVERIFY(room);
        ClientPanel *client = m_tabs->current();
        QVERIFY(client->connectTo(QUrl(u"http://127.0.0.1:%1/chat/events"_qs.arg(room->port()))));
        QVERIFY(waitUntil([client] { return client->state() == ClientSession::State::Open; }));
        QVERIFY(waitUntil([&] {
            for (int row = 0; row < connections.rowCount(); ++row) {
                if (connections.at(row).session != 0)
                    return connections.at(row).session == client->sessionId();
            }
            return false;
        }));
        QCOMPARE(m_tabs->tabText(0), u"Client %1"_qs.arg(client->sessionId()));
    }

    void namedClosedAndAskedFirst()
    {
        ClientPanel *second = m_tabs->addClient();
        QVERIFY(m_tabs->rename(1, u"  bob "_qs));
        QCOMPARE(m_tabs->tabText(1), u"bob"_qs);
        QVERIFY(!m_tabs->rename(1, u"  "_qs));
        QCOMPARE(m_tabs->tabText(1), u"bob"_qs);

        const auto room = Test::startServer();
        QVERIFY(room);
        QVERIFY(second->connectTo(Test::webSocketUrl(*room, u"/echo")));
        QVERIFY(waitUntil([second] { return second->state() == ClientSession::State::Open; }));
        m_answers.answerWith(QMessageBox::tr("Cancel"));
        QVERIFY(!m_tabs->closeClient(1));
        QCOMPARE(m_answers.questions(), QStringList {u"bob is open; closing it ends its connection."_qs});
        QCOMPARE(m_tabs->count(), 2);
        m_answers.answerWith(u"Close It"_qs);
        QVERIFY(m_tabs->closeClient(1));
        QCOMPARE(m_tabs->count(), 1);
        QVERIFY(!m_tabs->tabsClosable());
        // Its connection ended with it.
        QVERIFY(waitUntil([this] {
            for (const TrafficRecord &record : m_log->records()) {
                if (std::holds_alternative<ConnectionClosed>(record.event))
                    return true;
            }
            return false;
        }));

        // A closed session goes without a question.
        m_tabs->addClient();
        m_answers.clear();
        QVERIFY(m_tabs->closeClient(1));
        QVERIFY(m_answers.questions().isEmpty());
    }

private:
    QSettings m_settings {QSettings::IniFormat, QSettings::UserScope, u"DuplexTest"_qs, u"tst_clienttabs"_qs};
    CertificateTrust m_trust;
    std::unique_ptr<TrafficLog> m_log;
    std::unique_ptr<NetworkThread> m_network;
    std::unique_ptr<ClientTabs> m_tabs;
    Test::QuestionAnswerer m_answers;
};

QTEST_MAIN(tst_ClientTabs)
#include "tst_clienttabs.moc"
