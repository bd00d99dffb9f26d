// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/framelogmodel.h"

#include <algorithm>

#include "traffic/protocolglossary.h"
#include "traffic/trafficlog.h"
#include "wire/httphead.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

constexpr qsizetype previewCharacters = 80;
constexpr qsizetype previewHexBytes = 24;

QString payloadPreview(const Frame &frame, bool dropped)
{
    if (dropped)
        return FrameLogModel::tr("payload dropped: memory budget");
    if (frame.closeCode)
        return u"%1 %2"_s.arg(*frame.closeCode).arg(QString::fromUtf8(frame.closeReason));
    const QByteArray &data = frame.data();
    if (frame.messageOpcode != Opcode::text)
        return QString::fromLatin1(data.left(previewHexBytes).toHex(' '))
            + (quint64(data.size()) > previewHexBytes || frame.payloadLength > quint64(data.size()) ? u" …"_s
                                                                                                    : QString());
    return ProtocolGlossary::oneLine(QString::fromUtf8(data.left(previewCharacters * 4)).left(previewCharacters));
}

// A row for a body that is not a frame: its direction, and the text (as far as it was kept) as the payload.
Frame bodyFrame(Direction direction, const QByteArray &text, qint64 length)
{
    Frame frame;
    frame.direction = direction;
    frame.opcode = frame.messageOpcode = Opcode::text;
    frame.payload = text;
    frame.payloadLength = quint64(length);
    return frame;
}

// The body of an HTTP message: as far as it was kept, and its whole length (Content-Length, which the log keeps).
Frame httpBodyFrame(Direction direction, const QByteArray &message, const HttpHead &head)
{
    const QByteArray body = message.sliced(HttpHead::headLength(message));
    bool declared = false;
    const qint64 length = head.value("Content-Length").toLongLong(&declared);
    return bodyFrame(direction, body, declared ? length : body.size());
}

} // namespace

FrameLogModel::FrameLogModel(qsizetype capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(capacity)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushInterval);
    connect(&m_flushTimer, &QTimer::timeout, this, &FrameLogModel::flush);
}

void FrameLogModel::follow(const TrafficLog &log)
{
    connect(&log, &TrafficLog::recorded, this, &FrameLogModel::append);
    connect(&log, &TrafficLog::cleared, this, &FrameLogModel::clear);
}

void FrameLogModel::append(const TrafficRecord &record)
{
    const auto queue = [this, &record](Row row) {
        row.payloadDropped = record.payloadDropped;
        this->queue(std::move(row));
    };
    if (const auto *frame = std::get_if<Frame>(&record.event)) {
        queue({record.timeUs, record.connection, *frame, std::nullopt, Carrier::WebSocket, {}, {}});
    } else if (const auto *violation = std::get_if<ProtocolViolation>(&record.event)) {
        Frame where;
        where.direction = violation->direction;
        queue({record.timeUs, record.connection, where, violation->violation, Carrier::WebSocket, {}, {}});
    } else if (const auto *event = std::get_if<SseEvent>(&record.event)) {
        const QString label = event->type.isEmpty() ? tr("event") : tr("event: %1").arg(QString::fromUtf8(event->type));
        queue({record.timeUs, record.connection, bodyFrame(Direction::ServerToClient, event->data, event->length()),
            std::nullopt, Carrier::Sse,
            event->id.isEmpty() ? label : tr("%1 · id %2").arg(label, QString::fromUtf8(event->id)), event->bytes()});
    } else if (const auto *exchange = std::get_if<HttpExchange>(&record.event)) {
        // Refusals (connection 0) are in the connection list; here are the conversations' bodies.
        if (record.connection == 0)
            return;
        const std::optional<HttpHead> request = HttpHead::parseRequest(exchange->request);
        if (request && HttpHead::headLength(exchange->request) < exchange->request.size())
            queue({record.timeUs - exchange->heldUs, record.connection,
                httpBodyFrame(Direction::ClientToServer, exchange->request, *request), std::nullopt, Carrier::Http,
                QString::fromLatin1(request->method() + ' ' + request->target()), exchange->request});
        const std::optional<HttpHead> response = HttpHead::parseResponse(exchange->response);
        if (!response)
            return;
        QString label = QString::number(response->statusCode());
        if (request)
            label += u' ' + QString::fromLatin1(request->path());
        if (exchange->heldUs >= 1000)
            label += tr(" · held %1 s").arg(double(exchange->heldUs) / 1e6, 0, 'f', 2);
        queue(
            {record.timeUs, record.connection, httpBodyFrame(Direction::ServerToClient, exchange->response, *response),
                std::nullopt, Carrier::Http, label, exchange->response});
    }
}

