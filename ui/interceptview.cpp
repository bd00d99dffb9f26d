// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/interceptview.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>

#include "client/clientsession.h"
#include "traffic/networkthread.h"
#include "ui/contrast.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

constexpr int messageRole = Qt::UserRole + 1;
constexpr qsizetype previewCharacters = 60;

// A payload as the editor shows it: text as text, binary as hex bytes.
QString editable(quint8 opcode, const QByteArray &payload)
{
    return opcode == Opcode::text ? QString::fromUtf8(payload) : QString::fromLatin1(payload.toHex(' '));
}

QString editable(const HeldMessage &message)
{
    return editable(message.opcode, message.payload);
}

// "→ server · 127.0.0.1:51796 · text, 5 bytes: hello"
QString rowText(const HeldMessage &message)
{
    const QString towards
        = message.direction == Direction::ClientToServer ? InterceptView::tr("server") : InterceptView::tr("client");
    const QString kind = message.opcode == Opcode::text ? InterceptView::tr("text") : InterceptView::tr("binary");
    // Only the bytes a preview can show: a held message may be megabytes long.
    const QByteArray start = message.payload.left(previewCharacters * 4); // UTF-8 takes at most 4 bytes a character
    QString preview = editable(message.opcode, start).simplified();
    if (preview.size() > previewCharacters || start.size() < message.payload.size())
        preview = preview.first(std::min(preview.size(), previewCharacters)) + u'…';
    const QString size = message.payload.size() == 1 ? InterceptView::tr("1 byte")
                                                     : InterceptView::tr("%1 bytes").arg(message.payload.size());
    return InterceptView::tr("→ %1 · %2 · %3, %4: %5").arg(towards, message.client, kind, size, preview);
}

} // namespace

InterceptView::InterceptView(NetworkThread &network, WebSocketRelay &relay, QWidget *parent)
    : QWidget(parent)
    , m_network(network)
    , m_relay(relay)
    , m_holdToServer(new QCheckBox(tr("Hold messages &to the server")))
    , m_holdToClient(new QCheckBox(tr("Hold messages to the c&lient")))
    , m_holdPattern(new QLineEdit)
    , m_held(new QListWidget)
    , m_editor(new QPlainTextEdit)
    , m_forward(new QPushButton(tr("For&ward")))
    , m_drop(new QPushButton(tr("&Drop")))
    , m_forwardAll(new QPushButton(tr("Forward &All")))
    , m_connections(new QComboBox)
    , m_composer(new QLineEdit)
    , m_sendToServer(new QPushButton(tr("Send to Server")))
    , m_sendToClient(new QPushButton(tr("Send to Client")))
    , m_problem(new QLabel)
{
    m_holdPattern->setPlaceholderText(tr("only those matching, e.g. \"type\":\\s*\"order\""));
    m_holdPattern->setToolTip(tr("A regular expression: only the messages it finds something in are held (binary "
                                 "ones as hex digits, such as ff01); the others still wait behind a held one"));
    m_held->setToolTip(tr("Held messages, oldest first. Each way, the messages behind a held one wait for it."));
    m_editor->setPlaceholderText(tr("The selected message, to edit before it goes on (binary as hex bytes)"));
    m_composer->setPlaceholderText(tr("A text message of your own"));
    m_connections->setToolTip(tr("The connection your message goes on"));
    m_connections->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_problem->setWordWrap(true);
    m_problem->hide();
    Contrast::inkAsFailure(*m_problem, palette().color(QPalette::Window));

    auto *holds = new QHBoxLayout;
    holds->addWidget(m_holdToServer);
    holds->addWidget(m_holdToClient);
    holds->addWidget(m_holdPattern, 1);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_forward);
    actions->addWidget(m_drop);
    actions->addWidget(m_forwardAll);
    actions->addStretch();
    auto *composing = new QHBoxLayout;
    composing->addWidget(m_connections);
    composing->addWidget(m_composer, 1);
    composing->addWidget(m_sendToServer);
    composing->addWidget(m_sendToClient);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins({});
    layout->addLayout(holds);
    layout->addWidget(m_held, 1);
    layout->addWidget(m_editor, 1);
    layout->addLayout(actions);
    layout->addLayout(composing);
    layout->addWidget(m_problem);

    const auto holdOn = [this](Direction direction) {
        return [this, direction](bool on) { m_network.call([this, direction, on] { m_relay.hold(direction, on); }); };
    };
    connect(m_holdToServer, &QCheckBox::toggled, this, holdOn(Direction::ClientToServer));
    connect(m_holdToClient, &QCheckBox::toggled, this, holdOn(Direction::ServerToClient));
    connect(m_holdPattern, &QLineEdit::textChanged, this, &InterceptView::applyHoldPattern);
    connect(m_held, &QListWidget::currentRowChanged, this, &InterceptView::showSelected);
    connect(m_forward, &QPushButton::clicked, this, &InterceptView::forwardSelected);
    connect(m_drop, &QPushButton::clicked, this, &InterceptView::dropSelected);
    connect(m_forwardAll, &QPushButton::clicked, this, &InterceptView::forwardAll);
    connect(m_sendToServer, &QPushButton::clicked, this, [this] { send(Direction::ClientToServer); });
    connect(m_sendToClient, &QPushButton::clicked, this, [this] { send(Direction::ServerToClient); });
    connect(&relay, &WebSocketRelay::held, this, &InterceptView::onHeld);
    connect(&relay, &WebSocketRelay::released, this, &InterceptView::onReleased);
    connect(&relay, &WebSocketRelay::messagesOpened, this, [this](quint64 connection, const QString &client) {
        m_connections->addItem(tr("#%1 for %2").arg(connection).arg(client), connection);
    });
    connect(&relay, &WebSocketRelay::messagesClosed, this, [this](quint64 connection, int undelivered) {
        const int index = m_connections->findData(connection);
        if (undelivered > 0) { // their rows are gone (released), and what was typed for them: a person is told
            const QString name = m_connections->itemText(index);
            say(undelivered == 1
                    ? tr("A held message was not delivered: connection %1 ended first.").arg(name)
                    : tr("%1 held messages were not delivered: connection %2 ended first.").arg(undelivered).arg(name));
        }
        m_connections->removeItem(index);
    });
    showSelected();
}

