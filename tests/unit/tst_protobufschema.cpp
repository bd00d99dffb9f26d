// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// A .proto read at run time (tests/unit/protobuf: one that imports another from its folder and a well-known type, one
// with a syntax error, one whose import is missing), and messages of its types, by hand-written bytes of protobuf's
// wire format, read with the .proto's names in protobuf's JSON mapping.
#include <QTest>

#include "wire/protobufschema.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

namespace {

QString proto(const QString &name)
{
    return QStringLiteral(PROTO_FILES "/") + name;
}

// chat.Envelope {room: "lab", messages: [{text: "hi"}], sent: 1 s after the epoch, sender: {nick: "ann"},
// counts: {"a": 2}, big: 1234567890123456789, meta: {urgent: true}}, and field 15, which chat.proto does not name.
const QByteArray envelope = QByteArray::fromHex("0a036c6162 12040a026869 1a020801 22050a03616e6e 2a050a01611002"
                                                "309582a6efc79e849111 3a020801 7807");

} // namespace

class tst_ProtobufSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsAFileWithWhatItImports()
    {
        QString error;
        const auto schema = ProtobufSchema::load(proto(u"chat.proto"_s), &error);
        QVERIFY2(schema, qPrintable(error));
        QCOMPARE(schema->fileName(), u"chat.proto"_s);
        // Nested types by their full names, then those of the file it imports; not the entry type protoc makes for the
        // map field, nor Timestamp.
        QCOMPARE(schema->messageTypes(),
            (QStringList {u"chat.Envelope"_s, u"chat.Envelope.Meta"_s, u"chat.Message"_s, u"common.Sender"_s}));
    }

    void readsAMessageByItsNames()
    {
        QString error;
        const auto schema = ProtobufSchema::load(proto(u"chat.proto"_s), &error);
        QVERIFY2(schema, qPrintable(error));
        const auto reading = schema->read(envelope, u"chat.Envelope"_s, &error);
        QVERIFY2(reading, qPrintable(error));
        // int64 as a string and a Timestamp in RFC 3339, as protobuf's JSON mapping writes them.
        const QJsonObject expected {{u"room"_s, u"lab"_s},
            {u"messages"_s, QJsonArray {QJsonObject {{u"text"_s, u"hi"_s}}}}, {u"sent"_s, u"1970-01-01T00:00:01Z"_s},
            {u"sender"_s, QJsonObject {{u"nick"_s, u"ann"_s}}}, {u"counts"_s, QJsonObject {{u"a"_s, 2}}},
            {u"big"_s, u"1234567890123456789"_s}, {u"meta"_s, QJsonObject {{u"urgent"_s, true}}}};
        QCOMPARE(reading->json, expected);
        QCOMPARE(reading->unnamed, 1);

        // Unnamed fields are counted at any depth: field 15 inside the message too.
        const auto nested = schema->read(QByteArray::fromHex("12060a0268697807 7807"), u"chat.Envelope"_s, &error);
        QVERIFY2(nested, qPrintable(error));
        QCOMPARE(nested->unnamed, 2);
        // An imported type, and a nested one, by their full names.
        const auto sender = schema->read(QByteArray::fromHex("0a03616e6e"), u"common.Sender"_s, &error);
        QVERIFY2(sender, qPrintable(error));
        QCOMPARE(sender->json, (QJsonObject {{u"nick"_s, u"ann"_s}}));
        const auto meta = schema->read(QByteArray::fromHex("0801"), u"chat.Envelope.Meta"_s, &error);
        QVERIFY2(meta, qPrintable(error));
        QCOMPARE(meta->json, (QJsonObject {{u"urgent"_s, true}}));
    }

    void whatDoesNotReadSaysWhy_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("error");
        QTest::newRow("not protobuf") << QByteArray::fromHex("ff") << u"chat.Envelope"_s
                                      << u"not a chat.Envelope: its bytes do not read as one."_s;
        QTest::newRow("cut short") << envelope.first(3) << u"chat.Envelope"_s
                                   << u"not a chat.Envelope: its bytes do not read as one."_s;
        QTest::newRow("a string that is no UTF-8")
            << QByteArray::fromHex("0a02fffe") << u"chat.Envelope"_s
            << u"not a chat.Envelope: String field 'chat.Envelope.room' contains invalid UTF-8 data when parsing a "
               "protocol buffer. Use the 'bytes' type if you intend to send raw bytes."_s;
        QTest::newRow("no such type") << envelope << u"chat.Nope"_s << u"chat.proto has no message type chat.Nope."_s;
    }

    void whatDoesNotReadSaysWhy()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, type);
        QString error;
        const auto schema = ProtobufSchema::load(proto(u"chat.proto"_s), &error);
        QVERIFY2(schema, qPrintable(error));
        QVERIFY(!schema->read(payload, type, &error));
        QTEST(error, "error");
    }

    // protoc's own words, with the line and column counted from 1.
    void aFileThatDoesNotReadSaysWhy_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("error");
        QTest::newRow("a syntax error") << proto(u"broken.proto"_s) << u"broken.proto:5:1: Expected \";\"."_s;
        QTest::newRow("an import missing")
            << proto(u"importsnothing.proto"_s)
            << u"missing.proto: File not found.\n"
               "importsnothing.proto:3:1: Import \"missing.proto\" was not found or had errors."_s;
        QTest::newRow("no file") << proto(u"none.proto"_s)
                                 << proto(u"none.proto"_s) + u" is not a file that can be read."_s;
        QTest::newRow("a folder") << QStringLiteral(PROTO_FILES)
                                  << QStringLiteral(PROTO_FILES " is not a file that can be read.");
    }

    void aFileThatDoesNotReadSaysWhy()
    {
        QFETCH(QString, file);
        QString error;
        QVERIFY(!ProtobufSchema::load(file, &error));
        QTEST(error, "error");
    }
};

QTEST_GUILESS_MAIN(tst_ProtobufSchema)
#include "tst_protobufschema.moc"
