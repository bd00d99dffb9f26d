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
