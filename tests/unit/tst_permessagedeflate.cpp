// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include <zlib.h>

#include "wire/framedecoder.h"
#include "wire/frameencoder.h"
#include "wire/permessagedeflate.h"

using namespace Duplex;

namespace {

// A permessage-deflate sender, as browsers and Node's ws are: raw deflate, sync flush, the trailer removed.
class Deflater
{
public:
    explicit Deflater(int windowBits = 15)
    {
        deflateInit2(&m_stream, 6, Z_DEFLATED, -windowBits, 8, Z_DEFAULT_STRATEGY);
    }
    ~Deflater() { deflateEnd(&m_stream); }

    QByteArray message(QByteArrayView text, bool resetAfter = false)
    {
        QByteArray out(int(deflateBound(&m_stream, uLong(text.size()))) + 16, Qt::Uninitialized);
        m_stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(text.data()));
        m_stream.avail_in = uInt(text.size());
        m_stream.next_out = reinterpret_cast<Bytef *>(out.data());
        m_stream.avail_out = uInt(out.size());
        deflate(&m_stream, Z_SYNC_FLUSH);
        out.resize(out.size() - qsizetype(m_stream.avail_out));
        if (resetAfter)
            deflateReset(&m_stream);
        Q_ASSERT(out.endsWith(QByteArray::fromHex("0000ffff")));
        return out.chopped(4);
    }

private:
    z_stream m_stream {};
};

QByteArray compressedFrame(QByteArrayView compressed, quint8 opcode = Opcode::text, bool fin = true)
{
    return FrameEncoder::encode(
        compressed, {.opcode = opcode, .fin = fin, .rsv1 = opcode != Opcode::continuation, .maskingKey = std::nullopt});
}

} // namespace

class tst_PerMessageDeflate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesNegotiatedParameters()
    {
        const auto p = DeflateParameters::fromExtensions(
            "x-other; a=1, permessage-deflate; client_max_window_bits=10; server_no_context_takeover");
        QVERIFY(p);
        QCOMPARE(p->clientMaxWindowBits, 10);
        QCOMPARE(p->serverMaxWindowBits, 15);
        QVERIFY(p->serverNoContextTakeover);
        QVERIFY(!p->clientNoContextTakeover);
        QCOMPARE(p->windowBits(Direction::ClientToServer), 10);
        QVERIFY(p->noContextTakeover(Direction::ServerToClient));
        QCOMPARE(
            DeflateParameters::fromExtensions("permessage-deflate; server_max_window_bits=\"9\"")->serverMaxWindowBits,
            9);
        QVERIFY(!DeflateParameters::fromExtensions("x-webkit-deflate-frame"));
        QVERIFY(!DeflateParameters::fromExtensions("permessage-deflate; server_max_window_bits=16"));
        QVERIFY(!DeflateParameters::fromExtensions("permessage-deflate; unknown_parameter"));
    }

    void decoderShowsInflatedTextWithContextTakeover()
    {
        // The second message refers back to the first: only an inflater that kept its window can read it.
        Deflater sender;
        const QByteArray first = sender.message("hello hello hello, permessage-deflate");
        const QByteArray second = sender.message("hello hello hello, permessage-deflate, again");
        FrameDecoder decoder(
            {.direction = Direction::ServerToClient, .keepBytes = 1024, .deflate = DeflateParameters {}});
        QList<Frame> frames;
        QVERIFY(decoder.feed(QByteArray(compressedFrame(first) + compressedFrame(second)), frames));
        QCOMPARE(frames.size(), 2);
        QVERIFY(frames[0].compressed && frames[0].rsv1);
        QCOMPARE(frames[0].inflated, "hello hello hello, permessage-deflate");
        QCOMPARE(frames[1].inflated, "hello hello hello, permessage-deflate, again");
        QCOMPARE(frames[1].inflatedLength, quint64(44));
        QVERIFY(frames[1].payloadLength < frames[1].inflatedLength); // compressed on the wire
    }

    void decoderResetsWithoutContextTakeover()
    {
        Deflater sender(10);
        DeflateParameters parameters;
        parameters.serverNoContextTakeover = true;
        parameters.serverMaxWindowBits = 10;
        FrameDecoder decoder({.direction = Direction::ServerToClient, .keepBytes = 1024, .deflate = parameters});
        QList<Frame> frames;
        for (int i = 0; i < 3; ++i)
            QVERIFY(decoder.feed(compressedFrame(sender.message("same text each time", true)), frames));
        QCOMPARE(frames.size(), 3);
        QCOMPARE(frames[2].inflated, "same text each time");
    }

    void decoderInflatesAFragmentedMessageAcrossFrames()
    {
        Deflater sender;
        const QByteArray compressed = sender.message(QByteArray("fragmented and compressed ").repeated(20));
        const qsizetype half = compressed.size() / 2;
        FrameDecoder decoder(
            {.direction = Direction::ServerToClient, .keepBytes = 4096, .deflate = DeflateParameters {}});
        QList<Frame> frames;
        QVERIFY(decoder.feed(QByteArray(compressedFrame(compressed.first(half), Opcode::text, false)
                                 + compressedFrame(compressed.sliced(half), Opcode::continuation)),
            frames));
        QCOMPARE(frames.size(), 2);
        QVERIFY(frames[1].compressed);
        QCOMPARE(frames[0].inflated + frames[1].inflated, QByteArray("fragmented and compressed ").repeated(20));
    }

    void decoderRefusesCorruptAndOversizedData()
    {
        FrameDecoder corrupt(
            {.direction = Direction::ServerToClient, .keepBytes = 1024, .deflate = DeflateParameters {}});
        QList<Frame> frames;
        QVERIFY(!corrupt.feed(compressedFrame(QByteArray::fromHex("ffffffff")), frames));
        QCOMPARE(corrupt.violation()->closeCode, CloseCode::invalidPayload);

        // A small frame that inflates past the message limit: a deflate bomb stops at the limit.
        Deflater sender;
        FrameDecoder bounded({.direction = Direction::ServerToClient,
            .keepBytes = 1024,
            .maxMessageBytes = 1000,
            .deflate = DeflateParameters {}});
        QVERIFY(!bounded.feed(compressedFrame(sender.message(QByteArray(100'000, 'a'))), frames));
        QCOMPARE(bounded.violation()->closeCode, CloseCode::tooBig);

        FrameDecoder badText(
            {.direction = Direction::ServerToClient, .keepBytes = 1024, .deflate = DeflateParameters {}});
        Deflater other;
        QVERIFY(!badText.feed(compressedFrame(other.message("bad \xff text")), frames));
        QCOMPARE(badText.violation()->closeCode, CloseCode::invalidPayload);
    }
};

QTEST_GUILESS_MAIN(tst_PerMessageDeflate)
#include "tst_permessagedeflate.moc"
