// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QTimer>

#include <chrono>
#include <deque>
#include <optional>

#include "traffic/payloadbudget.h"
#include "traffic/replaypacer.h"
#include "wire/websocketframe.h"

namespace Duplex {

class TrafficLog;
struct TrafficRecord;

// What a traffic log's connections said, as a table: WebSocket frames, SSE events, and the bodies of plain HTTP
// exchanges (a poll's answer, a POST to the room), so one search finds a message whatever carried it; the protocol
// violations are rows of their own. Rows arrive in batches (one insert per flush interval, whatever the rate), the
// table keeps the latest up to a capacity, their payloads whole up to a memory budget (past it, the oldest payloads
// go first; the bytes are shared with the log's records), and counts what it dropped; cells are formatted on
// demand.
class FrameLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FrameLogModel)

public:
    enum Column {
        TimeColumn,
        ConnectionColumn,
        CarrierColumn,
        DirectionColumn,
        OpcodeColumn,
        FinColumn,
        RsvColumn,
        MaskColumn,
        LengthColumn,
        PayloadColumn,
        ColumnCount
    };
    enum Role {
        DirectionRole = Qt::UserRole + 1,
        OpcodeRole,
        ConnectionRole,
        ControlRole,
        TimeUsRole,
        ViolationRole,   // bool: the row is a violation, not a frame
        PayloadTextRole, // the whole payload: text as text, anything else as hex; empty once dropped
        CarrierRole,     // Carrier
        SortRole,        // what a column sorts by: the time in microseconds, numbers as numbers, text as text
    };
    // What a row shows: a WebSocket frame (or a violation), an SSE event, or an HTTP request's or answer's body.
    enum class Carrier : quint8 { WebSocket, Sse, Http };
    static constexpr qsizetype defaultCapacity = 10'000;
    static constexpr std::chrono::milliseconds flushInterval {100};

    explicit FrameLogModel(qsizetype capacity = defaultCapacity, QObject *parent = nullptr);

    // Follows log from now on.
    void follow(const TrafficLog &log);
    // Queues a frame; it shows at the next flush.
    void append(const TrafficRecord &record);
    // Moves the queued frames into the table now.
    void flush();
    void clear();
    void setPayloadBudget(qint64 bytes);

    // For a violation row, a frame with only its direction set; for SSE and HTTP rows, the direction and, as the
    // payload, the event's data or the body.
    const Frame &frameAt(int row) const { return m_rows.at(size_t(row)).frame; }
    Carrier carrierAt(int row) const { return m_rows.at(size_t(row)).carrier; }
    // For SSE and HTTP rows, the bytes exactly as they crossed the wire (the event; head and body).
    QByteArray wireAt(int row) const { return m_rows.at(size_t(row)).wire; }
    const std::optional<Violation> &violationAt(int row) const { return m_rows.at(size_t(row)).violation; }
    quint64 connectionAt(int row) const { return m_rows.at(size_t(row)).connection; }
    qint64 timeUsAt(int row) const { return m_rows.at(size_t(row)).timeUs; }
    // The rows of the fragmented message the frame at row belongs to, first to last (§5.4), as far as the table
    // still holds them; just row for an unfragmented or control frame.
    QList<int> messageRows(int row) const;
    // The application data of those rows together: the whole message, as far as the table holds it.
    QByteArray messageData(int row) const;
    bool isTextMessage(int row) const; // the message the frame at row belongs to is text
    // What side said on a WebSocket connection opened at openedUs, message by message, to say again; lost counts
    // those the table no longer holds whole.
    QList<RecordedMessage> recordedMessages(
        quint64 connection, Direction side, qint64 openedUs, qsizetype *lost = nullptr) const;
    // The memory budget took the row's payload (here or in the log it came from).
    bool isPayloadDropped(int row) const { return m_rows.at(size_t(row)).payloadDropped; }
    qsizetype dropped() const { return m_dropped; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void droppedChanged(qsizetype dropped);

private:
    struct Row
    {
        qint64 timeUs;
        quint64 connection;
        Frame frame;
        std::optional<Violation> violation;
        Carrier carrier = Carrier::WebSocket;
        QString label;   // for SSE and HTTP rows, what the opcode column says of frames
        QByteArray wire; // for SSE and HTTP rows
        bool payloadDropped = false;

        friend qint64 heldPayloadBytes(const Row &row)
        {
            const Frame &f = row.frame;
            return Opcode::isControl(f.opcode) ? 0 : f.payload.size() + f.inflated.size() + row.wire.size();
        }
        friend void dropPayload(Row &row)
        {
            row.frame.payload = row.frame.inflated = row.wire = {};
            row.payloadDropped = true;
        }
    };

    void queue(Row row);
    void announceDroppedPayloads(qsizetype oldestHeldBefore);

    QVariant display(const Row &row, int column) const;

    qsizetype m_capacity;
    std::deque<Row> m_rows;
    std::deque<Row> m_pending;
    PayloadBudget m_budget; // of m_rows
    qsizetype m_dropped = 0;
    qsizetype m_reportedDropped = 0; // by the last droppedChanged()
    QTimer m_flushTimer;
};

} // namespace Duplex
