// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QPointF>
#include <QStringList>

#include <chrono>

#include "room/chatprotocol.h"

namespace Duplex {

// What a Transport Lab run is asked to do: this many clients of each transport receive the messages one sender
// posts to the room at rate for duration, one transport after the other.
struct LabSettings
{
    static constexpr int maxClients = 100; // per transport
    static constexpr double maxRate = 200; // messages per second
    static constexpr int maxMessageBytes = 64 << 10;
    static constexpr std::chrono::seconds maxDuration {30};

    int clients[std::size(ChatProtocol::allTransports)] = {10, 10, 10, 10}; // in allTransports' order
    double rate = 2;
    int messageBytes = 64; // the text each message carries
    std::chrono::milliseconds pollInterval {1000};
    std::chrono::milliseconds duration {5000}; // of sending, per transport

    int clientsOf(ChatProtocol::Transport transport) const { return clients[int(transport)]; }
};

// Bytes one way, split by what they carry.
struct LabBytes
{
    qint64 headers = 0; // HTTP heads, the WebSocket upgrade's included
    qint64 framing = 0; // everything else: frame headers and control frames, SSE fields, JSON array punctuation
    qint64 payload = 0; // the room's message objects, as JSON

    qint64 total() const { return headers + framing + payload; }
};

// What the lab measured of one transport in its window (from the first message sent until every client had every
// message, or the drain gave up), and what follows from it.
struct LabFigures
{
    static QString title(ChatProtocol::Transport transport); // "WebSocket", "SSE", "Long polls", "Short polls"

    ChatProtocol::Transport transport = ChatProtocol::Transport::WebSocket;
    int clients = 0;
    double seconds = 0;
    qint64 sent = 0;      // messages the sender posted
    qint64 delivered = 0; // of them, received by a client; sent × clients when nothing was lost
    LabBytes up;          // client to server, counted on the relay the clients connect through
    LabBytes down;        // server to client
    qint64 requests = 0;  // HTTP requests answered (upgrades included)
    qint64 answers = 0;   // of them, polls
    qint64 emptyAnswers = 0;
    qint64 serverCpuUs = 0;   // the network thread's, where the room runs
    int connections = 0;      // open at the end of the window
    QList<QPointF> latencies; // (seconds into the window, milliseconds from sending to receipt), in order of receipt

    double deliveredShare() const;
    double perMessage(qint64 bytes) const; // per delivered message
    double requestsPerSecond() const;
    double messagesPerAnswer() const; // of the answers that had news
    double cpuPerMessageUs() const;
    double latencyPercentileMs(double percentile) const; // NaN without deliveries
    // The median latency of each whole second of the window.
    QList<QPointF> latencyMedianPerSecond() const;
    // The bytes per second, both ways, and requests per second of n clients like these.
    double bytesPerSecondFor(int n) const;
    double requestsPerSecondFor(int n) const;
};

// What simple formulas say a delivered message costs, from the heads and messages this run saw: a WebSocket frame
// adds a few bytes, an SSE event its field names, a long poll a request and an answer per message, and a short poll
// a request and an answer every interval, news or not.
struct LabPrediction
{
    double upPerMessage = 0;
    double downPerMessage = 0;
    double requestsPerSecond = 0;

    static LabPrediction of(const LabFigures &figures, const LabSettings &settings);
};

// The run's figures as a table for a person (the panel) and for export: a row per figure, a column per transport.
struct LabTable
{
    QStringList header;
    QList<QStringList> rows;

    static LabTable of(const QList<LabFigures> &figures, const LabSettings &settings);
    QString toCsv() const;
    QString toMarkdown() const;
};

} // namespace Duplex
