// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Reading one message: JSON as a tree, indented or raw; binary as hex, base64 or UTF-8; long ones by their start;
// a Socket.IO packet, a STOMP frame, a JSON-RPC message or SignalR's records by its name; MessagePack and CBOR as
// JSON, and protobuf by field numbers or by a .proto's names (tests/unit/protobuf).
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QToolButton>
#include <QTreeWidget>
#include <QtEndian>

#include "ui/payloadview.h"

using namespace Duplex;
using namespace Qt::StringLiterals;
using View = PayloadView::View;

class tst_PayloadView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings of the test, not of the person running it
        QCoreApplication::setOrganizationName(u"DuplexTest"_s);
        QSettings().remove(u"monitor"_s);
    }

    void jsonReadsAsATreeIndentedOrRaw()
    {
        PayloadView view;
        const QByteArray json = R"({"type":"message","from":{"nick":"ada","id":7},"tags":["a","b"],"ok":true})";
        view.setPayload(json, true);
        QCOMPARE(view.views(), (QList {View::Tree, View::Pretty, View::Raw}));
        QCOMPARE(view.view(), View::Tree); // the first offered

        const QTreeWidget *tree = view.tree();
        QCOMPARE(tree->topLevelItemCount(), 4);
        const auto item = [tree](const QString &key) {
            for (int i = 0; i < tree->topLevelItemCount(); ++i) {
                if (tree->topLevelItem(i)->text(0) == key)
                    return tree->topLevelItem(i);
            }
            return static_cast<QTreeWidgetItem *>(nullptr);
        };
        QCOMPARE(item(u"type"_s)->text(1), u"\"message\""_s); // strings quoted, as devtools show them
        QCOMPARE(item(u"ok"_s)->text(1), u"true"_s);
        QTreeWidgetItem *from = item(u"from"_s);
        QCOMPARE(from->text(1), u"{2}"_s);
        QVERIFY(from->isExpanded()); // the top level opens; deeper levels wait to be opened
        QCOMPARE(from->childCount(), 2);
        QCOMPARE(item(u"tags"_s)->child(1)->text(0), u"[1]"_s);
        QCOMPARE(item(u"tags"_s)->child(1)->text(1), u"\"b\""_s);

        view.setView(View::Pretty);
        QVERIFY(view.text()->toPlainText().contains(u"\n    \"from\": {\n        \"id\": 7,"_s));
        view.setView(View::Raw);
        QCOMPARE(view.text()->toPlainText().toUtf8(), json);

        // The choice holds for the next text message, and plain text offers only itself.
        view.setPayload(R"([1, 2])", true);
        QCOMPARE(view.view(), View::Raw);
        view.setPayload("not {json", true);
        QCOMPARE(view.views(), QList {View::Raw});
        QCOMPARE(view.text()->toPlainText(), u"not {json"_s);
    }

    // A Socket.IO app's frame is named, and its JSON read past the packet's header; Raw keeps the frame whole.
    void aSocketIoPacketIsNamedAndItsJsonRead()
    {
        PayloadView view;
        const QByteArray frame = R"(42/admin,13["chat",{"msg":"<b>hi</b>"}])";
        view.setPayload(frame, true);
        QCOMPARE(view.decoded(), u"Socket.IO EVENT “chat” · namespace /admin · ack 13"_s);
        QCOMPARE(view.views(), (QList {View::Tree, View::Pretty, View::Raw}));
        view.setView(View::Tree);
        QCOMPARE(view.tree()->topLevelItemCount(), 2);
        QCOMPARE(view.tree()->topLevelItem(0)->text(1), u"\"chat\""_s);
        QCOMPARE(view.tree()->topLevelItem(1)->child(0)->text(1), u"\"<b>hi</b>\""_s);
        view.setView(View::Raw);
        QCOMPARE(view.text()->toPlainText().toUtf8(), frame);

        view.setPayload("2", true); // a ping: named, nothing to read in a tree
        QCOMPARE(view.decoded(), u"Engine.IO ping"_s);
        QCOMPARE(view.views(), QList {View::Raw});
        view.setPayload("2 cats", true); // plain text that starts with a digit
        QCOMPARE(view.decoded(), QString());
        view.setPayload(frame, true);
        view.showNote(u"a control frame"_s);
        QCOMPARE(view.decoded(), QString());
    }

    // A STOMP frame is named and its JSON body read as a tree; a JSON-RPC message is named, its JSON read whole.
    void stompJsonRpcAndSignalRAreNamed()
    {
        PayloadView view;
        const QByteArray send = "SEND\ndestination:/app/chat\ncontent-type:application/json\n\n{\"text\":\"hi\"}\0"_ba;
        view.setPayload(send, true);
        QCOMPARE(view.decoded(), u"STOMP SEND · destination /app/chat · 13-byte body"_s);
        view.setView(View::Tree);
        QCOMPARE(view.tree()->topLevelItemCount(), 1);
        QCOMPARE(view.tree()->topLevelItem(0)->text(1), u"\"hi\""_s);
        view.setView(View::Raw);
        QCOMPARE(view.text()->toPlainText().toUtf8(), send);

        view.setPayload(R"({"jsonrpc":"2.0","method":"eth_call","params":[],"id":7})", true);
        QCOMPARE(view.decoded(), u"JSON-RPC request “eth_call” · id 7"_s);
        view.setView(View::Tree);
        QCOMPARE(view.tree()->topLevelItemCount(), 4);

        // SignalR's record separator is not JSON's: the record is, and so is what the tree shows.
        const QByteArray invocation = R"({"type":1,"invocationId":"3","target":"SendMessage","arguments":["ann"]})"
                                      "\x1e";
        view.setPayload(invocation, true);
        QCOMPARE(view.decoded(), u"SignalR invocation “SendMessage” · id 3"_s);
        QCOMPARE(view.views(), (QList {View::Tree, View::Pretty, View::Raw}));
        view.setView(View::Tree);
        QCOMPARE(view.tree()->topLevelItemCount(), 4);
        view.setView(View::Raw);
        QCOMPARE(view.text()->toPlainText().toUtf8(), invocation);
    }

    void binaryReadsAsHexBase64OrUtf8()
    {
        PayloadView view;
        const QByteArray bytes = "\x00\xffhi\xc3\xa9"_ba;
        view.setPayload(bytes, false);
        QCOMPARE(view.views(), (QList {View::Hex, View::Base64, View::Utf8}));
        QCOMPARE(view.text()->toPlainText(), u"00 ff 68 69 c3 a9"_s);
        view.setView(View::Base64);
        QCOMPARE(view.text()->toPlainText().toLatin1(), bytes.toBase64());
        view.setView(View::Utf8);
        QVERIFY(view.text()->toPlainText().endsWith(u"hié"_s));
    }

    // A binary message that is MessagePack or CBOR reads as JSON does, named; the view chosen for those is kept
    // apart from the one for other binary messages.
    void messagePackAndCborReadAsJson()
    {
        PayloadView view;
        // {"type": "chat", "id": 7, "blob": bin 01 02}, as a Socket.IO msgpack parser or SignalR might send it
        const QByteArray messagePack = QByteArray::fromHex("83a474797065a463686174a26964 07a4626c6f62c4020102");
        view.setPayload(messagePack, false);
        QCOMPARE(view.decoded(), u"MessagePack: a map of 3 entries"_s);
        QCOMPARE(view.views(), (QList {View::Tree, View::Pretty, View::Hex, View::Base64, View::Utf8}));
        QCOMPARE(view.view(), View::Tree);
        QCOMPARE(view.tree()->topLevelItemCount(), 3);
        QCOMPARE(view.tree()->findItems(u"type"_s, Qt::MatchExactly).constFirst()->text(1), u"\"chat\""_s);
        QCOMPARE(view.tree()->findItems(u"blob"_s, Qt::MatchExactly).constFirst()->text(1), u"\"AQI\""_s); // base64url
        view.setView(View::Hex);

        view.setPayload(QByteArray::fromHex("a2616101616202"), false); // CBOR {"a": 1, "b": 2}
        QCOMPARE(view.decoded(), u"CBOR: a map of 2 entries"_s);
        QCOMPARE(view.view(), View::Hex); // as chosen for the last one read
        view.setView(View::Pretty);
        QVERIFY2(view.text()->toPlainText().contains(u"\"b\": 2"_s), qPrintable(view.text()->toPlainText()));

        view.setPayload("\x00\xff"_ba, false); // neither
        QVERIFY(view.decoded().isEmpty());
        QCOMPARE(view.view(), View::Hex);
        view.setPayload(messagePack, false);
        QCOMPARE(view.view(), View::Pretty);

        // Past its bound, a binary message is not read at all: it could take the window's memory.
        const auto arrayOf = [](quint32 items) -> QByteArray { // array 32: its five bytes, then the items, a byte each
            const quint32 length = qToBigEndian(items);
            return "\xdd"_ba + QByteArray(reinterpret_cast<const char *>(&length), 4) + QByteArray(items, '\x01');
        };
        const auto atBound = quint32(PayloadView::maxDecodedBytes - 5);
        view.setPayload(arrayOf(atBound + 1), false);
        QVERIFY(view.decoded().isEmpty());
        QCOMPARE(view.views(), (QList {View::Hex, View::Base64, View::Utf8}));
        view.setPayload(arrayOf(atBound), false);
        QCOMPARE(view.decoded(), u"MessagePack: an array of %1 items"_s.arg(atBound));
    }

    // A binary message in protobuf's wire format reads as a tree of field numbers in their order, a nested message a
    // branch, its 64-bit integers whole.
    void protobufReadsByFieldNumber()
    {
        PayloadView view;
        // {10: 7, 1: 150, 2: "testing", 3: {1: 1234567890123456789}}
        view.setPayload(QByteArray::fromHex("5007 089601 120774657374696e67 1a0a 089582a6efc79e849111"), false);
        QCOMPARE(view.decoded(), u"Protobuf without its .proto: 4 fields by number"_s);
        QCOMPARE(view.view(), View::Tree);
        QStringList keys;
        for (int i = 0; i < view.tree()->topLevelItemCount(); ++i)
            keys << view.tree()->topLevelItem(i)->text(0);
        QCOMPARE(keys, (QStringList {u"1"_s, u"2"_s, u"3"_s, u"10"_s})); // not JSON's "1", "10", "2", "3"
        QCOMPARE(view.tree()->topLevelItem(0)->text(1), u"150"_s);
        QCOMPARE(view.tree()->topLevelItem(1)->text(1), u"\"testing\""_s);
        const QTreeWidgetItem *nested = view.tree()->topLevelItem(2);
        QCOMPARE(nested->text(1), u"{1}"_s);
        QCOMPARE(nested->child(0)->text(1), u"1234567890123456789"_s);
    }

    // With a .proto loaded, a binary message reads by the chosen type's names, and by field numbers when it is not of
    // that type, which the view says; the file and the type are remembered, and a file that does not read says why
    // and leaves the one before.
    void protobufReadsByAProtoFile()
    {
        // chat.Envelope {room: "lab", big: 1234567890123456789}, and field 15, which chat.proto does not name
        const QByteArray envelope = QByteArray::fromHex("0a036c6162 309582a6efc79e849111 7807");
        {
            PayloadView view;
            auto *button = view.findChild<QToolButton *>();
            QVERIFY(button);
            view.setPayload("{}"_ba, true);
            QVERIFY(button->isHidden()); // for binary messages only
            view.setPayload(envelope, false);
            QVERIFY(!button->isHidden());
            QVERIFY(view.messageTypes()->isHidden());
            QCOMPARE(button->text(), u".proto…"_s);
            QCOMPARE(view.decoded(), u"Protobuf without its .proto: 3 fields by number"_s);

            QString error;
            QVERIFY2(view.loadProtoFile(QStringLiteral(PROTO_FILES "/chat.proto"), &error), qPrintable(error));
            QCOMPARE(button->text(), u"chat.proto"_s);
            QVERIFY(!view.messageTypes()->isHidden());
            QCOMPARE(view.messageTypes()->currentText(), u"chat.Envelope"_s);
            QCOMPARE(view.decoded(), u"chat.Envelope, by chat.proto: 1 field it does not name"_s);
            QCOMPARE(view.view(), View::Tree);
            QCOMPARE(view.tree()->findItems(u"room"_s, Qt::MatchExactly).constFirst()->text(1), u"\"lab\""_s);
            QCOMPARE(
                view.tree()->findItems(u"big"_s, Qt::MatchExactly).constFirst()->text(1), u"\"1234567890123456789\""_s);

            view.messageTypes()->setCurrentText(u"chat.Envelope.Meta"_s);
            view.messageTypes()->activated(view.messageTypes()->currentIndex()); // as a person's choice is
            QCOMPARE(view.decoded(), u"chat.Envelope.Meta, by chat.proto: 3 fields it does not name"_s);
            view.setPayload(QByteArray::fromHex("81a16101"), false); // MessagePack {"a": 1}
            QCOMPARE(view.decoded(),
                u"chat.proto: not a chat.Envelope.Meta: its bytes do not read as one. MessagePack: a map of 1 entry"_s);

            QVERIFY(!view.loadProtoFile(QStringLiteral(PROTO_FILES "/broken.proto"), &error));
            QCOMPARE(error, u"broken.proto:5:1: Expected \";\"."_s);
            QCOMPARE(button->text(), u"chat.proto"_s);
        }
        {
            PayloadView again; // as the next start of the app
            QCOMPARE(again.findChild<QToolButton *>()->text(), u"chat.proto"_s);
            QCOMPARE(again.messageTypes()->currentText(), u"chat.Envelope.Meta"_s);
            again.forgetProtoFile();
            again.setPayload(envelope, false);
            QCOMPARE(again.decoded(), u"Protobuf without its .proto: 3 fields by number"_s);
        }
        PayloadView afterForgetting;
        QCOMPARE(afterForgetting.findChild<QToolButton *>()->text(), u".proto…"_s);
    }

    void aLongPayloadShowsItsStartAndSaysSo()
    {
        PayloadView view;
        const QByteArray big(PayloadView::maxShownCharacters + 1000, 'x');
        view.setPayload(big, true);
        QCOMPARE(view.text()->toPlainText().size(), PayloadView::maxShownCharacters);
        const auto *note = view.findChild<QLabel *>();
        QVERIFY(note && !note->isHidden());
        QVERIFY(note->text().contains(QString::number(big.size())));

        view.setPayload("short", true);
        QVERIFY(note->isHidden());
    }

    void aHugeJsonTreeStopsAtItsCap()
    {
        QByteArray json = "[";
        for (int i = 0; i < PayloadView::maxTreeItems + 50; ++i)
            json += (i ? "," : "") + QByteArray::number(i);
        json += "]";
        PayloadView view;
        view.setPayload(json, true);
        QCOMPARE(
            view.tree()->topLevelItemCount(), PayloadView::maxTreeItems + 1); // and one that says where the rest is
        QVERIFY(view.tree()->topLevelItem(PayloadView::maxTreeItems)->text(0).contains(u"Raw"_s));
    }

    void aNoteInsteadOfAPayload()
    {
        PayloadView view;
        view.setPayload("{}", true);
        view.showNote(u"payload dropped: memory budget"_s);
        QVERIFY(view.text()->toPlainText().isEmpty());
        QCOMPARE(view.findChild<QLabel *>()->text(), u"payload dropped: memory budget"_s);
        QVERIFY(view.findChild<QComboBox *>()->isHidden());
    }
};

QTEST_MAIN(tst_PayloadView)
#include "tst_payloadview.moc"
