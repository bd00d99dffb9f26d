// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/clientpanel.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextCursor>
#include <QTime>
#include <QToolButton>

#include "traffic/networkthread.h"
#include "traffic/protocolglossary.h"
#include "ui/certificatequestion.h"
#include "ui/composervariables.h"
#include "ui/confirmation.h"
#include "ui/contrast.h"
#include "ui/tlsfilefields.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

const QString recentUrlsKey = u"client/recentUrls"_s;
const QString variablesKey = u"client/variables"_s;
const QString autoRepliesKey = u"client/autoReplies"_s;
const QString offerDeflateKey = u"client/offerDeflate"_s;

bool isHttpUrl(const QString &url)
{
    return url.startsWith(u"http://", Qt::CaseInsensitive) || url.startsWith(u"https://", Qt::CaseInsensitive);
}

ClientSession::State stateOf(PollSession::State state)
{
    switch (state) {
    case PollSession::State::Joining:
        return ClientSession::State::Connecting;
    case PollSession::State::Open:
        return ClientSession::State::Open;
    case PollSession::State::Waiting:
        return ClientSession::State::Reconnecting;
    case PollSession::State::Closed:
        break;
    }
    return ClientSession::State::Closed;
}

ClientSession::State stateOf(EventSourceSession::State state)
{
    switch (state) {
    case EventSourceSession::State::Connecting:
        return ClientSession::State::Connecting;
    case EventSourceSession::State::Open:
        return ClientSession::State::Open;
    case EventSourceSession::State::Waiting:
        return ClientSession::State::Reconnecting;
    case EventSourceSession::State::Closed:
        break;
    }
    return ClientSession::State::Closed;
}

QString stateName(ClientSession::State state)
{
    switch (state) {
    case ClientSession::State::Closed:
        return ClientPanel::tr("closed");
    case ClientSession::State::Connecting:
        return ClientPanel::tr("connecting…");
    case ClientSession::State::Open:
        return ClientPanel::tr("open");
    case ClientSession::State::Closing:
        return ClientPanel::tr("closing…");
    case ClientSession::State::Reconnecting:
        return ClientPanel::tr("waiting to reconnect");
    }
    return {};
}

} // namespace