void InterceptView::onHeld(const HeldMessage &message)
{
    m_messages.insert(message.id, message);
    auto *item = new QListWidgetItem(rowText(message), m_held);
    item->setData(messageRole, message.id);
    if (m_held->currentRow() < 0)
        m_held->setCurrentItem(item);
}

void InterceptView::onReleased(quint64 message)
{
    m_messages.remove(message);
    m_drafts.remove(message);
    if (m_shown == message)
        m_shown = 0; // its row goes next, and with it what the editor held for it
    for (int row = 0; row < m_held->count(); ++row) {
        if (m_held->item(row)->data(messageRole).toULongLong() == message) {
            delete m_held->takeItem(row);
            break;
        }
    }
}

quint64 InterceptView::selected() const
{
    const QListWidgetItem *item = m_held->currentItem();
    return item ? item->data(messageRole).toULongLong() : 0;
}

QString InterceptView::draftOf(const HeldMessage &message) const
{
    return message.id == m_shown ? m_editor->toPlainText() : m_drafts.value(message.id, editable(message));
}

void InterceptView::showSelected()
{
    // What the person typed for the message shown before stays with it.
    if (const auto shown = m_messages.constFind(m_shown); shown != m_messages.cend()) {
        if (const QString draft = m_editor->toPlainText(); draft != editable(*shown))
            m_drafts.insert(m_shown, draft);
        else
            m_drafts.remove(m_shown);
    }
    const auto message = m_messages.constFind(selected());
    const bool any = message != m_messages.cend();
    m_shown = any ? message->id : 0;
    m_editor->setPlainText(any ? m_drafts.value(message->id, editable(*message)) : QString());
    for (QWidget *widget : {static_cast<QWidget *>(m_editor), static_cast<QWidget *>(m_forward),
             static_cast<QWidget *>(m_drop), static_cast<QWidget *>(m_forwardAll)})
        widget->setEnabled(any);
}

bool InterceptView::edited(const HeldMessage &message, std::optional<QByteArray> *payload)
{
    const QString text = draftOf(message);
    if (text == editable(message))
        return true;
    if (message.opcode == Opcode::text) {
        *payload = text.toUtf8();
        return true;
    }
    QString error;
    *payload = ClientSession::fromHex(text, &error); // as the Client tab's Hex composer reads it
    if (!*payload)
        return say(tr("A binary message is edited as hex bytes, such as 48 69 0a: %1.").arg(error));
    return true;
}

void InterceptView::applyHoldPattern()
{
    const QRegularExpression pattern(m_holdPattern->text());
    if (!pattern.isValid()) {
        say(tr("The pattern is not a regular expression (%1): the last one that was still applies.")
                .arg(pattern.errorString()));
        return;
    }
    say({});
    m_network.call([this, pattern] { m_relay.holdOnly(pattern); });
}

bool InterceptView::say(const QString &problem)
{
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    return problem.isEmpty();
}

bool InterceptView::forwardSelected()
{
    const quint64 id = selected();
    const auto message = m_messages.constFind(id);
    if (message == m_messages.cend())
        return false;
    std::optional<QByteArray> payload;
    if (!edited(*message, &payload))
        return false;
    if (!m_network.call([&] { return m_relay.forward(id, payload); }))
        return say(tr("The message did not go on: its connection ended."));
    return say({});
}

bool InterceptView::dropSelected()
{
    const quint64 id = selected();
    if (id == 0)
        return false;
    if (!m_network.call([&] { return m_relay.drop(id); }))
        return say(tr("The message was no longer held: its connection ended."));
    return say({});
}

bool InterceptView::forwardAll()
{
    QList<std::pair<quint64, std::optional<QByteArray>>> held; // in order, each as edited
    for (int row = 0; row < m_held->count(); ++row) {
        const quint64 id = m_held->item(row)->data(messageRole).toULongLong();
        std::optional<QByteArray> payload;
        if (!edited(m_messages.value(id), &payload)) {
            m_held->setCurrentRow(row); // the one to correct
            return false;
        }
        held.append({id, payload});
    }
    m_network.call([&] {
        for (const auto &[id, payload] : held)
            m_relay.forward(id, payload);
    });
    return say({});
}

bool InterceptView::send(Direction direction)
{
    if (m_connections->currentIndex() < 0)
        return say(tr("No connection is open through the relay to send on."));
    const quint64 connection = m_connections->currentData().toULongLong();
    const QByteArray text = m_composer->text().toUtf8();
    if (!m_network.call([&] { return m_relay.send(connection, direction, Opcode::text, text); }))
        return say(tr("The message did not go: that side of the connection has closed."));
    m_composer->clear();
    return say({});
}

} // namespace Duplex
