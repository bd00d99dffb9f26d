// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "wire/eventstreamparser.h"
#include "wire/serversentevents.h"

using namespace Duplex;

class tst_ServerSentEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The parser is checked against vectors from the standard's tests (WPT eventsource/format-*) first, so that the
    // writer agreeing with it means something.
    void parserFollowsTheStandard()
    {
        EventStreamParser parser;
        parser.feed("\xef\xbb\xbf"
                    "data: one\r\n\r"
                    "\ndata:two\rdata\r\n\n"); // BOM, CRLF, CR, LF, empty data
        parser.feed(": a comment\n"
                    "data : ignored\n\n"
                    "id: 7\n\n");                                                  // no data: no event, id kept
        parser.feed(QByteArrayView("retry: 03000\nretry: 1000x\nid: a\0b\n", 34)); // NUL id ignored
        parser.feed("event: nick\ndata: x\n\n"
                    "data: unfinished");
        const QList<EventStreamParser::Event> events = parser.takeEvents();
        QCOMPARE(events.size(), 3);
        QCOMPARE(events[0].data, u"one");
        QCOMPARE(events[1].data, u"two\n");
        QCOMPARE(events[2].type, u"nick");
        QCOMPARE(events[2].lastEventId, u"7");
        QCOMPARE(parser.comments(), 1);
        QCOMPARE(parser.retry(), 3000);
    }

    void eventsSurviveEveryKindOfLineBreak()
    {
        EventStreamParser parser;
        parser.feed(QByteArray(ServerSentEvents::retry(2500) + ServerSentEvents::comment("open")));
        parser.feed(ServerSentEvents::event("message", "a\r\nb\rc\nd", "41"));
        parser.feed(ServerSentEvents::event("join", "{\"nick\":\"ann\"}"));
        parser.feed(ServerSentEvents::event({}, "", "42"));
        parser.feed(ServerSentEvents::event("leave", "\n"));
        const QList<EventStreamParser::Event> events = parser.takeEvents();
        QCOMPARE(events.size(), 4);
        QCOMPARE(events[0].type, u"message");
        QCOMPARE(events[0].data, u"a\nb\nc\nd");
        QCOMPARE(events[0].lastEventId, u"41");
        QCOMPARE(events[1].type, u"join");
        QCOMPARE(events[1].data, u"{\"nick\":\"ann\"}");
        QCOMPARE(events[1].lastEventId, u"41"); // no id: the last one stands
        QCOMPARE(events[2].type, u"message");   // no type: the default
        QCOMPARE(events[2].data, u"");
        QCOMPARE(events[2].lastEventId, u"42");
        QCOMPARE(events[3].data, u"\n");
        QCOMPARE(parser.retry(), 2500);
        QCOMPARE(parser.comments(), 1);
    }

    void retryIsAsciiDigitsThatFit()
    {
        EventStreamParser parser;
        parser.feed("retry: 1500\nretry: \xd9\xa3\nretry: 99999999999999999999999\nretry:\n");
        QCOMPARE(parser.retry(), 1500); // an Arabic-Indic digit, an overflow and nothing are ignored
    }

    // Read from the network: memory stays bounded by the limit, whatever the stream sends.
    void tooMuchDataStopsTheStreamWithAReason_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::newRow("one long line") << QByteArray("data: " + QByteArray(5000, 'a'));
        QTest::newRow("many data lines") << QByteArray("data: " + QByteArray(100, 'a') + '\n').repeated(50);
        QTest::newRow("a long comment line") << QByteArray(": " + QByteArray(5000, 'a'));
    }
    void tooMuchDataStopsTheStreamWithAReason()
    {
        QFETCH(QByteArray, stream);
        EventStreamParser parser(4096);
        QVERIFY(parser.feed("data: fits\n\n"));
        bool read = true;
        for (qsizetype at = 0; at < stream.size() && read; at += 100)
            read = parser.feed(QByteArrayView(stream).sliced(at, std::min<qsizetype>(100, stream.size() - at)));
        QVERIFY(!read);
        QCOMPARE(parser.errorString(), u"an event over 4096 bytes: the stream is not read further");
        QVERIFY(!parser.feed("\n\ndata: late\n\n")); // nothing more is read
        QCOMPARE(parser.takeEvents().size(), 1);
    }

    void commentsAndSmallEventsNeverAddUp()
    {
        EventStreamParser parser(4096);
        for (int i = 0; i < 1000; ++i) {
            QVERIFY(parser.feed(": heartbeat\n"));
            QVERIFY(parser.feed(QByteArray("data: " + QByteArray(100, 'a') + "\n\n")));
        }
        QCOMPARE(parser.takeEvents().size(), 1000);
        QCOMPARE(parser.comments(), 1000);
    }

    void writesTheExactBytes()
    {
        QCOMPARE(ServerSentEvents::event("message", "x\ny", "5"), "event: message\nid: 5\ndata: x\ndata: y\n\n");
        QCOMPARE(ServerSentEvents::comment("keep-alive"), ": keep-alive\n");
    }
};

QTEST_GUILESS_MAIN(tst_ServerSentEvents)
#include "tst_serversentevents.moc"
