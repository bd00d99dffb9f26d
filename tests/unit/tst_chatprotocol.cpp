// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonArray>
#include <QTest>

#include "room/chatprotocol.h"

namespace ChatProtocol = Duplex::ChatProtocol;
using Kind = ChatProtocol::Request::Kind;
using namespace Qt::StringLiterals;

class tst_ChatProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesRequests_data()
    {
        QTest::addColumn<QString>("frame");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("message") << R"({"type":"message","text":"hi"})" << Kind::Message << "hi"
                                 << "";
        QTest::newRow("markup stays text") << R"({"type":"message","text":"<b>x</b>"})" << Kind::Message << "<b>x</b>"
                                           << "";
        QTest::newRow("plain") << "hello there" << Kind::PlainText << "hello there"
                               << "";
        QTest::newRow("plain number") << "42" << Kind::PlainText << "42"
                                      << "";
        QTest::newRow("plain, not ASCII") << u"café ✓"_s << Kind::PlainText << u"café ✓"_s << u""_s;
        QTest::newRow("message, not ASCII")
            << uR"({"type":"message","text":"café ✓"})"_s << Kind::Message << u"café ✓"_s << u""_s;
        QTest::newRow("plain array") << "[1, 2]" << Kind::PlainText << "[1, 2]"
                                     << "";
        QTest::newRow("nick") << R"({"type":"nick","nick":"ann"})" << Kind::Nick << "ann"
                              << "";
        QTest::newRow("users") << R"( {"type":"users"})" << Kind::Users << ""
                               << "";
        QTest::newRow("history") << R"({"type":"history"})" << Kind::History << ""
                                 << "";
        QTest::newRow("broken json") << R"({"type":"message",)" << Kind::Invalid << ""
                                     << "invalid-json";
        QTest::newRow("unknown type") << R"({"type":"dance"})" << Kind::Invalid << "unknown type \"dance\""
                                      << "unknown-type";
        QTest::newRow("no type") << R"({"text":"hi"})" << Kind::Invalid << "missing \"type\""
                                 << "unknown-type";
        QTest::newRow("type not a string") << R"({"type":5})" << Kind::Invalid << "\"type\" must be a string"
                                           << "unknown-type";
        const QString blank = QStringLiteral("a message needs a \"text\" that is not blank");
        QTest::newRow("empty message") << R"({"type":"message","text":""})" << Kind::Invalid << blank
                                       << "invalid-message";
        QTest::newRow("blank message") << uR"({"type":"message","text":" \t\n　"})"_s << Kind::Invalid << blank
                                       << "invalid-message";
        QTest::newRow("blank plain text") << " \r\n" << Kind::Invalid << blank << "invalid-message";
        QTest::newRow("empty plain text") << "" << Kind::Invalid << blank << "invalid-message";
        QTest::newRow("spaces around words stay") << " a b " << Kind::PlainText << " a b "
                                                  << "";
        QTest::newRow("text not string") << R"({"type":"message","text":5})" << Kind::Invalid << ""
                                         << "invalid-message";
        QTest::newRow("nick not string") << R"({"type":"nick","nick":[]})" << Kind::Invalid << ""
                                         << "invalid-nick";
    }
    void parsesRequests()
    {
        QFETCH(QString, frame);
        QFETCH(Kind, kind);
        QFETCH(QString, text);
        QFETCH(QString, error);
        const ChatProtocol::Request request = ChatProtocol::parseRequest(frame.toUtf8());
        QCOMPARE(request.kind, kind);
        QCOMPARE(request.error, error);
        if (!text.isEmpty() || kind != Kind::Invalid)
            QCOMPARE(request.text, text);
    }

    void nickRules_data()
    {
        QTest::addColumn<QString>("nick");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << "ann" << true;
        QTest::newRow("inner space") << "ann lee" << true;
        QTest::newRow("32 chars") << QString(32, u'x') << true;
        QTest::newRow("emoji counts once") << (QString(31, u'x') + QString::fromUtf8("\xF0\x9F\x98\x80")) << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("33 chars") << QString(33, u'x') << false;
        QTest::newRow("leading space") << " ann" << false;
        QTest::newRow("trailing space") << "ann " << false;
        QTest::newRow("newline") << "a\nb" << false;
        QTest::newRow("escape") << "a\x1b[31mb" << false;
    }
    void nickRules()
    {
        QFETCH(QString, nick);
        QFETCH(bool, valid);
        QCOMPARE(!ChatProtocol::nickProblem(nick).has_value(), valid);
    }

    // The roster follows the room: who came, in order, under the nickname they have now.
    void rosterFollowsArrivalsRenamesAndLeaves()
    {
        ChatProtocol::Roster roster;
        roster.append({QStringLiteral("ann"), ChatProtocol::Transport::Sse});
        roster.append({QStringLiteral("bob"), ChatProtocol::Transport::LongPoll});
        roster.append({QStringLiteral("cy")});
        roster.append({QStringLiteral("Zoë \"Z\"")});
        roster.rename(1, QStringLiteral("bert"));
        roster.removeAt(0);
        const QByteArray zoe = "\"Zoë \\\"Z\\\"\""; // as JSON writes it, quotes escaped
        QCOMPARE(ChatProtocol::users(roster).event.data,
            R"({"members":[{"nick":"bert","transport":"long-poll"},{"nick":"cy","transport":"ws"},{"nick":)" + zoe
                + R"(,"transport":"ws"}],"users":["bert","cy",)" + zoe + R"(],"type":"users"})");
        QVERIFY(roster.has(QStringLiteral("BERT")));
        QVERIFY(!roster.has(QStringLiteral("bob"))); // renamed
        QVERIFY(!roster.has(QStringLiteral("ann"))); // left
        roster.removeAt(2);
        roster.removeAt(1);
        roster.removeAt(0);
        QCOMPARE(ChatProtocol::users(roster).event.data, R"({"members":[],"users":[],"type":"users"})");
    }

    void encodesServerMessages()
    {
        const QDateTime time = QDateTime::fromString(QStringLiteral("2026-11-24T10:00:00.123Z"), Qt::ISODateWithMs);
        const ChatProtocol::Message message {7, time, QStringLiteral("ann"), QStringLiteral("hi")};
        QCOMPARE(ChatProtocol::encode(ChatProtocol::toJson(message)),
            R"({"from":"ann","id":7,"text":"hi","time":"2026-11-24T10:00:00.123Z","type":"message"})");
        ChatProtocol::Roster roster;
        roster.append({QStringLiteral("ann"), ChatProtocol::Transport::Sse});
        roster.append({QStringLiteral("bob")});
        const ChatProtocol::Outgoing greeting = ChatProtocol::hello(QStringLiteral("bob"), roster, {message}, 7);
        const QJsonObject hello = QJsonDocument::fromJson(greeting.event.data).object();
        QCOMPARE(hello.value(u"type").toString(), u"hello");
        QCOMPARE(hello.value(u"you").toString(), u"bob");
        QCOMPARE(hello.value(u"users").toArray(), QJsonArray({"ann", "bob"}));
        QCOMPARE(ChatProtocol::encode(hello.value(u"members").toArray().first().toObject()),
            R"({"nick":"ann","transport":"sse"})");
        QCOMPARE(hello.value(u"history").toArray().first().toObject().value(u"id").toInt(), 7);
        QCOMPARE(greeting.type, u"hello");
        QCOMPARE(greeting.id, 7); // hello brings its receiver to lastId
        QCOMPARE(ChatProtocol::outgoing(ChatProtocol::toJson(message)).id, 7);
        QCOMPARE(ChatProtocol::users(roster).id, 0);
        QCOMPARE(ChatProtocol::encode(ChatProtocol::leave({QStringLiteral("ann"), QStringLiteral("left")}, time)),
            R"({"nick":"ann","reason":"left","time":"2026-11-24T10:00:00.123Z","type":"leave"})");
        QCOMPARE(ChatProtocol::encode(ChatProtocol::leaves({{QStringLiteral("ann"), QStringLiteral("left")},
                                                               {QStringLiteral("bob"), QStringLiteral("kicked")}},
                     time)),
            R"({"members":[{"nick":"ann","reason":"left"},{"nick":"bob","reason":"kicked"}],)"
            R"("time":"2026-11-24T10:00:00.123Z","type":"leaves"})");
    }
};

QTEST_GUILESS_MAIN(tst_ChatProtocol)
#include "tst_chatprotocol.moc"