void FrameLogModel::queue(Row row)
{
    m_pending.push_back(std::move(row));
    if (qsizetype(m_pending.size()) > m_capacity) { // a flood between two flushes: only the latest can show
        m_pending.pop_front();
        ++m_dropped;
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void FrameLogModel::flush()
{
    m_flushTimer.stop();
    if (m_pending.empty())
        return;
    const auto incoming = qsizetype(m_pending.size());
    const qsizetype overflow = qsizetype(m_rows.size()) + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow - 1)); // last is inclusive
        m_budget.eraseFront(m_rows, overflow);
        endRemoveRows();
        m_dropped += overflow;
    }
    const auto first = int(m_rows.size());
    const qsizetype oldestHeld = m_budget.oldestHeld();
    beginInsertRows({}, first, first + int(incoming) - 1); // last is inclusive
    for (Row &row : m_pending) {
        m_rows.push_back(std::move(row));
        m_budget.pushedBack(m_rows);
    }
    m_pending.clear();
    endInsertRows();
    announceDroppedPayloads(oldestHeld);
    if (m_dropped != std::exchange(m_reportedDropped, m_dropped))
        Q_EMIT droppedChanged(m_dropped);
}

void FrameLogModel::setPayloadBudget(qint64 bytes)
{
    const qsizetype oldestHeld = m_budget.oldestHeld();
    m_budget.setLimit(m_rows, bytes);
    announceDroppedPayloads(oldestHeld);
}

void FrameLogModel::announceDroppedPayloads(qsizetype oldestHeldBefore)
{
    if (m_budget.oldestHeld() > oldestHeldBefore) // the budget may have taken the payloads of the rows between
        Q_EMIT dataChanged(index(int(oldestHeldBefore), 0), index(int(m_budget.oldestHeld()) - 1, ColumnCount - 1));
}

void FrameLogModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_budget.clear();
    m_pending.clear();
    m_dropped = 0;
    endResetModel();
    if (std::exchange(m_reportedDropped, 0) != 0)
        Q_EMIT droppedChanged(0);
}

QList<int> FrameLogModel::messageRows(int row) const
{
    const Row &at = m_rows.at(size_t(row));
    if (at.violation || Opcode::isControl(at.frame.opcode))
        return {row};
    // Fragments of one message travel in order on one connection and one direction; control frames may come
    // between them (§5.4).
    const auto sameStream = [&at](const Row &other) {
        return other.connection == at.connection && other.frame.direction == at.frame.direction && !other.violation
            && !Opcode::isControl(other.frame.opcode);
    };
    int first = row;
    for (int i = row - 1; i >= 0 && m_rows[size_t(first)].frame.opcode == Opcode::continuation; --i) {
        if (sameStream(m_rows[size_t(i)]))
            first = i;
    }
    QList<int> rows;
    for (int i = first; i < int(m_rows.size()); ++i) {
        if (!sameStream(m_rows[size_t(i)]))
            continue;
        if (i != first && m_rows[size_t(i)].frame.opcode != Opcode::continuation)
            break;
        rows.append(i);
        if (m_rows[size_t(i)].frame.fin)
            break;
    }
    return rows;
}

QByteArray FrameLogModel::messageData(int row) const
{
    QByteArray whole;
    for (const int fragment : messageRows(row))
        whole += frameAt(fragment).data();
    return whole;
}

bool FrameLogModel::isTextMessage(int row) const
{
    return frameAt(messageRows(row).constFirst()).messageOpcode == Opcode::text;
}

