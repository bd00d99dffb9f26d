// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// MessagePack read by hand-written bytes of each of its formats (msgpack.org's specification), protobuf's wire format
// by the bytes of protobuf.dev's "Encoding" page and of each wire type, and which binary payloads read as MessagePack,
// CBOR or protobuf at all. Values are compared in CBOR's diagnostic notation (RFC 8949 §8).
#include <QCborArray>
#include <QCborMap>
#include <QTest>

#include "wire/binarymessage.h"
#include "wire/protobufwire.h"

using namespace Duplex;
using namespace Qt::StringLiterals;

class tst_BinaryMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEachFormat_data()
    {
        QTest::addColumn<QByteArray>("hex");
        QTest::addColumn<QString>("value");
        QTest::newRow("msgpack.org's example")
            << QByteArray("82a7636f6d70616374c3a6736368656d6100") << u"{\"compact\": true, \"schema\": 0}"_s;
        QTest::newRow("nil, false, true") << QByteArray("93c0c2c3") << u"[null, false, true]"_s;
        QTest::newRow("fixints") << QByteArray("92 7f e0") << u"[127, -32]"_s;
        QTest::newRow("unsigned") << QByteArray("94 ccff cdffff ceffffffff cf0000000100000000")
                                  << u"[255, 65535, 4294967295, 4294967296]"_s;
        QTest::newRow("past int64") << QByteArray("cfffffffffffffffff") << u"18446744073709552000."_s;
        QTest::newRow("signed") << QByteArray("94 d080 d18000 d280000000 d3ffffffffffffffff")
                                << u"[-128, -32768, -2147483648, -1]"_s;
        QTest::newRow("floats") << QByteArray("92 ca3fc00000 cb400c000000000000") << u"[1.5, 3.5]"_s;
        QTest::newRow("strings") << QByteArray("94 a3616263 d90178 da00017a db00000002c3a9")
                                 << u"[\"abc\", \"x\", \"z\", \"\\u00E9\"]"_s;
        QTest::newRow("binary") << QByteArray("93 c40101 c5000102 c60000000103") << u"[h'01', h'02', h'03']"_s;
        QTest::newRow("arrays and maps of 16 and 32 bits")
            << QByteArray("94 dc000101 dd0000000102 de0001a16103 df00000000") << u"[[1], [2], {\"a\": 3}, {}]"_s;
        QTest::newRow("keys of any type") << QByteArray("8201a1610ac0") << u"{1: \"a\", 10: null}"_s;
        QTest::newRow("timestamp 32") << QByteArray("91 d6ff00000001") << u"[0(\"1970-01-01T00:00:01.000Z\")]"_s;
        QTest::newRow("timestamp 64") << QByteArray("91 d7ff 7735940000000002")
                                      << u"[0(\"1970-01-01T00:00:02.500Z\")]"_s;
        QTest::newRow("timestamp 96") << QByteArray("91 c70cff 00000000 0000000000000003")
                                      << u"[0(\"1970-01-01T00:00:03.000Z\")]"_s;
        QTest::newRow("other extensions")
            << QByteArray("92 d405ab c80002fe0102")
            << u"[{\"extension\": 5, \"data\": h'ab'}, {\"extension\": -2, \"data\": h'0102'}]"_s;
    }

    void readsEachFormat()
    {
        QFETCH(QByteArray, hex);
        QString error;
        const auto value = BinaryMessage::fromMessagePack(QByteArray::fromHex(hex), &error);
        QVERIFY2(value, qPrintable(error));
        QTEST(value->toDiagnosticNotation(QCborValue::Compact), "value");
    }

    void refusesWhatIsNotMessagePack_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << QByteArray() << u"byte 0: the data ends where a value should start"_s;
        QTest::newRow("never used") << QByteArray::fromHex("91c1") << u"byte 2: 0xc1 is no MessagePack type"_s;
        QTest::newRow("trailing") << QByteArray::fromHex("9001") << u"byte 1: the value ends before the data does"_s;
        QTest::newRow("short string") << QByteArray::fromHex("a3 6162") << u"byte 1: 3 bytes announced, 2 bytes left"_s;
        QTest::newRow("short length") << QByteArray::fromHex("da00") << u"byte 1: the data ends inside a length"_s;
        QTest::newRow("short number") << QByteArray::fromHex("cd01") << u"byte 1: the data ends inside a number"_s;
        // Four billion items announced in a few bytes are refused at once, not reserved.
        QTest::newRow("huge array") << QByteArray::fromHex("ddffffffff01")
                                    << u"byte 5: an array of 4294967295 items announced, 1 byte left"_s;
        QTest::newRow("huge map") << QByteArray::fromHex("df7fffffff0101")
                                  << u"byte 5: a map of 2147483647 entries announced, 2 bytes left"_s;
        QTest::newRow("short extension") << QByteArray::fromHex("c7 0301 ab")
                                         << u"byte 2: the data ends inside an extension"_s;
        QTest::newRow("too deep")
            << QByteArray(BinaryMessage::maxDepth + 1, '\x91') + '\xc0'
            << u"byte %1: nested deeper than %2"_s.arg(BinaryMessage::maxDepth + 1).arg(BinaryMessage::maxDepth);
    }

    void refusesWhatIsNotMessagePack()
    {
        QFETCH(QByteArray, bytes);
        QString error;
        QVERIFY(!BinaryMessage::fromMessagePack(bytes, &error));
        QTEST(error, "error");
    }

    void deepButNotTooDeep()
    {
        const QByteArray nested = QByteArray(BinaryMessage::maxDepth, '\x91') + '\xc0';
        QVERIFY(BinaryMessage::fromMessagePack(nested));
    }

    void readsProtobufWithoutItsSchema_data()
    {
        QTest::addColumn<QByteArray>("hex");
        QTest::addColumn<QString>("value");
        // protobuf.dev's "Encoding": Test1 {a: 150}, Test2 {b: "testing"}, Test3 {c: {a: 150}}, and all three.
        QTest::newRow("a varint") << QByteArray("089601") << u"{1: 150}"_s;
        QTest::newRow("a string") << QByteArray("120774657374696e67") << u"{2: \"testing\"}"_s;
        QTest::newRow("a message") << QByteArray("1a03089601") << u"{3: {1: 150}}"_s;
        QTest::newRow("in any order") << QByteArray("1a03089601 120774657374696e67 089601")
                                      << u"{1: 150, 2: \"testing\", 3: {1: 150}}"_s;
        // int32 -2, as any negative int32 or int64: ten bytes.
        QTest::newRow("a negative varint") << QByteArray("08feffffffffffffffff01") << u"{1: -2}"_s;
        QTest::newRow("repeated") << QByteArray("080108021203616263 0803") << u"{1: [1, 2, 3], 2: \"abc\"}"_s;
        QTest::newRow("fixed32") << QByteArray("250000c03f") << u"{4: \"1069547520 or float 1.5\"}"_s;
        QTest::newRow("fixed64") << QByteArray("2900000000 00000c40")
                                 << u"{5: \"4615063718147915776 or double 3.5\"}"_s;
        QTest::newRow("an empty string") << QByteArray("1200") << u"{2: \"\"}"_s;
        QTest::newRow("text over a message") << QByteArray("12022031") << u"{2: \" 1\"}"_s; // {4: 49}, or " 1"
        // The "Encoding" page's packed repeated field, [3, 270, 86942]: not a message (field 0), so bytes.
        QTest::newRow("bytes") << QByteArray("2206038e029ea705") << u"{4: h'038e029ea705'}"_s;
        QTest::newRow("the highest field number") << QByteArray("f8ffffff0f01") << u"{536870911: 1}"_s;
    }

    void readsProtobufWithoutItsSchema()
    {
        QFETCH(QByteArray, hex);
        const auto message = ProtobufWire::read(QByteArray::fromHex(hex));
        QVERIFY(message);
        QTEST(QCborValue(*message).toDiagnosticNotation(QCborValue::Compact), "value");
    }

    void refusesWhatIsNotProtobuf_data()
    {
        QTest::addColumn<QByteArray>("hex");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("field 0") << QByteArray("0001");
        QTest::newRow("a group") << QByteArray("0b0c");
        QTest::newRow("wire type 6") << QByteArray("0e01");
        QTest::newRow("wire type 7") << QByteArray("0f01");
        QTest::newRow("a varint cut short") << QByteArray("0896");
        QTest::newRow("eleven bytes of varint") << QByteArray("08ffffffffffffffffff8101");
        QTest::newRow("a tenth byte past 64 bits") << QByteArray("08ffffffffffffffffff02");
        QTest::newRow("a field number too high") << QByteArray("808080801001");
        QTest::newRow("a length past the end") << QByteArray("120561");
        QTest::newRow("a length of 2^64 - 1") << QByteArray("12ffffffffffffffffff0161");
        QTest::newRow("fixed32 cut short") << QByteArray("250000c0");
        QTest::newRow("fixed64 cut short") << QByteArray("2900000000000000");
    }

    void refusesWhatIsNotProtobuf()
    {
        QFETCH(QByteArray, hex);
        QVERIFY(!ProtobufWire::read(QByteArray::fromHex(hex)));
    }

    // Messages nested as deep as protobuf itself reads are read as messages; one level more stays bytes.
    void protobufDeepButNotTooDeep()
    {
        const auto innermostOf = [](int levels) { // {1: {1: ... {1: 1}}}, levels maps around the innermost
            QByteArray message = QByteArray::fromHex("0801");
            for (int i = 0; i < levels; ++i) {
                QByteArray head = "\x0a"_ba; // field 1, length-delimited; the length's varint below 2^14
                const auto low = char(message.size() & 0x7f), high = char(message.size() >> 7);
                head += high ? char(low | 0x80) : low;
                if (high)
                    head += high;
                message.prepend(head);
            }
            QCborMap level = *ProtobufWire::read(message);
            while (level.value(1).isMap())
                level = level.value(1).toMap();
            return level.value(1);
        };
        QCOMPARE(innermostOf(ProtobufWire::maxDepth), QCborValue(1));
        QCOMPARE(innermostOf(ProtobufWire::maxDepth + 1), QCborValue(QByteArray::fromHex("0801")));
    }

    // Only a map or an array, to the last byte, reads as either: a lone number or string would claim too many
    // payloads that are neither.
    void readsAPayloadAsOneOrTheOther_data()
    {
        QTest::addColumn<QByteArray>("hex");
        QTest::addColumn<QString>("described"); // empty: neither
        QTest::newRow("MessagePack map") << QByteArray("81a16101") << u"MessagePack: a map of 1 entry"_s;
        QTest::newRow("MessagePack array") << QByteArray("92c0c0") << u"MessagePack: an array of 2 items"_s;
        QTest::newRow("CBOR map") << QByteArray("a2616101616202") << u"CBOR: a map of 2 entries"_s;
        QTest::newRow("CBOR array") << QByteArray("8101") << u"CBOR: an array of 1 item"_s;
        QTest::newRow("a lone number") << QByteArray("01") << QString();
        QTest::newRow("a lone string") << QByteArray("a3616263") << QString();
        QTest::newRow("trailing bytes") << QByteArray("8101c1") << QString();
        QTest::newRow("text") << QByteArray("68656c6c6f") << QString();
        QTest::newRow("protobuf") << QByteArray("089601120774657374696e67")
                                  << u"Protobuf without its .proto: 2 fields by number"_s;
        QTest::newRow("protobuf, one field")
            << QByteArray("089601") << u"Protobuf without its .proto: 1 field by number"_s;
        QTest::newRow("a PNG's signature") << QByteArray("89504e470d0a1a0a") << QString();
    }

    void readsAPayloadAsOneOrTheOther()
    {
        QFETCH(QByteArray, hex);
        QFETCH(QString, described);
        const auto reading = BinaryMessage::read(QByteArray::fromHex(hex));
        QCOMPARE(reading.has_value(), !described.isEmpty());
        if (reading)
            QCOMPARE(BinaryMessage::describe(*reading), described);
    }
};

QTEST_MAIN(tst_BinaryMessage)
#include "tst_binarymessage.moc"
