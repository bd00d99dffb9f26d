// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/roomreplaybox.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include "room/roomhost.h"
#include "ui/confirmation.h"
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
            m_host.setReplay(m_messages, ReplayBar::chosenPacing(*m_pacing));
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

bool RoomReplayBox::load(const QList<RecordedMessage> &messages, const QString &name, qsizetype lost)
{
    if (isReplaying()
        && !confirmDestructive(this, tr("Replay"),
            tr("The room plays the server's side of %1. Play that of %2 instead? Clients connected to /replay now "
               "keep theirs.")
                .arg(m_name, name),
            tr("&Replace")))
        return false;
    m_messages = messages;
    m_name = name;
    m_host.setReplay(m_messages, ReplayBar::chosenPacing(*m_pacing));
    m_summary->setText(ReplayBar::withLost(tr("%1 the server sent on %2, played to each client that connects")
                                               .arg(ReplayPacer::messageCount(messages.size()), name),
        lost));
    showWhere();
    show();
    return true;
}

bool RoomReplayBox::stop()
{
    if (!confirmDestructive(this, tr("Replay"),
            tr("Stop playing the server's side of %1? /replay refuses the next clients; those connected keep theirs.")
                .arg(m_name),
            tr("Stop &Replaying")))
        return false;
    m_messages.clear();
    m_host.setReplay({}, ReplayPacer::Pacing::Replies);
    hide();
    return true;
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
