// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "wire/chunkeddecoder.h"

using namespace Duplex;

namespace {

// The body decoded from bytes fed in pieces of piece bytes.
QByteArray decodeInPieces(ChunkedDecoder &decoder, QByteArrayView bytes, qsizetype piece)
{
    QByteArray body;
    for (qsizetype at = 0; at < bytes.size(); at += piece)
        body += decoder.feed(bytes.sliced(at, std::min(piece, bytes.size() - at)));
    return body;
}

} // namespace

class tst_ChunkedDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesWhateverThePieces_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("RFC 9112's example, extensions and a trailer") << QByteArray(
            "4\r\nWiki\r\n5;name=value\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n")
                                                                      << QByteArray("Wikipedia in\r\n\r\nchunks.");
        QTest::newRow("LF alone, upper case, leading zeros")
            << QByteArray("000A\nabcdefghij\n0\n\n") << QByteArray("abcdefghij");
        QTest::newRow("an event stream as Go writes it")
            << QByteArray("1c\r\nevent: hello\ndata: {\"a\":1}\n\n\r\n0\r\n\r\n")
            << QByteArray("event: hello\ndata: {\"a\":1}\n\n");
    }
    void decodesWhateverThePieces()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(QByteArray, body);
        for (const qsizetype piece : {qsizetype(1), qsizetype(2), qsizetype(7), encoded.size()}) {
            ChunkedDecoder decoder;
            QCOMPARE(decodeInPieces(decoder, encoded, piece), body);
            QCOMPARE(decoder.state(), ChunkedDecoder::State::Done);
        }
    }

    void theBodyEndsAtTheLastChunk()
    {
        ChunkedDecoder decoder;
        QCOMPARE(decoder.feed("2\r\nab\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n"), "ab");
        QCOMPARE(decoder.state(), ChunkedDecoder::State::Done);
        QCOMPARE(decoder.unusedBytes(), qsizetype(strlen("HTTP/1.1 200 OK\r\n"))); // the next answer's
        QCOMPARE(decoder.feed("3\r\nxyz\r\n"), QByteArray());
    }

    void anUnfinishedBodyIsStillReading()
    {
        ChunkedDecoder decoder;
        QCOMPARE(decoder.feed("5\r\nhel"), "hel");
        QCOMPARE(decoder.state(), ChunkedDecoder::State::Reading);
        QCOMPARE(decoder.unusedBytes(), 0);
        QCOMPARE(decoder.feed("lo\r\n"), "lo");
        QCOMPARE(decoder.state(), ChunkedDecoder::State::Reading);
    }

    void refusesWithASentence_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<QByteArray>("before"); // what was body before the fault
        QTest::addColumn<QString>("why");
        QTest::newRow("not hex") << QByteArray("2\r\nab\r\nz\r\n") << QByteArray("ab")
                                 << u"a chunk size that is not hexadecimal"_qs;
        QTest::newRow("no size") << QByteArray("\r\n") << QByteArray() << u"a chunk without its size"_qs;
        QTest::newRow("negative") << QByteArray("-1\r\n") << QByteArray() << u"a chunk size that is not hexadecimal"_qs;
        QTest::newRow("longer than said")
            << QByteArray("3\r\nabcd\r\n") << QByteArray("abc") << u"a chunk held more data than its size said"_qs;
        QTest::newRow("2^48 and more") << QByteArray("1000000000001\r\n") << QByteArray()
                                       << u"a chunk larger than 2^48 bytes"_qs;
        QTest::newRow("endless size line") << QByteArray("1" + QByteArray(5000, '0')) << QByteArray()
                                           << u"a chunk's size line or a trailer over 4096 bytes"_qs;
        QTest::newRow("endless extension") << QByteArray("1;" + QByteArray(5000, 'x')) << QByteArray()
                                           << u"a chunk's size line or a trailer over 4096 bytes"_qs;
        QTest::newRow("too many trailers") << QByteArray("0\r\n" + QByteArray("X: 1\r\n").repeated(65) + "\r\n")
                                           << QByteArray() << u"more than 64 trailer fields"_qs;
    }
    void refusesWithASentence()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(QByteArray, before);
        QFETCH(QString, why);
        for (const qsizetype piece : {qsizetype(1), encoded.size()}) {
            ChunkedDecoder decoder;
            QCOMPARE(decodeInPieces(decoder, encoded, piece), before);
            QCOMPARE(decoder.state(), ChunkedDecoder::State::Failed);
            QCOMPARE(decoder.errorString(), why);
            QCOMPARE(decoder.feed("0\r\n\r\n"), QByteArray()); // nothing more is read
        }
    }
};

QTEST_GUILESS_MAIN(tst_ChunkedDecoder)
#include "tst_chunkeddecoder.moc"
