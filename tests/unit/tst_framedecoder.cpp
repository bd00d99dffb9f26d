// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QRandomGenerator>
#include <QTest>

#include "wire/framedecoder.h"
#include "wire/frameencoder.h"

using namespace Duplex;

namespace {

constexpr quint32 rfcKey = 0x37fa213d; // the masking key of RFC 6455 §5.7's examples

// One line per frame with every field, then the violation if any: what the tests compare.
QStringList describe(const QList<Frame> &frames, const std::optional<Violation> &violation)
{
    QStringList lines;
    for (const Frame &f : frames) {
        QString line = QStringLiteral("fin=%1 rsv=%2%3%4 op=%5 msg=%6 mask=%7 len=%8/%9 header=%10 payload=%11")
                           .arg(f.fin)
                           .arg(f.rsv1)
                           .arg(f.rsv2)
                           .arg(f.rsv3)
                           .arg(f.opcode)
                           .arg(f.messageOpcode)
                           .arg(f.masked ? QString::number(f.maskingKey, 16) : QStringLiteral("-"))
                           .arg(f.payloadLength)
                           .arg(f.lengthBits)
                           .arg(f.headerSize)
                           .arg(f.messageOpcode == Opcode::binary ? QString::fromLatin1(f.payload.toHex())
                                                                  : QString::fromLatin1(f.payload));
        if (f.payloadLength > quint64(f.payload.size()))
            line += u'…';
        if (f.closeCode)
            line += QStringLiteral(" close=%1 '%2'").arg(*f.closeCode).arg(QString::fromUtf8(f.closeReason));
        lines.append(line);
    }
    if (violation)
        lines.append(
            QStringLiteral("violation %1: %2").arg(violation->closeCode).arg(QString::fromUtf8(violation->reason)));
    return lines;
}

enum class Feed { Whole, ByteByByte, RandomChunks };

QStringList decode(
    Direction direction, const QByteArray &bytes, Feed feed, qsizetype keepBytes = 16, quint64 maxMessageBytes = 0)
{
    FrameDecoder decoder({direction, keepBytes, maxMessageBytes, std::nullopt});
    QList<Frame> frames;
    QRandomGenerator random(42);
    for (qsizetype at = 0; at < bytes.size();) {
        const qsizetype size = feed == Feed::Whole ? bytes.size()
            : feed == Feed::ByteByByte             ? 1
                                                   : qsizetype(random.bounded(1, 300));
        const qsizetype take = std::min(size, bytes.size() - at);
        if (!decoder.feed(QByteArrayView(bytes).sliced(at, take), frames))
            break;
        at += take;
    }
    return describe(frames, decoder.violation());
}

QByteArray bytes(std::initializer_list<int> values)
{
    QByteArray out;
    for (int value : values)
        out.append(char(value));
    return out;
}

QByteArray masked(quint8 opcode, QByteArrayView payload, bool fin = true)
{
    return FrameEncoder::encode(payload, {.opcode = opcode, .fin = fin, .maskingKey = rfcKey});
}

QByteArray unmasked(quint8 opcode, QByteArrayView payload, bool fin = true)
{
    return FrameEncoder::encode(payload, {.opcode = opcode, .fin = fin, .maskingKey = std::nullopt});
}

QByteArray binaryPayload(qsizetype size)
{
    QByteArray payload(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        payload[i] = char(i * 7);
    return payload;
}

} // namespace

class tst_FrameDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data()
    {
        QTest::addColumn<Direction>("direction");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("expected");
        const auto server = Direction::ServerToClient;
        const auto client = Direction::ClientToServer;