ClientPanel::ClientPanel(NetworkThread &network, QSettings &settings, CertificateTrust &trust, QWidget *parent)
    : QWidget(parent)
    , m_network(network)
    , m_settings(settings)
    , m_memory(settings)
    , m_trust(trust)
    , m_session(network.call([this] { return new ClientSession(m_network.log(), m_trust, m_network.context()); }))
    // One id for the three, so that the monitor names the tab's connections alike whatever carries them.
    , m_stream(network.call(
          [this] { return new EventSourceSession(m_network.log(), m_session->id(), m_network.context()); }))
    , m_poller(network.call([this] { return new PollSession(m_network.log(), m_session->id(), m_network.context()); }))
    , m_url(new QComboBox)
    , m_form(new QFormLayout)
    , m_subprotocols(new QLineEdit)
    , m_headers(new QPlainTextEdit)
    , m_origin(new QLineEdit)
    , m_tls(settings, u"client"_s)
    , m_offerDeflate(new QCheckBox(tr("Offer permessage-deflate")))
    , m_proxy(new ProxyField(settings, u"client"_s))
    , m_transportRow(new QWidget)
    , m_httpTransport(new QComboBox)
    , m_pollInterval(new QDoubleSpinBox)
    , m_method(new QComboBox)
    , m_body(new QLineEdit)
    , m_eventTypes(new QLineEdit)
    , m_connect(new QPushButton(tr("&Connect")))
    , m_stateLabel(new QLabel)
    , m_reconnect(new QCheckBox(tr("Reconnect when lost")))
    , m_composer(new QTabWidget)
    , m_text(new QPlainTextEdit)
    , m_hex(new QPlainTextEdit)
    , m_file(new QLineEdit)
    , m_send(new QPushButton(tr("S&end")))
    , m_repeat(new QCheckBox(tr("Eve&ry")))
    , m_repeatInterval(new QDoubleSpinBox)
    , m_saved(new QToolButton)
    , m_formatJson(new QPushButton(tr("Format &JSON")))
    , m_rules(new QToolButton)
    , m_progress(new QProgressBar)
    , m_sendGroup(new QGroupBox(tr("Send")))
    , m_replayBar(new ReplayBar(network, m_session))
    , m_frameControls(new QWidget)
    , m_pingPayload(new QLineEdit)
    , m_pong(new QPushButton(tr("Pon&g")))
    , m_fragmentBytes(new QSpinBox)
    , m_closeCode(new QComboBox)
    , m_closeReason(new QLineEdit)
    , m_log(new QPlainTextEdit)
{
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    m_url->setEditable(true);
    m_url->setInsertPolicy(QComboBox::NoInsert);
    m_url->addItems(settings.value(recentUrlsKey).toStringList());
    m_url->lineEdit()->setPlaceholderText(tr("ws://127.0.0.1:8080/echo, or http://…/events for an event stream"));
    m_subprotocols->setPlaceholderText(tr("comma-separated, e.g. chat, superchat"));
    m_headers->setPlaceholderText(tr("one per line, e.g. Authorization: Bearer …"));
    m_headers->setFont(fixed);
    m_headers->setMaximumHeight(fontMetrics().height() * 4);
    m_origin->setPlaceholderText(tr("none (as native clients)"));
    m_offerDeflate->setChecked(settings.value(offerDeflateKey, true).toBool());
    m_offerDeflate->setToolTip(tr("Ask the server to compress what it sends, as browsers do"));
    m_httpTransport->addItem(tr("Server-sent events (any server)"), int(Carrier::EventStream));
    m_httpTransport->addItem(tr("Long polls (a Duplex room)"), int(Carrier::Polls));
    m_httpTransport->addItem(tr("Short polls (a Duplex room)"), int(Carrier::Polls));
    m_pollInterval->setRange(0.1, 60);
    m_pollInterval->setValue(1);
    m_pollInterval->setSuffix(tr(" s"));
    m_pollInterval->setPrefix(tr("every "));
    connect(m_httpTransport, &QComboBox::currentIndexChanged, this, &ClientPanel::showFields);
    m_method->addItems({u"GET"_s, u"POST"_s});
    m_body->setPlaceholderText(tr("sent with POST, as typed"));
    m_eventTypes->setPlaceholderText(tr("all; or comma-separated, e.g. message, update"));
    connect(m_url, &QComboBox::currentTextChanged, this, &ClientPanel::showFields);
    m_reconnect->setChecked(true);
    connect(m_connect, &QPushButton::clicked, this, &ClientPanel::onConnectClicked);
    connect(m_url->lineEdit(), &QLineEdit::returnPressed, this, &ClientPanel::onConnectClicked);
    connect(m_reconnect, &QCheckBox::toggled, this,
        [this](bool on) { m_network.call([this, on] { m_session->setAutoReconnect(on); }); });

    m_text->setPlaceholderText(tr("Text message (UTF-8); {{$timestamp}} and others are filled in when sent"));
    QStringList dynamic;
    for (const auto &[variable, meaning] : ComposerVariables::described())
        dynamic << tr("%1: %2").arg(variable, meaning);
    m_text->setToolTip(
        tr("Filled in when sent:\n%1\nand your own {{name}}s (Rules ▸ Variables…)").arg(dynamic.join(u'\n')));
    m_hex->setPlaceholderText(tr("Hex bytes, e.g. 01 02 ff or 01:02:ff"));
    m_hex->setFont(fixed);
    auto *filePage = new QWidget;
    auto *fileLayout = new QHBoxLayout(filePage);
    auto *browse = new QPushButton(tr("&Browse…"));
    fileLayout->addWidget(m_file, 1);
    fileLayout->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Send a file as one binary message"));
        if (!path.isEmpty())
            m_file->setText(path);
    });
    m_composer->addTab(m_text, tr("Text"));
    m_composer->addTab(m_hex, tr("Hex"));
    m_composer->addTab(filePage, tr("File"));
    m_composer->setMaximumHeight(fontMetrics().height() * 7);
    m_progress->setVisible(false);
    connect(m_send, &QPushButton::clicked, this, &ClientPanel::onSend);
    m_send->setToolTip(tr("Sends what the composer holds (Ctrl+Enter)."));
    // An application's own heartbeat or keep-alive: what the composer holds, again at each interval while open.
    m_repeat->setToolTip(tr("Sends what the composer holds at this interval while connected"));
    m_repeatInterval->setRange(0.1, 86'400);
    m_repeatInterval->setDecimals(1);
    m_repeatInterval->setValue(5);
    m_repeatInterval->setSuffix(tr(" s"));
    const auto repeat = [this] {
        if (m_repeat->isChecked())
            m_repeater.start(qRound(m_repeatInterval->value() * 1000));
        else
            m_repeater.stop();
    };
    connect(m_repeat, &QCheckBox::toggled, this, repeat);
    connect(m_repeatInterval, &QDoubleSpinBox::valueChanged, this, repeat);
    connect(&m_repeater, &QTimer::timeout, this, [this] {
        if (m_send->isEnabled()) // not while closed or reconnecting: the next tick finds it open again
            onSend();
    });
    m_text->installEventFilter(this); // Ctrl+Enter, and ↑ and ↓ through what was sent
    m_hex->installEventFilter(this);
    m_saved->setText(tr("Sa&ved"));
    m_saved->setToolTip(tr("Messages kept under a name, to send again"));
    m_saved->setPopupMode(QToolButton::InstantPopup);
    m_saved->setMenu(new QMenu(m_saved));
    connect(m_saved->menu(), &QMenu::aboutToShow, this, &ClientPanel::fillSavedMenu);
    m_formatJson->setToolTip(tr("Indents the text message's JSON"));
    connect(m_formatJson, &QPushButton::clicked, this, &ClientPanel::formatJson);
    connect(m_composer, &QTabWidget::currentChanged, this,
        [this] { m_formatJson->setEnabled(composerEditor() == m_text); });
    m_variables = ComposerVariables::define(variables()).values;
    m_autoReplies = AutoReplies::define(autoReplies()).rules;
    m_rules->setText(tr("&Rules"));
    m_rules->setToolTip(tr("Your own variables, and the messages the client answers by itself"));
    m_rules->setPopupMode(QToolButton::InstantPopup);
    m_rules->setMenu(new QMenu(m_rules));
    m_rules->menu()->addAction(tr("&Variables…"), this, [this] {
        editLines(tr("Variables"),
            tr("Filled in the URL, the headers and text messages as {{name}}; kept on this computer in Duplex's "
               "settings, so keep real secrets out."),
            tr("# one a line, used as {{name}}\ntoken = abc123\nhost = 127.0.0.1:8080"), variables(),
            [this](const QString &typed) { return setVariables(typed); });
    });
    m_rules->menu()->addAction(tr("&Auto-replies…"), this, [this] {
        editLines(tr("Auto-replies"),
            tr("Each text message that arrives is answered by the first rule it matches: the whole message, or /a "
               "regular expression/ found in it, whose groups the reply takes as \\1 … \\9; {{variables}} are "
               "filled in. At most %1 replies a second.")
                .arg(maxAutoRepliesPerSecond),
            tr("# message => reply\n{\"type\":\"ping\"} => {\"type\":\"pong\"}\n/^hello (\\w+)$/ => hi \\1"),
            autoReplies(), [this](const QString &typed) { return setAutoReplies(typed); });
    });

    m_pingPayload->setPlaceholderText(tr("ping payload (≤ 125 bytes)"));
    auto *ping = new QPushButton(tr("&Ping"));
    connect(ping, &QPushButton::clicked, this, [this] {
        const QByteArray payload = m_pingPayload->text().toUtf8();
        onSession([payload](ClientSession *session, QString *error) { return session->ping(payload, error); });
    });
    m_pong->setToolTip(tr("A pong nobody asked for, with the payload beside: a one-way heartbeat (RFC 6455 §5.5.3)"));
    connect(m_pong, &QPushButton::clicked, this, [this] {
        const QByteArray payload = m_pingPayload->text().toUtf8();
        onSession([payload](ClientSession *session, QString *error) { return session->pong(payload, error); });
    });
    m_fragmentBytes->setRange(0, 1 << 20);
    m_fragmentBytes->setSpecialValueText(tr("one frame a message"));
    m_fragmentBytes->setPrefix(tr("frames of "));
    m_fragmentBytes->setSuffix(tr(" bytes"));
    m_fragmentBytes->setToolTip(tr("Send each message in frames of at most this many bytes, a first frame and "
                                   "continuations (RFC 6455 §5.4), to see a server put it together"));
    connect(m_fragmentBytes, &QSpinBox::valueChanged, this,
        [this](int bytes) { m_network.call([this, bytes] { m_session->setFragmentBytes(bytes); }); });
    for (const quint16 code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1011, 4000})
        m_closeCode->addItem(u"%1 %2"_s.arg(code).arg(ProtocolGlossary::closeCodeMeaning(code)), code);
    m_closeCode->setEditable(true);
    m_closeReason->setPlaceholderText(tr("reason (≤ 123 bytes)"));
    auto *close = new QPushButton(tr("C&lose"));
    connect(close, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const uint code = m_closeCode->currentText().section(u' ', 0, 0).toUInt(&ok);
        if (!ok || code > 65535)
            return note(tr("Close code must be a number such as 1000 or 4000."));
        const QString reason = m_closeReason->text();
        onSession([code, reason](
                      ClientSession *session, QString *error) { return session->close(quint16(code), reason, error); });
    });

    m_log->setReadOnly(true);
    m_log->setFont(fixed);
    m_log->setMaximumBlockCount(5000);

    connect(m_session, &ClientSession::stateChanged, this, [this](ClientSession::State state) {
        if (m_carrier == Carrier::WebSocket)
            onStateChanged(state);
    });
    connect(m_session, &ClientSession::textReceived, this, [this](const QString &text) {
        note(tr("← text: %1").arg(text));
        autoReply(text);
    });
    connect(m_session, &ClientSession::binaryReceived, this, [this](const QByteArray &bytes) {
        note(tr("← binary, %1 bytes: %2").arg(bytes.size()).arg(QString::fromLatin1(bytes.left(64).toHex(' '))));
    });
    connect(m_session, &ClientSession::pongReceived, this, [this](const QByteArray &payload, qint64 rttUs) {
        note(tr("← pong \"%1\" after %2 ms").arg(QString::fromUtf8(payload)).arg(double(rttUs) / 1000, 0, 'f', 3));
    });
    connect(m_session, &ClientSession::fileProgress, this, [this](qint64 sent, qint64 total) {
        m_progress->setVisible(sent < total);
        m_progress->setRange(0, 1000);
        m_progress->setValue(total > 0 ? int(sent * 1000 / total) : 1000);
        if (sent == total)
            note(tr("→ file sent, %1 bytes").arg(total));
    });
    connect(m_session, &ClientSession::closed, this, [this](const ConnectionClosed &closed, const QString &failure) {
        note(failure.isEmpty() ? tr("Closed: %1").arg(ProtocolGlossary::describeClose(closed))
                               : tr("Failed: %1").arg(failure));
    });
    connect(m_session, &ClientSession::reconnectScheduled, this, [this](int attempt, std::chrono::milliseconds delay) {
        note(tr("Reconnecting in %1 s (attempt %2)").arg(double(delay.count()) / 1000, 0, 'f', 1).arg(attempt));
    });
    connect(m_session, &ClientSession::certificateRejected, this, &ClientPanel::onCertificateRejected);
    connect(m_replayBar, &ReplayBar::playRequested, this, &ClientPanel::playReplay);
    connect(m_replayBar, &ReplayBar::noted, this, &ClientPanel::note);
    connect(m_stream, &EventSourceSession::stateChanged, this, [this](EventSourceSession::State state) {
        if (m_carrier == Carrier::EventStream)
            onStateChanged(stateOf(state));
    });
    connect(m_poller, &PollSession::stateChanged, this, [this](PollSession::State state) {
        if (m_carrier == Carrier::Polls)
            onStateChanged(stateOf(state));
    });
    connect(m_poller, &PollSession::objectReceived, this, [this](const QJsonObject &object) {
        note(tr("← %1").arg(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact))));
    });
    connect(m_poller, &PollSession::problem, this, &ClientPanel::note);
    connect(m_poller, &PollSession::ended, this, [this](const QString &why) { note(tr("Ended: %1").arg(why)); });
    connect(m_stream, &EventSourceSession::eventReceived, this, &ClientPanel::onEvent);
    connect(m_stream, &EventSourceSession::ended, this, [this](const QString &why) { note(tr("Ended: %1").arg(why)); });

    auto *connection = new QGroupBox(tr("Connection"));
    connection->setLayout(m_form);
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_connect);
    m_form->addRow(tr("URL:"), urlRow);
    auto *transportRow = new QHBoxLayout(m_transportRow);
    transportRow->setContentsMargins({});
    transportRow->addWidget(m_httpTransport, 1);
    transportRow->addWidget(m_pollInterval);
    m_transportRow->setFocusProxy(m_httpTransport); // where the label's mnemonic goes
    m_form->addRow(tr("&Transport:"), m_transportRow);
    m_form->addRow(tr("Sub&protocols:"), m_subprotocols);
    m_form->addRow(tr("&Method:"), m_method);
    m_form->addRow(tr("&Headers:"), m_headers);
    m_form->addRow(tr("&Body:"), m_body);
    m_form->addRow(tr("&Origin:"), m_origin);
    m_form->addRow(tr("Compression:"), m_offerDeflate);
    m_form->addRow(tr("Pro&xy:"), m_proxy);
    m_tls.addRowsTo(*m_form, tr("Client certificate:"));
    m_form->addRow(tr("Event t&ypes:"), m_eventTypes);
    auto *stateRow = new QHBoxLayout;
    stateRow->addWidget(m_stateLabel, 1);
    stateRow->addWidget(m_reconnect);
    m_form->addRow(tr("State:"), stateRow);

    auto *messageLayout = new QVBoxLayout(m_sendGroup);
    messageLayout->addWidget(m_composer);
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_saved);
    sendRow->addWidget(m_formatJson);
    sendRow->addWidget(m_rules);
    sendRow->addWidget(m_progress, 1);
    sendRow->addStretch();
    sendRow->addWidget(m_repeat);
    sendRow->addWidget(m_repeatInterval);
    sendRow->addWidget(m_send);
    messageLayout->addLayout(sendRow);
    auto *frameLayout = new QVBoxLayout(m_frameControls);
    frameLayout->setContentsMargins({});
    auto *controlRow = new QHBoxLayout;
    controlRow->addWidget(m_pingPayload, 1);
    controlRow->addWidget(ping);
    controlRow->addWidget(m_pong);
    controlRow->addWidget(m_fragmentBytes);
    frameLayout->addLayout(controlRow);
    auto *closeRow = new QHBoxLayout;
    closeRow->addWidget(m_closeCode, 1);
    closeRow->addWidget(m_closeReason, 1);
    closeRow->addWidget(close);
    frameLayout->addLayout(closeRow);
    messageLayout->addWidget(m_frameControls);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(connection);
    layout->addWidget(m_sendGroup);
    layout->addWidget(m_replayBar);
    layout->addWidget(m_log, 1);
    showFields();
    onStateChanged(ClientSession::State::Closed);
}

