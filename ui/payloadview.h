// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonDocument>
#include <QWidget>

#include <optional>

#include "wire/protobufschema.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;
class QTreeWidget;

namespace Duplex {

// One message to read, as devtools show it: JSON as a collapsible tree, pretty-printed or raw; other text as it
// is; binary as hex, base64 or UTF-8. A Socket.IO app's packet is named ("Socket.IO EVENT “chat” · namespace /"), and
// its JSON is what the tree and the indented view show; so are a STOMP frame ("STOMP SEND · destination /app/chat"),
// its body read as JSON, a JSON-RPC message ("JSON-RPC request “eth_call” · id 7") and SignalR's records ("SignalR
// invocation “SendMessage” · id 3"). A binary message that is a MessagePack or CBOR map or array shows as JSON does
// ("MessagePack: a map of 3 entries"), and so does one in protobuf's wire format: by the names of a .proto's type
// when the person loaded one ("chat.Envelope, by chat.proto") and the message reads as that type, by field numbers
// otherwise. Very long payloads show their start (the rest is a copy or a save away), so that no message can freeze
// the window.
class PayloadView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PayloadView)

public:
    enum class View { Tree, Pretty, Raw, Hex, Base64, Utf8 };
    static constexpr qsizetype maxShownCharacters = 1 << 20;
    static constexpr int maxTreeItems = 20'000;
    static constexpr qsizetype maxDecodedBytes = 1 << 20; // binary messages read as MessagePack, CBOR or protobuf

    explicit PayloadView(QWidget *parent = nullptr);

    void setPayload(const QByteArray &payload, bool text);
    // Nothing to show, and why (a control frame's meaning, a violation, a dropped payload).
    void showNote(const QString &note);
    void clear() { showNote({}); }

    QList<View> views() const; // those the current payload offers, the first its default
    View view() const;
    void setView(View view);
    QTreeWidget *tree() const { return m_tree; }
    QPlainTextEdit *text() const { return m_text; }
    // What the payload is in a protocol or encoding the view knows (Socket.IO, STOMP, JSON-RPC, SignalR, MessagePack,
    // CBOR, protobuf); empty otherwise.
    QString decoded() const;

    // The .proto binary messages are read by, remembered in the settings with the type chosen (messageTypes()); false,
    // with protoc's words, when it does not read, and the one before stays.
    bool loadProtoFile(const QString &path, QString *error);
    void forgetProtoFile();
    QComboBox *messageTypes() const { return m_messageTypes; }

private:
    void present();     // the payload in the chosen view
    View &chosenView(); // the last chosen for payloads of the current one's kind
    void chooseProtoFile();
    void showProtoFile(); // its button and its types, as loaded
    void readAgain();     // the payload shown, after the .proto or its type changed

    QComboBox *m_views;
    QLabel *m_note;
    QLabel *m_decoded;
    QStackedWidget *m_stack;
    QTreeWidget *m_tree;
    QPlainTextEdit *m_text;
    QToolButton *m_protoButton;
    QComboBox *m_messageTypes;
    std::optional<ProtobufSchema> m_proto;
    QString m_protoPath;
    QByteArray m_payload;
    bool m_showsPayload = false; // rather than a note
    bool m_isText = false;
    QJsonDocument m_json;         // of a text payload that is JSON, or of a binary one read as JSON; null otherwise
    View m_textView = View::Tree; // the last chosen, for the next message of the kind
    View m_binaryView = View::Hex;
    View m_decodedBinaryView = View::Tree;
};

} // namespace Duplex
