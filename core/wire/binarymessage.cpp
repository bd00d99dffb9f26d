// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/binarymessage.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborStreamReader>
#include <QDateTime>
#include <QtEndian>

#include <bit>
#include <limits>
#include <type_traits>

#include "wire/protobufwire.h"

using namespace Qt::StringLiterals;

namespace Duplex::BinaryMessage {

namespace {

// Reads MessagePack from the front of its bytes; the first problem ends it.
class MessagePackReader
{
public:
    explicit MessagePackReader(QByteArrayView bytes)
        : m_bytes(bytes)
    { }

    std::optional<QCborValue> readWhole(QString *error)
    {
        std::optional<QCborValue> value = readValue(0);
        if (value && m_at != m_bytes.size())
            value = fail(u"the value ends before the data does"_s);
        if (!value && error)
            *error = u"byte %1: %2"_s.arg(m_at).arg(m_problem);
        return value;
    }

private:
    std::nullopt_t fail(const QString &problem)
    {
        m_problem = problem;
        return std::nullopt;
    }
    bool has(quint64 count) const { return count <= quint64(m_bytes.size() - m_at); }
    QString left() const
    {
        const qsizetype count = m_bytes.size() - m_at;
        return count == 1 ? u"1 byte left"_s : u"%1 bytes left"_s.arg(count);
    }
    // A big-endian unsigned integer of sizeof(T) bytes; the caller checked they are there.
    template <typename T> T take()
    {
        const T value = qFromBigEndian<T>(m_bytes.data() + m_at);
        m_at += sizeof(T);
        return value;
    }
    template <typename T> std::optional<quint64> length()
    {
        if (!has(sizeof(T)))
            return fail(u"the data ends inside a length"_s);
        return take<T>();
    }
    std::optional<QByteArray> bytes(quint64 count)
    {
        if (!has(count))
            return fail(u"%1 bytes announced, %2"_s.arg(count).arg(left()));
        const QByteArray taken = m_bytes.sliced(m_at, qsizetype(count)).toByteArray();
        m_at += qsizetype(count);
        return taken;
    }
    template <typename T> std::optional<QCborValue> number()
    {
        if (!has(sizeof(T)))
            return fail(u"the data ends inside a number"_s);
        using Unsigned = std::make_unsigned_t<T>;
        const T value = T(take<Unsigned>());
        if constexpr (std::is_same_v<T, quint64>) {
            if (value > quint64(std::numeric_limits<qint64>::max()))
                return QCborValue(double(value)); // beyond what a CBOR value holds as an integer
        }
        return QCborValue(qint64(value));
    }
    template <typename Bits, typename Float> std::optional<QCborValue> floating()
    {
        if (!has(sizeof(Bits)))
            return fail(u"the data ends inside a number"_s);
        return QCborValue(double(std::bit_cast<Float>(take<Bits>())));
    }
    std::optional<QCborValue> string(std::optional<quint64> size)
    {
        const auto data = size ? bytes(*size) : std::nullopt;
        return data ? std::optional(QCborValue(QString::fromUtf8(*data))) : std::nullopt;
    }
    std::optional<QCborValue> binary(std::optional<quint64> size)
    {
        const auto data = size ? bytes(*size) : std::nullopt;
        return data ? std::optional(QCborValue(*data)) : std::nullopt;
    }
    std::optional<QCborValue> array(std::optional<quint64> count, int depth)
    {
        if (!count || !has(*count)) // each item takes a byte at least
            return count ? fail(u"an array of %1 items announced, %2"_s.arg(*count).arg(left())) : std::nullopt;
        QCborArray items;
        for (quint64 i = 0; i < *count; ++i) {
            const auto item = readValue(depth + 1);
            if (!item)
                return std::nullopt;
            items.append(*item);
        }
        return QCborValue(items);
    }
    std::optional<QCborValue> map(std::optional<quint64> count, int depth)
    {
        if (!count || !has(*count * 2))
            return count ? fail(u"a map of %1 entries announced, %2"_s.arg(*count).arg(left())) : std::nullopt;
        QCborMap entries;
        for (quint64 i = 0; i < *count; ++i) {
            const auto key = readValue(depth + 1);
            const auto value = key ? readValue(depth + 1) : std::nullopt;
            if (!value)
                return std::nullopt;
            entries.insert(*key, *value);
        }
        return QCborValue(entries);
    }
    std::optional<QCborValue> extension(std::optional<quint64> size)
    {
        if (!size || !has(*size + 1))
            return size ? fail(u"the data ends inside an extension"_s) : std::nullopt;
        const auto type = qint8(m_bytes[m_at++]);
        const QByteArray data = *bytes(*size);
        if (type == -1) { // the timestamp: 32-bit seconds; 30-bit nanoseconds and 34-bit seconds; or 32 and 64
            qint64 seconds = 0;
            quint32 nanoseconds = 0;
            if (data.size() == 4) {
                seconds = qFromBigEndian<quint32>(data.constData());
            } else if (data.size() == 8) {
                const auto both = qFromBigEndian<quint64>(data.constData());
                nanoseconds = quint32(both >> 34);
                seconds = qint64(both & 0x3'ffff'ffffULL);
            } else if (data.size() == 12) {
                nanoseconds = qFromBigEndian<quint32>(data.constData());
                seconds = qFromBigEndian<qint64>(data.constData() + 4);
            }
            const QDateTime time = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).addMSecs(nanoseconds / 1'000'000);
            if (data.size() % 4 == 0 && nanoseconds < 1'000'000'000 && time.isValid())
                return QCborValue(time);
        }
        return QCborValue(QCborMap {{u"extension"_s, type}, {u"data"_s, data}});
    }

