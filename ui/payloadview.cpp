// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/payloadview.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeWidget>

#include <algorithm>

#include "wire/binarymessage.h"
#include "wire/jsonrpc.h"
#include "wire/signalr.h"
#include "wire/socketio.h"
#include "wire/stomp.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

QString viewName(PayloadView::View view)
{
    switch (view) {
    case PayloadView::View::Tree:
        return PayloadView::tr("JSON tree");
    case PayloadView::View::Pretty:
        return PayloadView::tr("JSON, indented");
    case PayloadView::View::Raw:
        return PayloadView::tr("Raw");
    case PayloadView::View::Hex:
        return PayloadView::tr("Hex");
    case PayloadView::View::Base64:
        return PayloadView::tr("Base64");
    case PayloadView::View::Utf8:
        return PayloadView::tr("UTF-8");
    }
    return {};
}

// A container's items under parent, each a key (or index) and, for a scalar, its JSON; at most budget items in all.
void addChildren(QTreeWidgetItem *parent, const QJsonValue &container, int &budget)
{
    const auto add = [&](const QString &key, const QJsonValue &value) {
        if (budget-- <= 0)
            return false;
        auto *item = new QTreeWidgetItem(parent, {key});
        if (value.isObject() || value.isArray()) {
            const auto size = value.isObject() ? value.toObject().size() : value.toArray().size();
            item->setText(1, value.isObject() ? u"{%1}"_s.arg(size) : u"[%1]"_s.arg(size));
            addChildren(item, value, budget);
        } else {
            // A scalar's JSON: strings quoted, as devtools show them.
            const QByteArray json = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
            item->setText(1, QString::fromUtf8(json.sliced(1, json.size() - 2)));
        }
        return true;
    };
    if (container.isObject()) {
        const QJsonObject object = container.toObject();
        QStringList keys = object.keys(); // in JSON's order of text, "1", "15", "2": numbers go by their value
        const auto isNumber = [](const QString &key) {
            bool number = false;
            key.toULongLong(&number);
            return number;
        };
        if (std::all_of(keys.cbegin(), keys.cend(), isNumber)) {
            std::sort(keys.begin(), keys.end(),
                [](const QString &a, const QString &b) { return a.toULongLong() < b.toULongLong(); });
        }
        for (const QString &key : keys) {
            if (!add(key, object.value(key)))
                return;
        }
    } else {
        const QJsonArray array = container.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!add(u"[%1]"_s.arg(i), array[i]))
                return;
        }
    }
}

// What a protocol the view knows makes of a text payload: its words, and the JSON in it, which the tree and the
// indented view read (Raw keeps the payload whole).
struct Reading
{
    QString words;
    QByteArray json;
};

const auto protoFileKey = "monitor/protoFile"_L1;
const auto messageTypeKey = "monitor/protoMessageType"_L1;

// A binary payload read by the .proto's type when there is one and it reads as that, else as MessagePack, CBOR or
// protobuf by field numbers: its words, and its JSON.
std::pair<QString, QJsonDocument> readBinary(
    const QByteArray &payload, const std::optional<ProtobufSchema> &proto, const QString &type)
{
    if (payload.size() > PayloadView::maxDecodedBytes)
        return {};
    QString refusal;
    if (proto) {
        if (const auto reading = proto->read(payload, type, &refusal)) {
            QString words = PayloadView::tr("%1, by %2").arg(type, proto->fileName());
            if (reading->unnamed == 1)
                words += PayloadView::tr(": 1 field it does not name");
            else if (reading->unnamed > 1)
                words += PayloadView::tr(": %1 fields it does not name").arg(reading->unnamed);
            return {words, QJsonDocument(reading->json)};
        }
        refusal = proto->fileName() + u": "_s + refusal;
    }
    const auto reading = BinaryMessage::read(payload);
    if (!reading)
        return {refusal, {}};
    // JSON has no bytes, dates or keys other than strings: Qt's CBOR to JSON rules write them as text.
    const QJsonValue json = reading->value.toJsonValue();
    const QString words = BinaryMessage::describe(*reading);
    return {refusal.isEmpty() ? words : refusal + u' ' + words,
        json.isObject() ? QJsonDocument(json.toObject()) : QJsonDocument(json.toArray())};
}

