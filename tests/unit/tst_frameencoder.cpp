// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "wire/framedecoder.h"
#include "wire/frameencoder.h"

using namespace Duplex;

class tst_FrameEncoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesWhatTheDecoderReads_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("masked");
        for (const int size : {0, 125, 126, 65535, 65536}) {
            QTest::addRow("%d unmasked", size) << size << false;
            QTest::addRow("%d masked", size) << size << true;
        }
    }
    void encodesWhatTheDecoderReads()
    {
        QFETCH(int, size);
        QFETCH(bool, masked);
        const QByteArray payload(size, 'w');
        const auto key = masked ? std::optional<quint32>(0x01020304) : std::nullopt;
        const QByteArray wire = FrameEncoder::encode(payload, {.opcode = Opcode::binary, .maskingKey = key});
        FrameDecoder decoder({masked ? Direction::ClientToServer : Direction::ServerToClient, size, 0, {}});
        QList<Frame> frames;
        QVERIFY(decoder.feed(wire, frames));
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames[0].payload, payload);
        QCOMPARE(frames[0].masked, masked);
        QCOMPARE(frames[0].lengthBits, size < 126 ? 7 : size <= 0xffff ? 16 : 64);
        QCOMPARE(frames[0].wireSize(), wire.size());
    }

    void preparesTheFrameADecoderReads_data()
    {
        QTest::addColumn<quint8>("opcode");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<bool>("masked");
        QTest::addColumn<bool>("continued"); // the payload goes in a continuation, after an empty first fragment
        for (const bool masked : {false, true}) {
            const char *by = masked ? "client" : "server";
            QTest::addRow("empty text, %s", by) << Opcode::text << QByteArray() << masked << false;
            QTest::addRow("text, %s", by) << Opcode::text << QString(50, u'é').toUtf8() << masked << false;
            QTest::addRow("binary of 126, %s", by) << Opcode::binary << QByteArray(126, '\0') << masked << false;
            QTest::addRow("binary of 64 KiB, %s", by) << Opcode::binary << QByteArray(65536, 'b') << masked << false;
            QTest::addRow("text of 16 KiB, %s", by)
                << Opcode::text << QByteArray(FrameEncoder::sharedPayloadBytes, 't') << masked << false;
            QTest::addRow("text of 16 KiB less one, %s", by)
                << Opcode::text << QByteArray(FrameEncoder::sharedPayloadBytes - 1, 't') << masked << false;
            QTest::addRow("ping, %s", by) << Opcode::ping << QByteArray("beat") << masked << false;
            QTest::addRow("pong, %s", by) << Opcode::pong << QByteArray() << masked << false;
            QTest::addRow("close, %s", by)
                << Opcode::close << FrameEncoder::closePayload(1001, "bye") << masked << false;
            QTest::addRow("bare close, %s", by) << Opcode::close << QByteArray() << masked << false;
            QTest::addRow("continued text, %s", by) << Opcode::text << QByteArray("the rest") << masked << true;
            QTest::addRow("continued binary of 64 KiB, %s", by)
                << Opcode::binary << QByteArray(65536, 'c') << masked << true;
        }
    }
    void preparesTheFrameADecoderReads()
    {
        QFETCH(quint8, opcode);
        QFETCH(QByteArray, payload);
        QFETCH(bool, masked);
        QFETCH(bool, continued);
        const Direction direction = masked ? Direction::ClientToServer : Direction::ServerToClient;
        const auto key = masked ? std::optional<quint32>(0xa1b2c3d4) : std::nullopt;
        const FrameEncoder::Header header = continued
            ? FrameEncoder::Header {.opcode = Opcode::continuation, .maskingKey = key, .messageOpcode = opcode}
            : FrameEncoder::Header {.opcode = opcode, .maskingKey = key};
        const FrameEncoder::PreparedFrame prepared = FrameEncoder::prepare(payload, header, direction);
        const QByteArray wire = prepared.bytes + prepared.tail;
        QCOMPARE(wire, FrameEncoder::encode(payload, header));
        // A large payload a server sends is not copied after its header: it follows it, itself.
        const bool shared = !masked && payload.size() >= FrameEncoder::sharedPayloadBytes;
        QCOMPARE(!prepared.tail.isEmpty() && prepared.tail.isSharedWith(payload), shared);
        QCOMPARE(prepared.tail.isEmpty(), !shared);
        QCOMPARE(prepared.bytes.size(), shared ? qsizetype(prepared.frame.headerSize) : wire.size());

        FrameDecoder decoder({direction, qsizetype(payload.size()), 0, {}});
        QList<Frame> frames;
        if (continued) {
            QVERIFY(
                decoder.feed(FrameEncoder::encode({}, {.opcode = opcode, .fin = false, .maskingKey = key}), frames));
            frames.clear();
        }
        QVERIFY(decoder.feed(wire, frames));
        QCOMPARE(frames.size(), 1);
        const Frame &read = frames[0];
        const Frame &frame = prepared.frame;
        QCOMPARE(frame.direction, read.direction);
        QCOMPARE(frame.fin, read.fin);
        QCOMPARE(frame.rsv1, read.rsv1);
        QCOMPARE(frame.rsv2, read.rsv2);
        QCOMPARE(frame.rsv3, read.rsv3);
        QCOMPARE(frame.opcode, read.opcode);
        QCOMPARE(frame.masked, read.masked);
        QCOMPARE(frame.maskingKey, read.maskingKey);
        QCOMPARE(frame.payloadLength, read.payloadLength);
        QCOMPARE(frame.lengthBits, read.lengthBits);
        QCOMPARE(frame.headerSize, read.headerSize);
        QCOMPARE(frame.payload, read.payload);
        QCOMPARE(frame.messageOpcode, read.messageOpcode);
        QCOMPARE(frame.compressed, read.compressed);
        QCOMPARE(frame.inflated, read.inflated);
        QCOMPARE(frame.inflatedLength, read.inflatedLength);
        QCOMPARE(frame.closeCode, read.closeCode);
        QCOMPARE(frame.closeReason, read.closeReason);
        QVERIFY(frame.payload.isSharedWith(payload) || payload.isEmpty()); // not a copy
    }

    void masksFromAnyOffsetAsKeyByteAfterKeyByte()
    {
        const quint32 key = 0x8a3c51f7; // wire order: 8a 3c 51 f7
        const unsigned char keyBytes[] = {0x8a, 0x3c, 0x51, 0xf7};
        QByteArray payload(70, Qt::Uninitialized);
        for (qsizetype i = 0; i < payload.size(); ++i)
            payload[i] = char(i * 37);
        for (const quint64 offset : {0, 1, 2, 3, 4, 6, 1001}) {
            for (qsizetype size = 0; size <= payload.size(); ++size) {
                QByteArray masked(size, Qt::Uninitialized);
                applyMask(masked.data(), payload.constData(), size, key, offset);
                for (qsizetype i = 0; i < size; ++i) // §5.3: octet i XOR key octet (i mod 4), counted from the start
                    QCOMPARE(quint8(masked[i]), quint8(payload[i] ^ keyBytes[(offset + quint64(i)) % 4]));
            }
        }
    }

    void fitsACloseReasonAtACharacterBoundary()
    {
        QCOMPARE(FrameEncoder::fitCloseReason("short"), QByteArray("short"));
        const QByteArray ascii(200, 'a');
        QCOMPARE(FrameEncoder::fitCloseReason(ascii), ascii.first(123));
        // "é" takes two bytes: 61 of them end at byte 122, and the 62nd would straddle the limit.
        const QByteArray accents = QString(100, u'é').toUtf8();
        QCOMPARE(FrameEncoder::fitCloseReason(accents), accents.first(122));
        QCOMPARE(FrameEncoder::closePayload(1000, "ok"), QByteArray("\x03\xe8ok"));
    }
};

QTEST_GUILESS_MAIN(tst_FrameEncoder)
#include "tst_frameencoder.moc"