        // RFC 6455 §5.7, byte for byte.
        QTest::newRow("unmasked Hello") << server << bytes({0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f})
                                        << QStringList {
                                               "fin=1 rsv=000 op=1 msg=1 mask=- len=5/7 header=2 payload=Hello"};
        QTest::newRow("masked Hello") << client
                                      << bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58})
                                      << QStringList {
                                             "fin=1 rsv=000 op=1 msg=1 mask=37fa213d len=5/7 header=6 payload=Hello"};
        QTest::newRow("fragmented Hel+lo")
            << server << bytes({0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f})
            << QStringList {"fin=0 rsv=000 op=1 msg=1 mask=- len=3/7 header=2 payload=Hel",
                   "fin=1 rsv=000 op=0 msg=1 mask=- len=2/7 header=2 payload=lo"};
        QTest::newRow("ping Hello") << server << bytes({0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f})
                                    << QStringList {"fin=1 rsv=000 op=9 msg=9 mask=- len=5/7 header=2 payload=Hello"};
        QTest::newRow("masked pong Hello")
            << client << bytes({0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58})
            << QStringList {"fin=1 rsv=000 op=10 msg=10 mask=37fa213d len=5/7 header=6 payload=Hello"};
        QTest::newRow("256-byte binary, 16-bit length")
            << server << bytes({0x82, 0x7e, 0x01, 0x00}) + binaryPayload(256)
            << QStringList {
                   "fin=1 rsv=000 op=2 msg=2 mask=- len=256/16 header=4 payload=00070e151c232a31383f464d545b6269…"};
        QTest::newRow("64 KiB binary, 64-bit length")
            << server << bytes({0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0}) + binaryPayload(65536)
            << QStringList {
                   "fin=1 rsv=000 op=2 msg=2 mask=- len=65536/64 header=10 payload=00070e151c232a31383f464d545b6269…"};
        QTest::newRow("masked 64 KiB binary")
            << client << masked(Opcode::binary, binaryPayload(65536))
            << QStringList {"fin=1 rsv=000 op=2 msg=2 mask=37fa213d len=65536/64 header=14 "
                            "payload=00070e151c232a31383f464d545b6269…"};
        QTest::newRow("ping inside a fragmented message")
            << client
            << masked(Opcode::text, "a", false) + masked(Opcode::ping, "p") + masked(Opcode::continuation, "b")
            << QStringList {"fin=0 rsv=000 op=1 msg=1 mask=37fa213d len=1/7 header=6 payload=a",
                   "fin=1 rsv=000 op=9 msg=9 mask=37fa213d len=1/7 header=6 payload=p",
                   "fin=1 rsv=000 op=0 msg=1 mask=37fa213d len=1/7 header=6 payload=b"};
        QTest::newRow("UTF-8 split inside a character across fragments")
            << client << masked(Opcode::text, "caf\xc3", false) + masked(Opcode::continuation, "\xa9!")
            << QStringList {"fin=0 rsv=000 op=1 msg=1 mask=37fa213d len=4/7 header=6 payload=caf\u00c3",
                   "fin=1 rsv=000 op=0 msg=1 mask=37fa213d len=2/7 header=6 payload=\u00a9!"};
        QTest::newRow("close with code and reason")
            << client << masked(Opcode::close, FrameEncoder::closePayload(1000, "bye"))
            << QStringList {
                   "fin=1 rsv=000 op=8 msg=8 mask=37fa213d len=5/7 header=6 payload=\u0003\u00e8bye close=1000 'bye'"};
        QTest::newRow("empty close") << server << unmasked(Opcode::close, {})
                                     << QStringList {"fin=1 rsv=000 op=8 msg=8 mask=- len=0/7 header=2 payload="};

        // Every violation, with the close code it deserves.
        const auto violation = [](int code, const char *why) {
            return QStringList {QStringLiteral("violation %1: %2").arg(code).arg(QLatin1String(why))};
        };
        QTest::newRow("unmasked client frame")
            << client << unmasked(Opcode::text, "hi") << violation(1002, "unmasked frame from a client");
        QTest::newRow("masked server frame")
            << server << masked(Opcode::text, "hi") << violation(1002, "masked frame from a server");
        QTest::newRow("non-minimal 16-bit length") << server << bytes({0x81, 0x7e, 0x00, 0x05}) + "hello"
                                                   << violation(1002, "length 5 not in its shortest encoding");
        QTest::newRow("non-minimal 64-bit length") << server << bytes({0x82, 0x7f, 0, 0, 0, 0, 0, 0, 0x01, 0x00})
                                                   << violation(1002, "length 256 not in its shortest encoding");
        QTest::newRow("64-bit length with the top bit")
            << server << bytes({0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0})
            << violation(1002, "64-bit length with its most significant bit set");
        QTest::newRow("control frame over 125 bytes") << server << unmasked(Opcode::ping, QByteArray(126, 'x'))
                                                      << violation(1002, "control frame of 126 bytes, more than 125");
        QTest::newRow("fragmented control frame")
            << server << unmasked(Opcode::ping, "x", false) << violation(1002, "fragmented control frame");
        QTest::newRow("reserved opcode") << server << unmasked(0x3, "x") << violation(1002, "reserved opcode 0x3");
        QTest::newRow("reserved control opcode")
            << server << unmasked(0xb, "x") << violation(1002, "reserved opcode 0xb");
        QTest::newRow("RSV1 without an extension")
            << server << bytes({0xc1, 0x01, 'x'}) << violation(1002, "RSV1 set, but no extension was negotiated");
        QTest::newRow("RSV2") << server << bytes({0xa1, 0x01, 'x'})
                              << violation(1002, "RSV2 or RSV3 set, but no extension defines them");
        QTest::newRow("RSV3") << server << bytes({0x91, 0x01, 'x'})
                              << violation(1002, "RSV2 or RSV3 set, but no extension defines them");
        QTest::newRow("continuation with nothing to continue")
            << server << unmasked(Opcode::continuation, "x")
            << violation(1002, "continuation frame with no message to continue");
        QTest::newRow("new data frame inside a message")
            << server << unmasked(Opcode::text, "a", false) + unmasked(Opcode::binary, "b")
            << QStringList {"fin=0 rsv=000 op=1 msg=1 mask=- len=1/7 header=2 payload=a",
                   "violation 1002: new data frame inside an unfinished fragmented message"};
        QTest::newRow("1-byte close payload")
            << server << unmasked(Opcode::close, "\x03") << violation(1002, "close payload of 1 byte: a code takes 2");
        QTest::newRow("close code 1005 on the wire")
            << server << unmasked(Opcode::close, FrameEncoder::closePayload(1005))
            << violation(1002, "close code 1005 may not be sent");
        QTest::newRow("close code 999") << server << unmasked(Opcode::close, FrameEncoder::closePayload(999))
                                        << violation(1002, "close code 999 may not be sent");
        QTest::newRow("close code 2000") << server << unmasked(Opcode::close, FrameEncoder::closePayload(2000))
                                         << violation(1002, "close code 2000 may not be sent");
        QTest::newRow("close reason not UTF-8")
            << server << unmasked(Opcode::close, FrameEncoder::closePayload(1000, "\xff"))
            << violation(1007, "close reason that is not valid UTF-8");
        QTest::newRow("frame after close") << server << unmasked(Opcode::close, {}) + unmasked(Opcode::text, "late")
                                           << QStringList {"fin=1 rsv=000 op=8 msg=8 mask=- len=0/7 header=2 payload=",
                                                  "violation 1002: frame after the close frame"};
        QTest::newRow("invalid UTF-8 fails before the frame ends")
            << server << bytes({0x81, 0x7e, 0x01, 0x00, 'o', 'k', 0xff})
            << violation(1007, "invalid UTF-8 in a text message");
        QTest::newRow("surrogate in UTF-8")
            << server << unmasked(Opcode::text, "\xed\xa0\x80") << violation(1007, "invalid UTF-8 in a text message");
        QTest::newRow("text ends inside a character")
            << server << unmasked(Opcode::text, "caf\xc3")
            << violation(1007, "text message that ends inside a UTF-8 character");
    }

    void decodes()
    {
        QFETCH(Direction, direction);
        QFETCH(QByteArray, input);
        QFETCH(QStringList, expected);
        QCOMPARE(decode(direction, input, Feed::Whole), expected);
        QCOMPARE(decode(direction, input, Feed::ByteByByte), expected);
        QCOMPARE(decode(direction, input, Feed::RandomChunks), expected);
    }

    void keepsWholePayloadWhenAsked()
    {
        const QByteArray payload = binaryPayload(70'000);
        FrameDecoder decoder({.direction = Direction::ClientToServer, .keepBytes = 1 << 20, .deflate = std::nullopt});
        QList<Frame> frames;
        QVERIFY(decoder.feed(masked(Opcode::binary, payload), frames));
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames[0].payload, payload);
    }

    void memoryStaysBoundedWhateverTheDeclaredLength()
    {
        // A frame that declares 2^62 bytes: the decoder keeps its preview and waits, holding no more.
        FrameDecoder decoder({.direction = Direction::ServerToClient, .keepBytes = 16, .deflate = std::nullopt});
        QList<Frame> frames;
        QVERIFY(decoder.feed(bytes({0x82, 0x7f, 0x40, 0, 0, 0, 0, 0, 0, 0}), frames));
        for (int i = 0; i < 64; ++i)
            QVERIFY(decoder.feed(QByteArray(64 * 1024, 'x'), frames));
        QVERIFY(frames.isEmpty());
    }

    void refusesMessagesOverTheLimit()
    {
        const QStringList tooBig {"violation 1009: message over the limit of 10 bytes"};
        QCOMPARE(decode(Direction::ClientToServer, masked(Opcode::binary, QByteArray(11, 'x')), Feed::Whole, 16, 10),
            tooBig);
        // Across fragments, too, and before the payload arrives.
        const QByteArray fragments = masked(Opcode::text, "123456", false) + masked(Opcode::continuation, "789012");
        QCOMPARE(
            decode(Direction::ClientToServer, fragments, Feed::ByteByByte, 16, 10).constLast(), tooBig.constFirst());
        QCOMPARE(decode(Direction::ClientToServer, masked(Opcode::text, "1234567890"), Feed::Whole, 16, 10).size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_FrameDecoder)
#include "tst_framedecoder.moc"
