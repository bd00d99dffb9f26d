// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/conversation.h"

#include <QCoreApplication>

#include <algorithm>

#include "models/framelogmodel.h"

namespace Duplex::Conversation {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Duplex::Conversation", text);
}

// A whole data message: text as text, anything else in hex, cut past maxShownBytes.
QString messageText(const QByteArray &payload, bool text)
{
    const QByteArray shown = payload.first(std::min(payload.size(), maxShownBytes));
    QString words = text ? QString::fromUtf8(shown) : QString::fromLatin1(shown.toHex(' '));
    if (shown.size() < payload.size())
        words += tr(" … (%1 bytes in all)").arg(payload.size());
    return words;
}

} // namespace

QList<Line> of(const FrameLogModel &frames, quint64 connection)
{
    QList<Line> lines;
    for (int row = 0; row < frames.rowCount(); ++row) {
        if (frames.connectionAt(row) != connection)
            continue;
        const Frame &frame = frames.frameAt(row);
        const auto shown = [&frames, row](int column) { return frames.index(row, column).data().toString(); };
        const bool heartbeat = frames.carrierAt(row) == FrameLogModel::Carrier::WebSocket && !frames.violationAt(row)
            && (frame.opcode == Opcode::ping || frame.opcode == Opcode::pong);
        Line line {shown(FrameLogModel::TimeColumn), frame.direction, shown(FrameLogModel::OpcodeColumn),
            shown(FrameLogModel::PayloadColumn), heartbeat};
        const bool wholeMessage = frames.carrierAt(row) == FrameLogModel::Carrier::WebSocket && !frames.violationAt(row)
            && !Opcode::isControl(frame.opcode);
        if (wholeMessage) {
            if (!frame.fin)
                continue; // it shows with its last fragment
            const QList<int> fragments = frames.messageRows(row);
            const bool text = frames.isTextMessage(row);
            line.kind = text ? tr("text") : tr("binary");
            if (!std::any_of(
                    fragments.cbegin(), fragments.cend(), [&frames](int r) { return frames.isPayloadDropped(r); })) {
                line.text = messageText(frames.messageData(row), text);
                if (frames.frameAt(fragments.constFirst()).opcode == Opcode::continuation)
                    line.text.prepend(tr("(its first fragments are no longer held) "));
            }
        }
        lines.append(line);
    }
    return lines;
}

QString sides(Direction direction)
{
    return direction == Direction::ClientToServer ? tr("client → server") : tr("server → client");
}

QString asText(const QList<Line> &lines)
{
    QString text;
    for (const Line &line : lines)
        text += line.time + u"  " + sides(line.direction) + u"  " + line.kind + u"  " + line.text + u'\n';
    return text;
}

QString withoutTimes(const QList<Line> &lines)
{
    QString text;
    for (const Line &line : lines) {
        if (!line.heartbeat)
            text += sides(line.direction) + u"  " + line.kind + u"  " + line.text + u'\n';
    }
    return text;
}

} // namespace Duplex::Conversation