    std::optional<QCborValue> readValue(int depth)
    {
        if (depth > maxDepth)
            return fail(u"nested deeper than %1"_s.arg(maxDepth));
        if (!has(1))
            return fail(u"the data ends where a value should start"_s);
        const auto head = quint8(m_bytes[m_at++]);
        if (head <= 0x7f)
            return QCborValue(qint64(head));
        if (head >= 0xe0)
            return QCborValue(qint64(qint8(head)));
        if (head <= 0x8f)
            return map(head & 0x0f, depth);
        if (head <= 0x9f)
            return array(head & 0x0f, depth);
        if (head <= 0xbf)
            return string(head & 0x1f);
        switch (head) {
        case 0xc0:
            return QCborValue(nullptr);
        case 0xc2:
            return QCborValue(false);
        case 0xc3:
            return QCborValue(true);
        case 0xc4:
            return binary(length<quint8>());
        case 0xc5:
            return binary(length<quint16>());
        case 0xc6:
            return binary(length<quint32>());
        case 0xc7:
            return extension(length<quint8>());
        case 0xc8:
            return extension(length<quint16>());
        case 0xc9:
            return extension(length<quint32>());
        case 0xca:
            return floating<quint32, float>();
        case 0xcb:
            return floating<quint64, double>();
        case 0xcc:
            return number<quint8>();
        case 0xcd:
            return number<quint16>();
        case 0xce:
            return number<quint32>();
        case 0xcf:
            return number<quint64>();
        case 0xd0:
            return number<qint8>();
        case 0xd1:
            return number<qint16>();
        case 0xd2:
            return number<qint32>();
        case 0xd3:
            return number<qint64>();
        case 0xd4:
        case 0xd5:
        case 0xd6:
        case 0xd7:
        case 0xd8:
            return extension(quint64(1) << (head - 0xd4));
        case 0xd9:
            return string(length<quint8>());
        case 0xda:
            return string(length<quint16>());
        case 0xdb:
            return string(length<quint32>());
        case 0xdc:
            return array(length<quint16>(), depth);
        case 0xdd:
            return array(length<quint32>(), depth);
        case 0xde:
            return map(length<quint16>(), depth);
        case 0xdf:
            return map(length<quint32>(), depth);
        default: // 0xc1, which the specification never uses
            return fail(u"0x%1 is no MessagePack type"_s.arg(uint(head), 2, 16, QChar(u'0')));
        }
    }

    QByteArrayView m_bytes;
    qsizetype m_at = 0;
    QString m_problem;
};

bool isContainer(const QCborValue &value)
{
    return value.isMap() || value.isArray();
}

std::optional<QCborValue> fromCbor(QByteArrayView payload)
{
    QCborStreamReader reader(payload.data(), payload.size());
    QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError || reader.currentOffset() != payload.size())
        return std::nullopt;
    return value;
}

} // namespace

std::optional<QCborValue> fromMessagePack(QByteArrayView bytes, QString *error)
{
    return MessagePackReader(bytes).readWhole(error);
}

std::optional<Reading> read(QByteArrayView payload)
{
    if (const auto cbor = fromCbor(payload); cbor && isContainer(*cbor))
        return Reading {Format::Cbor, *cbor};
    if (const auto messagePack = fromMessagePack(payload); messagePack && isContainer(*messagePack))
        return Reading {Format::MessagePack, *messagePack};
    if (const auto message = ProtobufWire::read(payload))
        return Reading {Format::Protobuf, *message};
    return std::nullopt;
}

QString describe(const Reading &reading)
{
    if (reading.format == Format::Protobuf) {
        const qsizetype fields = reading.value.toMap().size();
        return fields == 1 ? u"Protobuf without its .proto: 1 field by number"_s
                           : u"Protobuf without its .proto: %1 fields by number"_s.arg(fields);
    }
    const QString format = reading.format == Format::Cbor ? u"CBOR"_s : u"MessagePack"_s;
    if (reading.value.isMap()) {
        const qsizetype entries = reading.value.toMap().size();
        return entries == 1 ? format + u": a map of 1 entry"_s : u"%1: a map of %2 entries"_s.arg(format).arg(entries);
    }
    const qsizetype items = reading.value.toArray().size();
    return items == 1 ? format + u": an array of 1 item"_s : u"%1: an array of %2 items"_s.arg(format).arg(items);
}

} // namespace Duplex::BinaryMessage