Reading read(const QByteArray &text)
{
    if (const auto packet = SocketIo::decode(text))
        return {SocketIo::describe(*packet), packet->data}; // after the packet's header
    if (const auto frame = Stomp::decode(text))
        return {Stomp::describe(*frame), frame->body};
    if (const auto call = JsonRpc::decode(text))
        return {JsonRpc::describe(*call), text};
    if (const auto records = SignalR::decode(text))
        return {SignalR::describe(*records), SignalR::json(*records)};
    return {{}, text};
}

} // namespace

PayloadView::PayloadView(QWidget *parent)
    : QWidget(parent)
    , m_views(new QComboBox)
    , m_note(new QLabel)
    , m_decoded(new QLabel)
    , m_stack(new QStackedWidget)
    , m_tree(new QTreeWidget)
    , m_text(new QPlainTextEdit)
    , m_protoButton(new QToolButton)
    , m_messageTypes(new QComboBox)
{
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Key"), tr("Value")});
    m_tree->setUniformRowHeights(true);
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setPlaceholderText(tr("Choose a frame to read its message."));
    m_note->setWordWrap(true);
    m_note->hide();
    m_decoded->setTextFormat(Qt::PlainText); // an event's name is the app's, not markup
    m_decoded->setWordWrap(true);
    m_decoded->hide();
    m_stack->addWidget(m_text);
    m_stack->addWidget(m_tree);
    connect(m_views, &QComboBox::activated, this, [this] {
        chosenView() = view();
        present();
    });
    m_protoButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_protoButton->setPopupMode(QToolButton::MenuButtonPopup);
    auto *protoMenu = new QMenu(m_protoButton);
    protoMenu->addAction(tr("Load a .proto…"), this, &PayloadView::chooseProtoFile);
    protoMenu->addAction(tr("Read by Field Numbers"), this, &PayloadView::forgetProtoFile);
    m_protoButton->setMenu(protoMenu);
    connect(m_protoButton, &QToolButton::clicked, this, &PayloadView::chooseProtoFile);
    m_messageTypes->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_messageTypes->setToolTip(tr("The .proto's message type binary messages are read as"));
    connect(m_messageTypes, &QComboBox::activated, this, [this] {
        QSettings().setValue(messageTypeKey, m_messageTypes->currentText());
        readAgain();
    });

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_views);
    bar->addWidget(m_note, 1);
    bar->addWidget(m_protoButton);
    bar->addWidget(m_messageTypes);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_decoded);
    layout->addWidget(m_stack, 1);
    clear();

    if (const QString path = QSettings().value(protoFileKey).toString(); !path.isEmpty()) {
        if (QString error; !loadProtoFile(path, &error)) { // moved or changed since
            forgetProtoFile();
            m_protoButton->setToolTip(tr("%1 did not read: %2").arg(path, error));
        }
    }
    showProtoFile();
}

QList<PayloadView::View> PayloadView::views() const
{
    if (!m_isText)
        return m_json.isNull() ? QList {View::Hex, View::Base64, View::Utf8}
                               : QList {View::Tree, View::Pretty, View::Hex, View::Base64, View::Utf8};
    return m_json.isNull() ? QList {View::Raw} : QList {View::Tree, View::Pretty, View::Raw};
}

PayloadView::View &PayloadView::chosenView()
{
    return m_isText ? m_textView : m_json.isNull() ? m_binaryView : m_decodedBinaryView;
}

PayloadView::View PayloadView::view() const
{
    return View(m_views->currentData().toInt());
}

void PayloadView::setView(View chosen)
{
    const int index = m_views->findData(int(chosen));
    if (index < 0)
        return;
    m_views->setCurrentIndex(index);
    chosenView() = chosen;
    present();
}

void PayloadView::setPayload(const QByteArray &payload, bool text)
{
    m_payload = payload;
    m_isText = text;
    QString words;
    if (text) {
        const Reading reading = read(payload);
        words = reading.words;
        m_json = QJsonDocument::fromJson(reading.json);
    } else {
        std::tie(words, m_json) = readBinary(payload, m_proto, m_messageTypes->currentText());
    }
    m_showsPayload = true;
    showProtoFile();
    m_decoded->setText(words);
    m_decoded->setVisible(!words.isEmpty());
    m_views->clear();
    for (const View offered : views())
        m_views->addItem(viewName(offered), int(offered));
    const int remembered = m_views->findData(int(chosenView()));
    m_views->setCurrentIndex(std::max(remembered, 0));
    m_views->setVisible(m_views->count() > 1);
    present();
}