ClientPanel::~ClientPanel()
{
    m_network.call([this] {
        delete m_session;
        delete m_stream;
        delete m_poller;
    });
}

template <typename F> bool ClientPanel::onNetwork(F f)
{
    QString error;
    const bool ok = m_network.call([&f, &error] { return f(&error); });
    if (!ok)
        note(error);
    return ok;
}

template <typename F> bool ClientPanel::onSession(F f)
{
    return onNetwork([this, &f](QString *error) { return f(m_session, error); });
}

QString ClientPanel::stateText() const
{
    return stateName(m_state);
}

quint64 ClientPanel::sessionId() const
{
    return m_network.call([this] { return m_session->id(); });
}

bool ClientPanel::connectTo(const QUrl &url)
{
    m_url->setCurrentText(url.toString());
    return open();
}

bool ClientPanel::sendText(const QString &text)
{
    if (m_carrier != Carrier::Polls)
        return onSession([text](ClientSession *session, QString *error) { return session->sendText(text, error); });
    return onNetwork([this, &text](QString *error) { return m_poller->sendText(text, error); });
}

void ClientPanel::setHeartbeatInterval(std::chrono::milliseconds interval)
{
    m_network.call([this, interval] { m_session->setHeartbeatInterval(interval); });
}

void ClientPanel::onConnectClicked()
{
    if (m_state == ClientSession::State::Closed)
        open();
    else if (m_carrier == Carrier::EventStream)
        m_network.call([this] { m_stream->close(); });
    else if (m_carrier == Carrier::Polls)
        m_network.call([this] { m_poller->close(); });
    else
        onSession([](ClientSession *session, QString *error) { return session->close(1000, {}, error); });
}

