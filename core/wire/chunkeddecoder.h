// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace Duplex {

// Reads a response body in HTTP/1.1's chunked transfer coding (RFC 9112 §7.1) as it arrives, as event streams
// from Node's and Go's servers come: chunk sizes in hex with any extensions ignored, the data, the last chunk and
// its trailer fields (read and dropped). Lines may end in LF alone (§2.2). Network input, so every line is bounded
// and any departure from the grammar fails with a sentence; nothing is guessed.
class ChunkedDecoder
{
public:
    enum class State { Reading, Done, Failed };

    // The body bytes in bytes, in order. Bytes after the body's end are not part of it and are ignored.
    QByteArray feed(QByteArrayView bytes);
    State state() const { return m_state; }
    // Of the last feed's bytes, how many came after the body's end: on a connection kept alive, the next answer's.
    qsizetype unusedBytes() const { return m_unused; }
    QString errorString() const { return m_error; }

private:
    enum class Step { Size, Data, DataEnd, Trailer };
    bool takeLine(QByteArrayView &bytes);  // true once m_line holds a whole line, without its end
    QString readSize(QByteArrayView line); // what is wrong with it, if anything
    QByteArray fail(const QString &why);

    static constexpr qsizetype maxLineBytes = 4096;
    static constexpr qsizetype maxTrailerLines = 64;
    State m_state = State::Reading;
    Step m_step = Step::Size;
    QByteArray m_line;
    qint64 m_remaining = 0; // of the current chunk's data
    int m_trailerLines = 0;
    qsizetype m_unused = 0;
    QString m_error;
};

} // namespace Duplex