QList<RecordedMessage> FrameLogModel::recordedMessages(
    quint64 connection, Direction side, qint64 openedUs, qsizetype *lost) const
{
    QList<RecordedMessage> messages;
    qint64 lastUs = openedUs;
    int replies = 0;
    for (int row = 0; row < rowCount(); ++row) {
        const Frame &frame = frameAt(row);
        if (connectionAt(row) != connection || carrierAt(row) != Carrier::WebSocket || violationAt(row)
            || Opcode::isControl(frame.opcode) || !frame.fin)
            continue; // a whole message counts once, at its last fragment
        if (frame.direction != side) {
            ++replies;
            continue;
        }
        const QList<int> fragments = messageRows(row);
        const qint64 sentUs = timeUsAt(fragments.constFirst());
        const bool whole = frameAt(fragments.constFirst()).opcode != Opcode::continuation
            && std::none_of(fragments.cbegin(), fragments.cend(), [this](int r) { return isPayloadDropped(r); });
        if (whole)
            messages.append({messageData(row), isTextMessage(row), sentUs - lastUs, replies});
        else if (lost)
            ++*lost;
        lastUs = sentUs;
        replies = 0;
    }
    return messages;
}

int FrameLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FrameLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FrameLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case Qt::TextAlignmentRole:
        return index.column() == LengthColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case DirectionRole:
        return QVariant::fromValue(row.frame.direction);
    case OpcodeRole:
        return row.violation || row.carrier != Carrier::WebSocket ? QVariant() : QVariant(row.frame.opcode);
    case CarrierRole:
        return QVariant::fromValue(row.carrier);
    case ConnectionRole:
        return row.connection;
    case ControlRole:
        return !row.violation && row.carrier == Carrier::WebSocket && Opcode::isControl(row.frame.opcode);
    case ViolationRole:
        return row.violation.has_value();
    case PayloadTextRole:
        if (row.violation)
            return QString::fromUtf8(row.violation->reason);
        if (row.frame.closeCode)
            return QString::fromUtf8(row.frame.closeReason);
        return ProtocolGlossary::payloadText(row.frame.data(), row.frame.messageOpcode == Opcode::text);
    case TimeUsRole:
        return row.timeUs;
    case SortRole:
        return index.column() == TimeColumn ? QVariant(row.timeUs) : display(row, index.column());
    }
    return {};
}

QVariant FrameLogModel::display(const Row &row, int column) const
{
    const Frame &f = row.frame;
    if (row.violation && column > DirectionColumn) {
        if (column == OpcodeColumn)
            return tr("violation");
        return column == PayloadColumn
            ? u"%1 %2"_s.arg(row.violation->closeCode).arg(QString::fromUtf8(row.violation->reason))
            : QVariant();
    }
    if (column == CarrierColumn)
        return row.carrier == Carrier::WebSocket ? tr("WebSocket")
            : row.carrier == Carrier::Sse        ? tr("SSE")
                                                 : tr("HTTP");
    if (row.carrier != Carrier::WebSocket && column > DirectionColumn && column < LengthColumn)
        return column == OpcodeColumn ? QVariant(row.label) : QVariant();
    switch (Column(column)) {
    case TimeColumn:
        return u"%1.%2"_s.arg(row.timeUs / 1'000'000).arg(row.timeUs % 1'000'000, 6, 10, QChar(u'0'));
    case ConnectionColumn:
        return row.connection;
    case CarrierColumn:
        break;
    case DirectionColumn:
        return f.direction == Direction::ClientToServer ? tr("client → server") : tr("server → client");
    case OpcodeColumn:
        return ProtocolGlossary::opcodeName(f.opcode);
    case FinColumn:
        return f.fin ? u"1"_s : u"0"_s;
    case RsvColumn:
        return u"%1%2%3"_s.arg(int(f.rsv1)).arg(int(f.rsv2)).arg(int(f.rsv3));
    case MaskColumn:
        return f.masked ? u"%1"_s.arg(f.maskingKey, 8, 16, QChar(u'0')) : tr("none");
    case LengthColumn:
        return qulonglong(f.payloadLength);
    case PayloadColumn:
        return payloadPreview(f, row.payloadDropped);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant FrameLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time (s)");
    case ConnectionColumn:
        return tr("Connection");
    case CarrierColumn:
        return tr("Transport");
    case DirectionColumn:
        return tr("Direction");
    case OpcodeColumn:
        return tr("Opcode");
    case FinColumn:
        return tr("FIN");
    case RsvColumn:
        return tr("RSV");
    case MaskColumn:
        return tr("Masking key");
    case LengthColumn:
        return tr("Length");
    case PayloadColumn:
        return tr("Payload");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Duplex