void PayloadView::showNote(const QString &note)
{
    m_showsPayload = false;
    showProtoFile();
    m_payload.clear();
    m_json = {};
    m_decoded->clear();
    m_decoded->hide();
    m_views->clear();
    m_views->hide();
    m_tree->clear();
    m_text->clear();
    m_stack->setCurrentWidget(m_text);
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

QString PayloadView::decoded() const
{
    return m_decoded->text();
}

bool PayloadView::loadProtoFile(const QString &path, QString *error)
{
    auto proto = ProtobufSchema::load(path, error);
    if (!proto)
        return false;
    QSettings settings;
    const QString type = settings.value(messageTypeKey).toString(); // the one chosen last, kept if this file has it
    m_proto = std::move(proto);
    m_protoPath = path;
    m_messageTypes->clear();
    m_messageTypes->addItems(m_proto->messageTypes());
    if (m_messageTypes->findText(type) >= 0)
        m_messageTypes->setCurrentText(type);
    settings.setValue(protoFileKey, path);
    settings.setValue(messageTypeKey, m_messageTypes->currentText());
    m_protoButton->setToolTip(path);
    readAgain();
    return true;
}

void PayloadView::forgetProtoFile()
{
    m_proto.reset();
    m_protoPath.clear();
    m_messageTypes->clear();
    m_protoButton->setToolTip({});
    QSettings settings;
    settings.remove(protoFileKey);
    settings.remove(messageTypeKey);
    readAgain();
}

void PayloadView::chooseProtoFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Read binary messages by a .proto"),
        QFileInfo(m_protoPath).path(), tr("Protocol Buffers (*.proto);;All files (*)"));
    if (QString error; !path.isEmpty() && !loadProtoFile(path, &error))
        QMessageBox::warning(this, tr("Load a .proto"), tr("Cannot read %1:\n%2").arg(path, error));
}

void PayloadView::showProtoFile()
{
    const bool binary = m_showsPayload && !m_isText;
    m_protoButton->setText(m_proto ? m_proto->fileName() : tr(".proto…"));
    m_protoButton->setVisible(binary);
    m_messageTypes->setVisible(binary && m_proto);
}

void PayloadView::readAgain()
{
    if (m_showsPayload)
        setPayload(QByteArray(m_payload), m_isText);
    else
        showProtoFile();
}

void PayloadView::present()
{
    const View shown = view();
    if (shown == View::Tree) {
        m_tree->clear();
        int budget = maxTreeItems;
        addChildren(
            m_tree->invisibleRootItem(), m_json.isObject() ? QJsonValue(m_json.object()) : m_json.array(), budget);
        if (budget < 0)
            new QTreeWidgetItem(m_tree, {tr("… the rest: JSON, indented or Raw")});
        m_tree->expandToDepth(0);
        m_tree->resizeColumnToContents(0);
        m_stack->setCurrentWidget(m_tree);
        m_note->hide();
        return;
    }
    // Only as much as is shown is converted: a long payload costs what the window shows, not its length.
    const QByteArray source = shown == View::Pretty ? m_json.toJson(QJsonDocument::Indented) : m_payload;
    const qsizetype bytesShown = shown == View::Hex ? maxShownCharacters / 3
        : shown == View::Base64                     ? maxShownCharacters / 4 * 3
                                                    : maxShownCharacters;
    const QByteArray start = source.first(std::min(source.size(), bytesShown));
    m_text->setPlainText(shown == View::Hex ? QString::fromLatin1(start.toHex(' '))
            : shown == View::Base64         ? QString::fromLatin1(start.toBase64())
                                            : QString::fromUtf8(start));
    m_stack->setCurrentWidget(m_text);
    m_note->setText(tr("Showing the first %1 bytes of %2: Copy Payload or Save Payload… has them all.")
                        .arg(start.size())
                        .arg(source.size()));
    m_note->setVisible(start.size() < source.size());
}

} // namespace Duplex
