// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/protobufwire.h"

#include <QCborArray>
#include <QLocale>
#include <QtEndian>

#include <algorithm>
#include <bit>
#include <map>

#include "wire/utf8validator.h"

using namespace Qt::StringLiterals;

namespace Duplex::ProtobufWire {

namespace {

enum WireType : quint8 { Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5 };

bool isText(QByteArrayView bytes)
{
    const auto control = [](char c) {
        const auto byte = quint8(c);
        return (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f;
    };
    return std::none_of(bytes.begin(), bytes.end(), control) && Utf8Validator::isValid(bytes);
}

// Reads one message's fields from the front of its bytes; the first problem ends it.
class MessageReader
{
public:
    MessageReader(QByteArrayView bytes, int depth)
        : m_bytes(bytes)
        , m_depth(depth)
    { }

    std::optional<QCborMap> readWhole()
    {
        std::map<quint64, QCborArray> fields; // by number; an array appended to, never a CBOR value copied whole
        while (m_at < m_bytes.size()) {
            const auto tag = varint();
            if (!tag || *tag >> 3 == 0 || *tag >> 3 > maxFieldNumber)
                return std::nullopt;
            const auto value = valueOf(WireType(*tag & 7));
            if (!value)
                return std::nullopt;
            fields[*tag >> 3].append(*value);
        }
        QCborMap message;
        for (const auto &[number, values] : fields)
            message.insert(qint64(number), values.size() == 1 ? values.first() : QCborValue(values));
        return message;
    }

private:
    std::optional<quint64> varint()
    {
        quint64 value = 0;
        for (int shift = 0; shift < 64 && m_at < m_bytes.size(); shift += 7) {
            const auto byte = quint8(m_bytes[m_at++]);
            if (shift == 63 && byte > 1) // the tenth byte holds the 64th bit alone
                return std::nullopt;
            value |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return value;
        }
        return std::nullopt;
    }
    std::optional<QByteArrayView> take(quint64 count)
    {
        if (count > quint64(m_bytes.size() - m_at))
            return std::nullopt;
        const QByteArrayView taken = m_bytes.sliced(m_at, qsizetype(count));
        m_at += qsizetype(count);
        return taken;
    }
    std::optional<QCborValue> valueOf(WireType type)
    {
        switch (type) {
        case Varint:
            if (const auto value = varint())
                return QCborValue(qint64(*value));
            return std::nullopt;
        case Fixed64:
            if (const auto bits = take(8)) {
                const auto value = qFromLittleEndian<quint64>(bits->data());
                return QCborValue(u"%1 or double %2"_s.arg(value).arg(
                    std::bit_cast<double>(value), 0, 'g', QLocale::FloatingPointShortest));
            }
            return std::nullopt;
        case Fixed32:
            if (const auto bits = take(4)) {
                const auto value = qFromLittleEndian<quint32>(bits->data());
                return QCborValue(u"%1 or float %2"_s.arg(value).arg(std::bit_cast<float>(value), 0, 'g', 7));
            }
            return std::nullopt;
        case LengthDelimited:
            if (const auto length = varint()) {
                if (const auto bytes = take(*length))
                    return lengthDelimited(*bytes);
            }
            return std::nullopt;
        }
        return std::nullopt; // groups (3 and 4), and 6 and 7, which no version used
    }
    QCborValue lengthDelimited(QByteArrayView bytes) const
    {
        if (isText(bytes))
            return QString::fromUtf8(bytes);
        if (m_depth < maxDepth) {
            if (auto message = MessageReader(bytes, m_depth + 1).readWhole(); message && !message->isEmpty())
                return *message;
        }
        return bytes.toByteArray();
    }

    QByteArrayView m_bytes;
    qsizetype m_at = 0;
    int m_depth;
};

} // namespace

std::optional<QCborMap> read(QByteArrayView payload)
{
    auto message = MessageReader(payload, 0).readWhole();
    if (message && message->isEmpty())
        return std::nullopt;
    return message;
}

} // namespace Duplex::ProtobufWire