bool ClientPanel::open()
{
    ClientSession::Request request;
    const auto filledIn = [this, now = QDateTime::currentDateTime()](
                              const QString &typed) { return ComposerVariables::expand(typed, now, 0, m_variables); };
    request.url = QUrl(filledIn(m_url->currentText().trimmed()), QUrl::StrictMode);
    for (const QString &line : filledIn(m_headers->toPlainText()).split(u'\n', Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0) {
            note(tr("Header lines are \"Name: value\"; \"%1\" is not.").arg(line));
            return false;
        }
        request.headers.append({line.left(colon).trimmed().toUtf8(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    if (carrierFor(request.url.toString()) == Carrier::EventStream)
        return openStream(request.url, request.headers);
    if (carrierFor(request.url.toString()) == Carrier::Polls)
        return openPolls(request.url);
    for (const QString &protocol : m_subprotocols->text().split(u',', Qt::SkipEmptyParts))
        request.subprotocols << protocol.trimmed();
    request.origin = m_origin->text().trimmed();
    request.offerDeflate = m_offerDeflate->isChecked();
    QString unusable;
    const auto tls = request.url.scheme() == "wss"_L1 ? m_tls.read(&unusable) : ClientTls();
    if (!tls) {
        note(tr("The TLS files cannot be used: %1.").arg(unusable));
        return false;
    }
    request.tls = *tls;
    const auto proxy = m_proxy->read(&unusable);
    if (!proxy) {
        note(tr("The proxy cannot be used: %1.").arg(unusable));
        return false;
    }
    request.proxy = *proxy;
    m_carrier = Carrier::WebSocket;
    if (!onSession([&request](ClientSession *session, QString *error) { return session->open(request, error); }))
        return false;
    note(tr("Connecting to %1").arg(request.url.toString()));
    rememberUrl();
    m_settings.setValue(offerDeflateKey, request.offerDeflate);
    m_proxy->remember();
    m_tls.remember();
    return true;
}

bool ClientPanel::openStream(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    const EventSourceSession::Request request {url, m_method->currentText().toLatin1(), headers,
        m_method->currentText() == u"POST" ? m_body->text().toUtf8() : QByteArray()};
    if (!onNetwork([this, &request](QString *error) { return m_stream->open(request, error); }))
        return false;
    m_carrier = Carrier::EventStream;
    note(tr("Connecting to the event stream at %1").arg(url.toString()));
    rememberUrl();
    return true;
}

bool ClientPanel::openPolls(const QUrl &url)
{
    const PollSession::Mode mode
        = m_httpTransport->currentIndex() == 1 ? PollSession::Mode::LongPoll : PollSession::Mode::ShortPoll;
    const auto interval = std::chrono::milliseconds(qRound(m_pollInterval->value() * 1000));
    if (!onNetwork([&](QString *error) { return m_poller->open(url, mode, interval, error); }))
        return false;
    m_carrier = Carrier::Polls;
    note(tr("Joining the room at %1 with %2").arg(url.toString(), m_httpTransport->currentText().toLower()));
    rememberUrl();
    return true;
}

ClientPanel::Carrier ClientPanel::carrierFor(const QString &url) const
{
    return isHttpUrl(url.trimmed()) ? Carrier(m_httpTransport->currentData().toInt()) : Carrier::WebSocket;
}

void ClientPanel::showFields()
{
    const Carrier carrier = carrierFor(m_url->currentText());
    const auto show = [this](QWidget *field, bool visible) { m_form->setRowVisible(field, visible); };
    show(m_transportRow, carrier != Carrier::WebSocket);
    m_pollInterval->setVisible(m_httpTransport->currentIndex() == 2);
    show(m_subprotocols, carrier == Carrier::WebSocket);
    show(m_origin, carrier == Carrier::WebSocket);
    show(m_offerDeflate, carrier == Carrier::WebSocket);
    show(m_proxy, carrier == Carrier::WebSocket);
    // A client certificate and authorities are wss://'s, the URL's variables filled in.
    const QString url
        = ComposerVariables::expand(m_url->currentText().trimmed(), QDateTime::currentDateTime(), 0, m_variables);
    m_tls.setRowsVisible(*m_form, url.startsWith(u"wss://"_s, Qt::CaseInsensitive));
    show(m_method, carrier == Carrier::EventStream);
    show(m_body, carrier == Carrier::EventStream);
    show(m_eventTypes, carrier == Carrier::EventStream);
    m_sendGroup->setEnabled(carrier != Carrier::EventStream);
    m_sendGroup->setTitle(carrier == Carrier::EventStream
            ? tr("Send (an event stream is one way: only the server talks)")
            : carrier == Carrier::Polls ? tr("Send (text, as POST /chat/send)")
                                        : tr("Send"));
    m_composer->setTabEnabled(1, carrier == Carrier::WebSocket); // hex
    m_composer->setTabEnabled(2, carrier == Carrier::WebSocket); // file
    m_frameControls->setEnabled(carrier == Carrier::WebSocket);
}

void ClientPanel::onEvent(const EventStreamParser::Event &event)
{
    const QStringList shown = m_eventTypes->text().split(u',', Qt::SkipEmptyParts);
    if (!shown.isEmpty() && std::none_of(shown.cbegin(), shown.cend(), [&](const QString &type) {
            return type.trimmed() == event.type;
        }))
        return;
    const QString id = event.lastEventId.isEmpty() ? QString() : u" #"_s + event.lastEventId;
    note(tr("← event %1%2, %3 bytes: %4").arg(event.type, id).arg(event.data.toUtf8().size()).arg(event.data));
}

void ClientPanel::compose(const QByteArray &payload, bool text)
{
    QPlainTextEdit *editor = text ? m_text : m_hex;
    editor->setPlainText(text ? QString::fromUtf8(payload) : QString::fromLatin1(payload.toHex(' ')));
    m_composer->setCurrentWidget(editor);
    editor->setFocus();
}

void ClientPanel::replay(const ReplayScript &script, const QString &name)
{
    if (m_state == ClientSession::State::Closed)
        useRequest(script.request);
    else
        note(tr("The replay goes on the connection open now; disconnect first to replay on the recorded request (%1).")
                 .arg(script.request.url.toString()));
    m_replayBar->load(script, name);
}

void ClientPanel::useRequest(const ClientSession::Request &request)
{
    // Selecting all and typing over it, as a person would, leaves what the field held one undo away.
    const auto replace = [](QLineEdit *field, const QString &text) {
        field->selectAll();
        field->insert(text);
    };
    replace(m_url->lineEdit(), request.url.toString());
    replace(m_subprotocols, request.subprotocols.join(u", "_s));
    replace(m_origin, request.origin);
    QStringList headers;
    for (const auto &[name, value] : request.headers)
        headers << QString::fromUtf8(name + ": " + value);
    QTextCursor all(m_headers->document());
    all.select(QTextCursor::Document);
    all.insertText(headers.join(u'\n'));
    m_offerDeflate->setChecked(request.offerDeflate);
    note(tr("The URL, subprotocols, headers and origin are the recorded request's (Ctrl+Z in a field brings back "
            "what it held)."));
}

void ClientPanel::playReplay()
{
    if (m_state == ClientSession::State::Closed) {
        if (carrierFor(m_url->currentText()) != Carrier::WebSocket)
            return note(tr("A replay goes over a WebSocket: the URL must start with ws:// or wss://."));
        if (!open())
            return;
    } else if (m_carrier != Carrier::WebSocket) {
        return note(tr("A replay goes over a WebSocket; disconnect the %1 first.")
                        .arg(m_carrier == Carrier::EventStream ? tr("event stream") : tr("polls")));
    }
    m_replayBar->play();
}

void ClientPanel::onSend()
{
    switch (m_composer->currentIndex()) {
    case 0: {
        const QString text = ComposerVariables::expand(
            m_text->toPlainText(), QDateTime::currentDateTime(), m_textsSent + 1, m_variables);
        if (sendText(text)) {
            ++m_textsSent;
            note(tr("→ text: %1").arg(text));
            m_memory.sent(composed()); // as typed, its variables with it
        }
        return;
    }
    case 1: {
        QString error;
        const auto bytes = ClientSession::fromHex(m_hex->toPlainText(), &error);
        if (!bytes)
            return note(error);
        if (onSession([&bytes](ClientSession *session, QString *e) { return session->sendBinary(*bytes, e); })) {
            note(tr("→ binary, %1 bytes").arg(bytes->size()));
            m_memory.sent(composed());
        }
        return;
    }
    default: {
        const QString path = m_file->text();
        onSession([path](ClientSession *session, QString *error) { return session->sendFile(path, error); });
    }
    }
}

void ClientPanel::onStateChanged(ClientSession::State state)
{
    m_state = state;
    m_stateLabel->setText(stateName(state));
    m_connect->setText(state == ClientSession::State::Closed ? tr("&Connect") : tr("&Disconnect"));
    m_send->setEnabled(state == ClientSession::State::Open && m_carrier != Carrier::EventStream);
    if (state == ClientSession::State::Open && m_carrier == Carrier::WebSocket)
        note(tr("Open: 101 Switching Protocols"));
    else if (state == ClientSession::State::Open && m_carrier == Carrier::EventStream)
        note(tr("Open: 200, text/event-stream"));
    Q_EMIT stateChanged(state);
}

void ClientPanel::onCertificateRejected(const CertificateInfo &certificate)
{
    note(tr("The certificate of %1 did not verify: %2").arg(certificate.host, certificate.problems.join(u"; "_s)));
    const std::optional<bool> remember = askToTrust(certificate, this);
    if (!remember)
        return;
    m_network.call([this, certificate, remember] { m_trust.trust(certificate.host, certificate.sha256, *remember); });
    open();
}

bool ClientPanel::eventFilter(QObject *watched, QEvent *event)
{
    // In an editor of the composer, Ctrl with the main keyboard's Return or the keypad's Enter sends; ↑ on the
    // first line and ↓ on the last walk through what was sent, as a shell does.
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && key->modifiers() & Qt::ControlModifier) {
            m_send->click();
            return true;
        }
        auto *editor = qobject_cast<QPlainTextEdit *>(watched);
        if (editor && key->modifiers() == Qt::NoModifier) {
            const QTextCursor cursor = editor->textCursor();
            std::optional<ComposerMemory::Message> recalled;
            if (key->key() == Qt::Key_Up && cursor.blockNumber() == 0)
                recalled = m_memory.older(composed());
            else if (key->key() == Qt::Key_Down && cursor.blockNumber() == editor->blockCount() - 1)
                recalled = m_memory.newer();
            if (recalled) {
                showComposed(*recalled);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

QPlainTextEdit *ClientPanel::composerEditor() const
{
    return qobject_cast<QPlainTextEdit *>(m_composer->currentWidget());
}

ComposerMemory::Message ClientPanel::composed() const
{
    using Kind = ComposerMemory::Message::Kind;
    return composerEditor() == m_hex ? ComposerMemory::Message {Kind::Hex, m_hex->toPlainText()}
                                     : ComposerMemory::Message {Kind::Text, m_text->toPlainText()};
}

void ClientPanel::showComposed(const ComposerMemory::Message &message)
{
    QPlainTextEdit *editor = message.kind == ComposerMemory::Message::Kind::Hex ? m_hex : m_text;
    editor->setPlainText(message.body);
    editor->moveCursor(QTextCursor::End);
    m_composer->setCurrentWidget(editor);
}

QStringList ClientPanel::setVariables(const QString &typed)
{
    ComposerVariables::Definitions definitions = ComposerVariables::define(typed);
    if (!definitions.problems.isEmpty())
        return definitions.problems;
    m_variables = std::move(definitions.values);
    m_settings.setValue(variablesKey, typed);
    showFields(); // the URL's may name another scheme now
    return {};
}

QString ClientPanel::variables() const
{
    return m_settings.value(variablesKey).toString();
}

QStringList ClientPanel::setAutoReplies(const QString &typed)
{
    AutoReplies::Rules defined = AutoReplies::define(typed);
    if (!defined.problems.isEmpty())
        return defined.problems;
    m_autoReplies = std::move(defined.rules);
    m_settings.setValue(autoRepliesKey, typed);
    return {};
}

QString ClientPanel::autoReplies() const
{
    return m_settings.value(autoRepliesKey).toString();
}

void ClientPanel::autoReply(const QString &received)
{
    const std::optional<QString> reply = AutoReplies::replyTo(m_autoReplies, received);
    if (!reply)
        return;
    // A reply that is answered by itself (hi => hi, on an echo) would go round as fast as the network goes.
    if (!m_autoReplySecond.isValid() || m_autoReplySecond.elapsed() >= 1000) {
        m_autoReplySecond.start();
        m_autoRepliesThisSecond = 0;
    }
    if (++m_autoRepliesThisSecond > maxAutoRepliesPerSecond) {
        if (m_autoRepliesThisSecond == maxAutoRepliesPerSecond + 1)
            note(tr("Messages that match go unanswered for the rest of this second: more than %1 auto-replies a second "
                    "(does a reply answer itself?).")
                     .arg(maxAutoRepliesPerSecond));
        return;
    }
    const QString text = ComposerVariables::expand(*reply, QDateTime::currentDateTime(), m_textsSent + 1, m_variables);
    if (sendText(text)) {
        ++m_textsSent;
        note(tr("→ text (auto-reply): %1").arg(text));
    }
}

void ClientPanel::editLines(const QString &title, const QString &explanation, const QString &example,
    const QString &current, const std::function<QStringList(const QString &)> &apply)
{
    QDialog dialog(this);
    dialog.setWindowTitle(title);
    auto *typed = new QPlainTextEdit(current);
    typed->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    typed->setPlaceholderText(example);
    auto *problems = new QLabel;
    problems->setTextFormat(Qt::PlainText);
    problems->setWordWrap(true);
    Contrast::inkAsFailure(*problems, problems->palette().color(QPalette::Window));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        const QStringList wrong = apply(typed->toPlainText());
        problems->setText(wrong.join(u'\n'));
        if (wrong.isEmpty())
            dialog.accept();
    });
    auto *about = new QLabel(explanation);
    about->setTextFormat(Qt::PlainText);
    about->setWordWrap(true);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(about);
    layout->addWidget(typed, 1);
    layout->addWidget(problems);
    layout->addWidget(buttons);
    dialog.resize(560, 340);
    dialog.exec();
}

bool ClientPanel::formatJson()
{
    QJsonParseError error {};
    const QJsonDocument json = QJsonDocument::fromJson(m_text->toPlainText().toUtf8(), &error);
    if (json.isNull()) {
        note(tr("Not JSON: %1 at character %2").arg(error.errorString()).arg(error.offset + 1));
        return false;
    }
    m_text->setPlainText(QString::fromUtf8(json.toJson(QJsonDocument::Indented)).trimmed());
    return true;
}

bool ClientPanel::loadSaved(const QString &name)
{
    const std::optional<ComposerMemory::Message> message = m_memory.saved(name);
    if (message)
        showComposed(*message);
    return message.has_value();
}

bool ClientPanel::saveComposed(const QString &name)
{
    if (m_memory.saved(name)
        && !confirmLosingSaved(tr("Replace the message saved as \"%1\"?").arg(name), tr("&Replace")))
        return false;
    m_memory.save(name, composed());
    note(tr("Saved \"%1\"").arg(name));
    return true;
}

bool ClientPanel::deleteSaved(const QString &name)
{
    if (!m_memory.saved(name)
        || !confirmLosingSaved(tr("Delete the message saved as \"%1\"?").arg(name), tr("&Delete")))
        return false;
    m_memory.remove(name);
    note(tr("Deleted \"%1\"").arg(name));
    return true;
}

bool ClientPanel::confirmLosingSaved(const QString &question, const QString &action)
{
    return confirmDestructive(this, tr("Saved Messages"), question, action);
}

void ClientPanel::fillSavedMenu()
{
    QMenu *menu = m_saved->menu();
    menu->clear();
    const QStringList names = m_memory.savedNames();
    for (const QString &name : names)
        menu->addAction(name, this, [this, name] { loadSaved(name); });
    if (!names.isEmpty())
        menu->addSeparator();
    QAction *save = menu->addAction(tr("&Save This Message As…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(
            this, tr("Save the message"), tr("Name:"), QLineEdit::Normal, composed().body.left(30).simplified(), &ok)
                                 .trimmed();
        if (ok && !name.isEmpty())
            saveComposed(name);
    });
    save->setEnabled(composerEditor() && !composed().body.isEmpty());
    QMenu *remove = menu->addMenu(tr("&Delete"));
    remove->setEnabled(!names.isEmpty());
    for (const QString &name : names)
        remove->addAction(name, this, [this, name] { deleteSaved(name); });
}

void ClientPanel::note(const QString &line)
{
    m_log->appendPlainText(QTime::currentTime().toString(u"HH:mm:ss.zzz  "_s) + line);
}

void ClientPanel::rememberUrl()
{
    const QString url = m_url->currentText().trimmed();
    QStringList recent = m_settings.value(recentUrlsKey).toStringList();
    recent.removeAll(url);
    recent.prepend(url);
    recent = recent.mid(0, maxRecentUrls);
    m_settings.setValue(recentUrlsKey, recent);
    const QSignalBlocker quiet(m_url);
    m_url->clear();
    m_url->addItems(recent);
    m_url->setCurrentText(url);
}

} // namespace Duplex
