// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/replaybar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>

#include "models/connectionlistmodel.h"
#include "models/framelogmodel.h"
#include "traffic/networkthread.h"

using namespace Qt::StringLiterals;

namespace Duplex {

ReplayBar::ReplayBar(NetworkThread &network, ClientSession *session, QWidget *parent)
    : QGroupBox(tr("Replay"), parent)
    , m_network(network)
    , m_session(session)
    , m_summary(new QLabel)
    , m_pacing(newPacingChoice(tr("the server")))
    , m_play(new QPushButton)
    , m_progress(new QProgressBar)
{
    m_summary->setWordWrap(true);
    connect(m_play, &QPushButton::clicked, this, [this] {
        if (m_playing)
            stop();
        else
            Q_EMIT playRequested();
    });
    auto *putAway = new QToolButton;
    putAway->setText(u"×"_s);
    putAway->setToolTip(tr("Put the replay away"));
    putAway->setAutoRaise(true);
    connect(putAway, &QToolButton::clicked, this, [this] {
        stop();
        hide();
    });
    m_progress->setFormat(tr("%v of %m sent"));

    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(putAway, 0, Qt::AlignTop);
    layout->addLayout(top);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_pacing);
    controls->addWidget(m_progress, 1);
    controls->addWidget(m_play);
    layout->addLayout(controls);
    onFinished({});
    hide();
}

ReplayBar::~ReplayBar()
{
    m_network.call([this] { delete m_replay; });
}

QComboBox *ReplayBar::newPacingChoice(const QString &otherSide)
{
    auto *choice = new QComboBox;
    choice->addItem(
        tr("each after %1's messages before it").arg(otherSide), QVariant::fromValue(ReplayPacer::Pacing::Replies));
    choice->addItem(tr("with the recorded gaps"), QVariant::fromValue(ReplayPacer::Pacing::Timing));
    choice->addItem(tr("one after another"), QVariant::fromValue(ReplayPacer::Pacing::Immediate));
    choice->setToolTip(tr("Each message waits for as many messages from %1 as came before it when it was recorded "
                          "(at most %2 s), or as long as it did, or for nothing")
                           .arg(otherSide)
                           .arg(ReplayPacer::defaultReplyWait.count() / 1000));
    return choice;
}

ReplayPacer::Pacing ReplayBar::chosenPacing(const QComboBox &choice)
{
    return choice.currentData().value<ReplayPacer::Pacing>();
}

QString ReplayBar::withLost(const QString &summary, qsizetype lost)
{
    return lost > 0 ? summary + tr("; %1 more no longer held by the monitor").arg(lost) : summary;
}

std::optional<ReplayScript> ReplayBar::scriptOf(
    const FrameLogModel &frames, const ConnectionInfo &connection, QString *error)
{
    const quint16 peerPort = connection.peer.section(u':', -1).toUShort();
    std::optional<ClientSession::Request> request = ReplayScript::requestOf(connection.request, peerPort, error);
    if (!request)
        return std::nullopt;
    ReplayScript script {*request, {}, 0};
    script.messages
        = frames.recordedMessages(connection.id, Direction::ClientToServer, connection.firstSeenUs, &script.lost);
    return script;
}

void ReplayBar::load(const ReplayScript &script, const QString &name)
{
    stop();
    m_messages = script.messages;
    m_summary->setText(withLost(
        tr("%1 the client sent on %2").arg(ReplayPacer::messageCount(script.messages.size()), name), script.lost));
    m_progress->setRange(0, int(m_messages.size()));
    m_progress->setValue(0);
    m_play->setEnabled(!m_messages.isEmpty());
    show();
}

void ReplayBar::play()
{
    if (m_playing || m_messages.isEmpty())
        return;
    m_playing = true;
    m_play->setText(tr("Stop Pl&aying"));
    m_pacing->setEnabled(false);
    m_progress->setValue(0);
    const ReplayPacer::Pacing pacing = chosenPacing(*m_pacing);
    m_replay = m_network.call([this, pacing] {
        return new Replay(*m_session, m_messages, pacing, ReplayPacer::defaultReplyWait, m_network.context());
    });
    connect(m_replay, &Replay::messageSent, this, [this](qsizetype sent) { m_progress->setValue(int(sent)); });
    connect(m_replay, &Replay::note, this, &ReplayBar::noted);
    connect(m_replay, &Replay::finished, this, &ReplayBar::onFinished);
    m_network.call([replay = m_replay.get()] {
        connect(replay, &Replay::finished, replay, &QObject::deleteLater);
        replay->start();
    });
    Q_EMIT noted(tr("Replaying %1, %2").arg(ReplayPacer::messageCount(m_messages.size()), m_pacing->currentText()));
}

void ReplayBar::stop()
{
    // finished() follows, from the network thread; the replay may have ended there already.
    if (m_playing) {
        m_network.call([this] {
            if (m_replay)
                m_replay->stop();
        });
    }
}

void ReplayBar::onFinished(const QString &outcome)
{
    if (!outcome.isEmpty())
        Q_EMIT noted(tr("Replay: %1").arg(outcome));
    m_playing = false;
    m_play->setText(tr("Pl&ay"));
    m_pacing->setEnabled(true);
}

} // namespace Duplex
