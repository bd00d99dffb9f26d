// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/roomreplaybox.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include "room/roomhost.h"
#include "ui/replaybar.h"

using namespace Qt::StringLiterals;

namespace Duplex {

RoomReplayBox::RoomReplayBox(RoomHost &host, QWidget *parent)
    : QGroupBox(tr("Replay"), parent)
    , m_host(host)
    , m_summary(new QLabel)
    , m_where(new QLabel)
    , m_pacing(ReplayBar::newPacingChoice(tr("the client")))
{
    m_summary->setWordWrap(true);
    m_where->setTextFormat(Qt::PlainText);
    m_where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_pacing, &QComboBox::currentIndexChanged, this, [this] {
        if (isReplaying())
            m_host.setReplay(m_messages, m_pacing->currentData().value<ReplayPacer::Pacing>());
    });
    auto *stopButton = new QPushButton(tr("Stop &Replaying"));
    connect(stopButton, &QPushButton::clicked, this, &RoomReplayBox::stop);
    connect(&host, &RoomHost::stateChanged, this, &RoomReplayBox::showWhere);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_where);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_pacing);
    controls->addStretch(1);
    controls->addWidget(stopButton);
    layout->addLayout(controls);
    hide();
}

void RoomReplayBox::load(const QList<RecordedMessage> &messages, const QString &name, qsizetype lost)
{
    m_messages = messages;
    m_host.setReplay(m_messages, m_pacing->currentData().value<ReplayPacer::Pacing>());
    QString summary = tr("%1 the server sent on %2, played to each client that connects")
                          .arg(ReplayPacer::messageCount(messages.size()), name);
    if (lost > 0)
        summary += tr("; %1 more no longer held by the monitor").arg(lost);
    m_summary->setText(summary);
    showWhere();
    show();
}

void RoomReplayBox::stop()
{
    m_messages.clear();
    m_host.setReplay({}, ReplayPacer::Pacing::Replies);
    hide();
}

void RoomReplayBox::showWhere()
{
    if (m_host.state() != RoomHost::State::Running || m_host.urls().isEmpty()) {
        m_where->setText(tr("Host the room: it plays them at /replay."));
        return;
    }
    QUrl url = m_host.urls().constFirst();
    url.setPath(u"/replay"_s);
    m_where->setText(tr("At %1").arg(url.toString()));
}

} // namespace Duplex
