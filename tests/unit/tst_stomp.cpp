// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// STOMP 1.2 frames as the monitor reads them, from frames as stomp.js and Spring's broker write them.
#include "wire/stomp.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

class tst_Stomp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsWhatStompClientsAndBrokersWrite_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("described");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("connect") << "CONNECT\naccept-version:1.2,1.1,1.0\nheart-beat:10000,10000\nhost:example\n\n\0"_ba
                                 << u"STOMP CONNECT · host example"_s << QByteArray();
        QTest::newRow("connected") << "CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0\n"_ba
                                   << u"STOMP CONNECTED · version 1.2"_s << QByteArray();
        QTest::newRow("subscribe") << "SUBSCRIBE\nid:sub-0\ndestination:/topic/greetings\n\n\0"_ba
                                   << u"STOMP SUBSCRIBE · destination /topic/greetings · id sub-0"_s << QByteArray();
        QTest::newRow("send") << "SEND\ndestination:/app/hello\ncontent-length:14\n\n{\"name\":\"ann\"}\0"_ba
                              << u"STOMP SEND · destination /app/hello · 14-byte body"_s << R"({"name":"ann"})"_ba;
        QTest::newRow("message with CR LF and escapes")
            << "MESSAGE\r\ndestination:/topic/a\\cb\r\nsubscription:sub-0\r\nmessage-id:7\r\n\r\nhi\0\r\n"_ba
            << u"STOMP MESSAGE · destination /topic/a:b · subscription sub-0 · 2-byte body"_s << "hi"_ba;
        QTest::newRow("a body with NULs, by its length")
            << "MESSAGE\ndestination:/q\ncontent-length:3\n\na\0b\0"_ba
            << u"STOMP MESSAGE · destination /q · 3-byte body"_s << "a\0b"_ba;
        QTest::newRow("error") << "ERROR\nreceipt-id:77\nmessage:malformed frame received\n\nThe message:\0"_ba
                               << u"STOMP ERROR “malformed frame received” · receipt-id 77 · 12-byte body"_s
                               << "The message:"_ba;
        QTest::newRow("disconnect") << "DISCONNECT\nreceipt:77\n\n\0"_ba << u"STOMP DISCONNECT · receipt 77"_s
                                    << QByteArray();
    }
    void readsWhatStompClientsAndBrokersWrite()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, described);
        QFETCH(QByteArray, body);
        const auto frame = Stomp::decode(text);
        QVERIFY(frame);
        QCOMPARE(Stomp::describe(*frame), described);
        QCOMPARE(frame->body, body);
    }

    // A repeated header's first is the one in force (STOMP 1.2, "Repeated Header Entries").
    void theFirstOfARepeatedHeaderCounts()
    {
        const auto frame = Stomp::decode("MESSAGE\nfoo:World\nfoo:Hello\n\n\0"_ba);
        QVERIFY(frame);
        QCOMPARE(frame->header(u"foo"_s), u"World"_s);
        QCOMPARE(frame->headers.size(), 2);
    }

    // Text that is not one STOMP frame exactly is left alone.
    void leavesEverythingElse_data()
    {
        QTest::addColumn<QByteArray>("text");
        for (const QByteArray &text : {""_ba, "\n"_ba, "hello"_ba, "SEND"_ba, "SEND\n\nno NUL"_ba,
                 "send\ndestination:/a\n\n\0"_ba,         // commands are upper case
                 "PUBLISH\ndestination:/a\n\n\0"_ba,      // not a command of STOMP's
                 "SEND\ndestination\n\n\0"_ba,            // a header without a colon
                 "SEND\n:nameless\n\n\0"_ba,              // a header without a name
                 "SEND\ndestination:/a\\t\n\n\0"_ba,      // an escape STOMP does not define
                 "SEND\ndestination:/a\n\nbody\0more"_ba, // text after the NUL
                 "SEND\ncontent-length:10\n\nshort\0"_ba, // a length past the end
                 "SEND\ncontent-length:2\n\nlonger\0"_ba, // no NUL where the length ends
                 "SEND\ncontent-length:-1\n\n\0"_ba,      // a length below nothing
                 "SEND\ncontent-length:9223372036854775807\n\n\0"_ba})
            QTest::newRow(QByteArray(text).replace('\0', "\\0").replace('\n', "\\n").constData()) << text;
    }
    void leavesEverythingElse()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!Stomp::decode(text));
    }
};

QTEST_GUILESS_MAIN(tst_Stomp)
#include "tst_stomp.moc"
