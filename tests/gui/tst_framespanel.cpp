// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The frames table's actions on a message: whole payloads copied, as text, JSON, hex or base64, a row, a file,
// sent again, one connection shown, its conversation followed, or compared with another.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>

#include "models/framefiltermodel.h"
#include "models/framelogmodel.h"
#include "support/legibility.h"
#include "traffic/trafficrecord.h"
#include "ui/comparedialog.h"
#include "ui/conversationdialog.h"
#include "ui/framespanel.h"
#include "ui/hexview.h"
#include "ui/payloadview.h"
#include "ui/rpccallsdialog.h"

using namespace Duplex;
using Test::inkContrast;
using Test::paletteNamed;
using namespace Qt::StringLiterals;

namespace {

Frame dataFrame(quint8 opcode, const QByteArray &payload)
{
    Frame frame;
    frame.direction = Direction::ServerToClient;
    frame.opcode = frame.messageOpcode = opcode;
    frame.payload = payload;
    frame.payloadLength = quint64(payload.size());
    return frame;
}

QAction *action(QMenu *menu, const QString &name)
{
    for (QAction *action : menu->actions()) {
        if (action->text().remove(u'&') == name)
            return action;
    }
    qFatal("no action %s", qPrintable(name));
}

} // namespace

class tst_FramesPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<FrameLogModel>();
        m_panel = std::make_unique<FramesPanel>(*m_model);
        m_panel->resize(1000, 600);
        m_panel->show();
    }
    void cleanup()
    {
        m_panel.reset();
        m_model.reset();
    }

    void aLongMessageIsShownCopiedAndExportedWhole()
    {
        QByteArray text;
        for (int i = 0; text.size() < 100'000; ++i)
            text += "word" + QByteArray::number(i) + ' ';
        m_model->append({1, 7, dataFrame(Opcode::text, text)});
        m_model->flush();
        select(0);
        QCOMPARE(m_panel->message()->text()->toPlainText(), QString::fromLatin1(text));
        QVERIFY(m_panel->details()->toPlainText().contains(u"length   %1 bytes"_s.arg(text.size())));
        QVERIFY(!m_panel->details()->toPlainText().contains(u"capture"_s)); // nothing is missing

        QTest::keyClick(m_panel->table(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), QString::fromLatin1(text));
        QVERIFY(m_panel->visibleRowsAsCsv().contains(text.trimmed())); // the cell shows 80 characters; CSV has all
    }

    void copiesThePayloadInEachFormat()
    {
        const QByteArray json = R"({"type":"message","text":"héllo","n":[1,2]})";
        m_model->append({1, 7, dataFrame(Opcode::text, json)});
        m_model->append({2, 7, dataFrame(Opcode::binary, QByteArray::fromHex("00ff10"))});
        m_model->flush();

        std::unique_ptr<QMenu> menu(m_panel->rowMenu(0));
        QVERIFY(action(menu.get(), u"Copy Payload as JSON"_s)->isEnabled());
        action(menu.get(), u"Copy Payload as JSON"_s)->trigger();
        const QString pretty = QApplication::clipboard()->text();
        QVERIFY2(pretty.contains(u"\n    \"text\": \"héllo\""_s), qPrintable(pretty));
        action(menu.get(), u"Copy Payload"_s)->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QString::fromUtf8(json));
        action(menu.get(), u"Copy Payload as Base64"_s)->trigger();
        QCOMPARE(QApplication::clipboard()->text().toLatin1(), json.toBase64());

        menu.reset(m_panel->rowMenu(1));
        QVERIFY(!action(menu.get(), u"Copy Payload as JSON"_s)->isEnabled()); // binary is not JSON
        action(menu.get(), u"Copy Payload as Hex"_s)->trigger();
        QCOMPARE(QApplication::clipboard()->text(), u"00 ff 10"_s);
        action(menu.get(), u"Copy Row"_s)->trigger();
        const QStringList row = QApplication::clipboard()->text().split(u'\t');
        QVERIFY2(row.contains(u"binary"_s) && row.constLast() == u"00 ff 10"_s, qPrintable(row.join(u'|')));
    }

    // Mark one message, compare another with it: the two in a dialog, what differs marked, JSON formatted alike
    // unless asked otherwise, in colours that read on a dark palette too.
    void comparesAMessageWithTheMarkedOne()
    {
        m_model->append({1, 7, dataFrame(Opcode::text, R"({"id":1,"price":10,"item":"tea"})")});
        m_model->append({2, 7, dataFrame(Opcode::text, R"({"item": "tea", "id": 1, "price": 12})")});
        m_model->flush();
        std::unique_ptr<QMenu> first(m_panel->rowMenu(0));
        QVERIFY(!action(first.get(), u"Compare with Marked…"_s)->isEnabled());
        action(first.get(), u"Mark for Comparison"_s)->trigger();
        std::unique_ptr<QMenu> second(m_panel->rowMenu(1));
        action(second.get(), u"Compare with Marked…"_s)->trigger();
        auto *dialog = m_panel->findChild<CompareDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->formatJson()->isChecked());
        QCOMPARE(dialog->result().removed, 1);
        QCOMPARE(dialog->result().added, 1);
        const QString shown = dialog->view()->toPlainText();
        QVERIFY2(
            shown.contains(u"−     \"price\": 10\n"_s) && shown.contains(u"+     \"price\": 12"_s), qPrintable(shown));
        QVERIFY2(dialog->summary()->text().startsWith(u"1 lines only in the first, 1 only in the second"_s),
            qPrintable(dialog->summary()->text()));

        dialog->formatJson()->setChecked(false); // as sent: one line each, and they differ
        QCOMPARE(dialog->result().removed, 1);
        QCOMPARE(dialog->result().lines.size(), 2);

        dialog->setPalette(paletteNamed(u"dark"_s));
        const QTextBlock removed = dialog->view()->document()->firstBlock(); // as sent, the first line differs
        QVERIFY(removed.text().startsWith(u"−"_s));
        const QColor wash = removed.blockFormat().background().color();
        QVERIFY(Contrast::ratio(dialog->palette().color(QPalette::Text), wash) >= Contrast::readableRatio);
        dialog->close();
    }

    // Two connections' conversations compared: their messages line by line, without times or pings.
    void comparesTwoConnections()
    {
        Frame ping = dataFrame(Opcode::ping, "probe");
        for (const quint64 connection : {7, 9}) {
            const qint64 at = qint64(connection) * 1000;
            m_model->append({at, connection, dataFrame(Opcode::text, "hello")});
            if (connection == 9)
                m_model->append({at + 1, connection, ping});
            m_model->append({at + 2, connection, dataFrame(Opcode::text, connection == 7 ? "price 10" : "price 12")});
            m_model->append({at + 3, connection, dataFrame(Opcode::text, "bye")});
        }
        m_model->flush();
        std::unique_ptr<QMenu> first(m_panel->rowMenu(0));
        QVERIFY(!action(first.get(), u"Compare Connection with Marked…"_s)->isEnabled());
        action(first.get(), u"Mark Connection for Comparison"_s)->trigger();
        std::unique_ptr<QMenu> second(m_panel->rowMenu(m_model->rowCount() - 1));
        action(second.get(), u"Compare Connection with Marked…"_s)->trigger();
        auto *dialog = m_panel->findChild<CompareDialog *>();
        QVERIFY(dialog);
        QCOMPARE(dialog->result().removed, 1);
        QCOMPARE(dialog->result().added, 1);
        const QString shown = dialog->view()->toPlainText();
        QVERIFY2(shown.contains(u"price 10"_s) && shown.contains(u"price 12"_s) && !shown.contains(u"probe"_s),
            qPrintable(shown));
        dialog->close();
    }

    void savesSendsAgainAndNarrowsToTheConnection()
    {
        const QByteArray payload("\x01\x02\x03 binary", 10);
        m_model->append({1, 7, dataFrame(Opcode::binary, payload)});
        m_model->append({2, 9, dataFrame(Opcode::text, "other connection")});
        m_model->flush();
        std::unique_ptr<QMenu> menu(m_panel->rowMenu(0));

        QSignalSpy resend(m_panel.get(), &FramesPanel::resendRequested);
        action(menu.get(), u"Resend from the Client"_s)->trigger();
        QCOMPARE(resend.size(), 1);
        QCOMPARE(resend.first().at(0).toByteArray(), payload);
        QCOMPARE(resend.first().at(1).toBool(), false);

        QTemporaryDir dir;
        const QString path = dir.filePath(u"payload.bin"_s);
        QString error;
        QVERIFY2(FramesPanel::writePayload(payload, path, &error), qPrintable(error));
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), payload);
        QVERIFY(!FramesPanel::writePayload(payload, dir.filePath(u"no/such/folder/x"_s), &error));
        QVERIFY(!error.isEmpty());

        // The menu took what it needs when it opened: frames that push its row out meanwhile change nothing.
        for (int i = 0; i < FrameLogModel::defaultCapacity; ++i)
            m_model->append({3 + i, 11, dataFrame(Opcode::text, "newer")});
        m_model->flush();
        QCOMPARE(m_model->connectionAt(0), 11u);
        action(menu.get(), u"Copy Payload as Hex"_s)->trigger();
        QCOMPARE(QApplication::clipboard()->text().toLatin1(), payload.toHex(' '));

        QSignalSpy chosen(m_panel.get(), &FramesPanel::connectionChosen);
        action(menu.get(), u"Show Only This Connection"_s)->trigger();
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.first().at(0).toULongLong(), 7u);

        QSignalSpy replay(m_panel.get(), &FramesPanel::replayRequested);
        action(menu.get(), u"Replay Connection from the Client"_s)->trigger();
        QCOMPARE(replay.size(), 1);
        QCOMPARE(replay.first().at(0).toULongLong(), 7u);
        QSignalSpy roomReplay(m_panel.get(), &FramesPanel::roomReplayRequested);
        action(menu.get(), u"Replay Connection from the Room"_s)->trigger();
        QCOMPARE(roomReplay.size(), 1);
        QCOMPARE(roomReplay.first().at(0).toULongLong(), 7u);
        // An event stream is not replayed, from either end.
        m_model->append({TrafficRecord {4 + FrameLogModel::defaultCapacity, 12, SseEvent {"update", "1", "data"}}});
        m_model->flush();
        menu.reset(m_panel->rowMenu(m_model->rowCount() - 1));
        QVERIFY(!action(menu.get(), u"Replay Connection from the Client"_s)->isEnabled());
        QVERIFY(!action(menu.get(), u"Replay Connection from the Room"_s)->isEnabled());
    }

    // Follow Conversation opens a transcript of the row's connection only (pings when asked for), which Copy All
    // copies as text.
    void followsTheConversationOfTheRowsConnection()
    {
        Frame question = dataFrame(Opcode::text, "how are you?");
        question.direction = Direction::ClientToServer;
        m_model->append({1, 7, question});
        m_model->append({2, 9, dataFrame(Opcode::text, "other connection")});
        m_model->append({3, 7, dataFrame(Opcode::ping, "beat")});
        m_model->append({4, 7, dataFrame(Opcode::text, "<b>fine</b>")});
        m_model->flush();
        std::unique_ptr<QMenu> menu(m_panel->rowMenu(3));
        action(menu.get(), u"Follow Conversation…"_s)->trigger();
        auto *dialog = m_panel->findChild<ConversationDialog *>();
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY2(dialog->windowTitle().endsWith(m_model->index(0, FrameLogModel::ConnectionColumn).data().toString()),
            qPrintable(dialog->windowTitle()));
        const QStringList shown = dialog->view()->toPlainText().split(u'\n');
        QCOMPARE(shown.size(), 2);
        QVERIFY(shown[0].endsWith(u"client → server  text  how are you?"_s));
        QVERIFY(shown[1].endsWith(u"server → client  text  <b>fine</b>"_s)); // as text, never markup
        for (QPushButton *button : dialog->findChildren<QPushButton *>()) {
            if (button->text() == ConversationDialog::tr("&Copy All"))
                button->click();
        }
        QCOMPARE(QApplication::clipboard()->text(), dialog->transcript());
        QCOMPARE(dialog->transcript(), shown.join(u'\n') + u'\n');
        dialog->heartbeats()->setChecked(true); // the ping between them too
        QCOMPARE(dialog->view()->toPlainText().split(u'\n').size(), 3);
        QVERIFY(dialog->transcript().contains(u"server → client  ping"_s));
        dialog->close();
    }

    // A JSON-RPC request says how long its answer took and leads to it, and the answer leads back; one not yet
    // answered says so until its answer comes.
    void leadsFromAJsonRpcRequestToItsAnswer()
    {
        const auto upward = [](const QByteArray &text) {
            Frame frame = dataFrame(Opcode::text, text);
            frame.direction = Direction::ClientToServer;
            return frame;
        };
        m_model->append({1'000, 7, upward(R"({"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1})")});
        m_model->append({2'000, 9, dataFrame(Opcode::text, R"({"jsonrpc":"2.0","result":19,"id":1})")});
        m_model->append({13'400, 7, dataFrame(Opcode::text, R"({"jsonrpc":"2.0","result":19,"id":1})")});
        m_model->append({14'000, 7, dataFrame(Opcode::text, "plain text")});
        m_model->flush();
        QLabel *note = m_panel->callNote();

        select(0);
        QCOMPARE(m_panel->message()->decoded(), u"JSON-RPC request “subtract” · id 1"_s);
        QVERIFY(note->isVisible());
        QVERIFY2(note->text().startsWith(u"Answered after 12.4 ms."_s), qPrintable(note->text()));
        Q_EMIT note->linkActivated(u"answer"_s);
        QCOMPARE(m_panel->table()->currentIndex().row(), 2);
        QVERIFY2(note->text().startsWith(u"Answers the request sent 12.4 ms earlier."_s), qPrintable(note->text()));
        Q_EMIT note->linkActivated(u"request"_s);
        QCOMPARE(m_panel->table()->currentIndex().row(), 0);
        select(1); // on another connection
        QVERIFY2(note->text().startsWith(u"Its request is not in the table"_s), qPrintable(note->text()));
        select(3);
        QVERIFY(!note->isVisible());

        m_model->append({20'000, 7, upward(R"({"jsonrpc":"2.0","method":"subtract","params":[1,1],"id":2})")});
        m_model->flush();
        select(4);
        QCOMPARE(note->text(), u"Not answered yet on its connection."_s);
        m_model->append({21'000, 7, dataFrame(Opcode::text, R"({"jsonrpc":"2.0","result":0,"id":2})")});
        m_model->flush();
        QVERIFY2(note->text().startsWith(u"Answered after 1.0 ms."_s), qPrintable(note->text()));

        m_panel->filter()->setDirection(Direction::ClientToServer);
        select(1); // the second request
        Q_EMIT note->linkActivated(u"answer"_s);
        QCOMPARE(note->text(), u"The filters hide that message."_s);
    }

    // A 1.0 service's calls too, whose errors may have no code.
    void listsJsonRpc1Calls()
    {
        Frame request = dataFrame(Opcode::text, R"({"method":"echo","params":["hi"],"id":1})");
        request.direction = Direction::ClientToServer;
        m_model->append({1'000, 7, request});
        m_model->append({3'000, 7, dataFrame(Opcode::text, R"({"result":null,"error":"no echo today","id":1})")});
        m_model->flush();
        std::unique_ptr<QMenu> menu(m_panel->rowMenu(0));
        action(menu.get(), u"JSON-RPC Calls…"_s)->trigger();
        auto *dialog = m_panel->findChild<RpcCallsDialog *>();
        QVERIFY(dialog && dialog->isVisible());
        QTableWidget *table = dialog->table();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, RpcCallsDialog::MethodColumn)->text(), u"echo"_s);
        QCOMPARE(table->item(0, RpcCallsDialog::TookColumn)->text(), u"2.0 ms"_s);
        QCOMPARE(table->item(0, RpcCallsDialog::AnswerColumn)->text(), u"error: no echo today"_s);
        dialog->close();
    }

    // JSON-RPC Calls lists the connection's calls with how long each took and what it said, under a summary; a call
    // activated shows its request in the table.
    void listsTheConnectionsJsonRpcCalls()
    {
        const auto upward = [](const QByteArray &text) {
            Frame frame = dataFrame(Opcode::text, text);
            frame.direction = Direction::ClientToServer;
            return frame;
        };
        m_model->append({1'000, 7, upward(R"({"jsonrpc":"2.0","method":"slow","id":1})")});
        m_model->append({2'000, 7, upward(R"({"jsonrpc":"2.0","method":"missing","id":2})")});
        m_model->append({3'000, 7, upward(R"({"jsonrpc":"2.0","method":"never","id":3})")});
        m_model->append({4'000, 7,
            dataFrame(
                Opcode::text, R"({"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":2})")});
        m_model->append({41'000, 7, dataFrame(Opcode::text, R"({"jsonrpc":"2.0","result":true,"id":1})")});
        m_model->append({42'000, 7, dataFrame(Opcode::text, "plain text")});
        m_model->flush();

        std::unique_ptr<QMenu> plain(m_panel->rowMenu(5));
        QVERIFY(!action(plain.get(), u"JSON-RPC Calls…"_s)->isEnabled());
        std::unique_ptr<QMenu> menu(m_panel->rowMenu(0));
        action(menu.get(), u"JSON-RPC Calls…"_s)->trigger();
        auto *dialog = m_panel->findChild<RpcCallsDialog *>();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->summary(),
            u"3 calls · 2 answered, 1 of them with an error · 1 not answered · took 2.0 ms at the median, 40.0 ms at "
            u"the 99th percentile"_s);
        QTableWidget *table = dialog->table();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(0, RpcCallsDialog::MethodColumn)->text(), u"slow"_s);
        QCOMPARE(table->item(0, RpcCallsDialog::TookColumn)->text(), u"40.0 ms"_s);
        QCOMPARE(table->item(1, RpcCallsDialog::AnswerColumn)->text(), u"error -32601: Method not found"_s);
        QCOMPARE(table->item(2, RpcCallsDialog::AnswerColumn)->text(), u"none yet"_s);
        table->sortByColumn(RpcCallsDialog::TookColumn, Qt::DescendingOrder); // the unanswered first, then the slowest
        QCOMPARE(table->item(1, RpcCallsDialog::MethodColumn)->text(), u"slow"_s);

        Q_EMIT table->itemActivated(table->item(1, RpcCallsDialog::MethodColumn));
        QCOMPARE(m_panel->table()->currentIndex().row(), 0);
        m_panel->filter()->setDirection(Direction::ServerToClient);
        Q_EMIT table->itemActivated(table->item(1, RpcCallsDialog::MethodColumn));
        bool noted = false;
        for (const QLabel *label : dialog->findChildren<QLabel *>())
            noted = noted || (label->isVisible() && label->text() == u"The filters hide that message."_s);
        QVERIFY(noted);
        dialog->close();
    }

    void aDroppedPayloadOffersNothingToCopy()
    {
        TrafficRecord record {1, 7, dataFrame(Opcode::text, {})};
        std::get<Frame>(record.event).payloadLength = 4096;
        record.payloadDropped = true;
        m_model->append(record);
        m_model->flush();
        std::unique_ptr<QMenu> menu(m_panel->rowMenu(0));
        QVERIFY(!action(menu.get(), u"Copy Payload"_s)->isEnabled());
        QVERIFY(!action(menu.get(), u"Save Payload…"_s)->isEnabled());
        QVERIFY(action(menu.get(), u"Copy Row"_s)->isEnabled());
        select(0);
        QVERIFY(m_panel->details()->toPlainText().contains(u"payload dropped: memory budget"_s));
        QVERIFY(m_panel->message()->text()->toPlainText().isEmpty());
        QVERIFY(m_panel->visibleRowsAsCsv().contains("payload dropped: memory budget"));
    }

    void theBytesFitTheirPane()
    {
        Frame masked = dataFrame(Opcode::text, QByteArray(100, 'm'));
        masked.direction = Direction::ClientToServer;
        masked.masked = true;
        masked.maskingKey = 0x01020304;
        HexView hex;
        hex.show();
        hex.setFrame(masked);
        const int maskedMinimum = hex.minimumSizeHint().width();
        hex.setFrame(dataFrame(Opcode::text, QByteArray(100, 's')));
        QVERIFY(hex.minimumSizeHint().width() < maskedMinimum); // one hex column instead of two
        hex.setFrame(masked);
        hex.resize(hex.sizeHint());
        QCOMPARE(hex.bytesPerLine(), 16);
        hex.resize(hex.minimumSizeHint());
        QCOMPARE(hex.bytesPerLine(), 8); // a narrow pane gets shorter lines, never cut ones
    }

    // Each kind of row reads on a light palette and a dark one: a server's frame in green, a control frame on blue,
    // a violation in red on red, each colour as dark or light as the palette needs.
    void rowsReadOnLightAndDarkPalettes_data()
    {
        QTest::addColumn<QString>("palette");
        QTest::newRow("light") << u"light"_s;
        QTest::newRow("dark") << u"dark"_s;
    }
    void rowsReadOnLightAndDarkPalettes()
    {
        QFETCH(QString, palette);
        m_panel->setPalette(paletteNamed(palette));
        QFont large = m_panel->table()->font();
        large.setPixelSize(40);
        m_panel->table()->setFont(large);
        m_panel->table()->verticalHeader()->setDefaultSectionSize(60);
        m_model->append({1, 7, dataFrame(Opcode::text, "HHHH")}); // from the server
        Frame ping = dataFrame(Opcode::ping, "HHHH");
        ping.direction = Direction::ClientToServer;
        m_model->append({2, 7, ping});
        m_model->append({3, 7, ProtocolViolation {Direction::ClientToServer, {1002, "HHHH unmasked"}}});
        m_model->flush();
        QCOMPARE(m_model->rowCount(), 3);
        QTableView *table = m_panel->table();
        table->setColumnWidth(FrameLogModel::PayloadColumn, 400);
        table->scrollTo(table->model()->index(0, FrameLogModel::PayloadColumn));
        const QImage picture = table->viewport()->grab().toImage();
        for (int row = 0; row < 3; ++row) {
            const QRect cell = table->visualRect(table->model()->index(row, FrameLogModel::PayloadColumn));
            const double contrast = inkContrast(picture, cell.adjusted(1, 1, -2, -2)); // not the grid
            QVERIFY2(contrast >= Contrast::readableRatio, qPrintable(u"row %1: %2"_s.arg(row).arg(contrast)));
        }
    }

    // The frame's bytes in their colours (the header, the masking key) read on either palette too.
    void bytesReadOnLightAndDarkPalettes_data() { rowsReadOnLightAndDarkPalettes_data(); }
    void bytesReadOnLightAndDarkPalettes()
    {
        QFETCH(QString, palette);
        Frame masked = dataFrame(Opcode::text, "HHHH");
        masked.direction = Direction::ClientToServer;
        masked.masked = true;
        masked.maskingKey = 0x88888888;
        HexView hex;
        hex.setPalette(paletteNamed(palette));
        QFont large = hex.font();
        large.setPixelSize(40);
        hex.setFont(large);
        hex.setFrame(masked);
        hex.resize(hex.sizeHint());
        hex.show();
        const QImage picture = hex.viewport()->grab().toImage();
        const QFontMetrics metrics(large);
        const int charWidth = metrics.horizontalAdvance(u'0');
        const int firstLine = metrics.height(); // under the column titles
        for (const int byte : {0, 2}) {         // the header's first, the masking key's first
            const QRect digits(charWidth * (10 + byte * 3) - 2, firstLine + 2, charWidth * 2 + 4, metrics.height());
            const double contrast = inkContrast(picture, digits);
            QVERIFY2(contrast >= Contrast::readableRatio, qPrintable(u"byte %1: %2"_s.arg(byte).arg(contrast)));
        }
    }

    // A search that is no regular expression says so in red, readable on the palette of the moment.
    void aSearchErrorReadsOnLightAndDarkPalettes()
    {
        m_panel->findChild<QCheckBox *>(u"regex"_s)->setChecked(true);
        QLineEdit *search = m_panel->findChild<QLineEdit *>();
        QVERIFY(search);
        search->setText(u"(unclosed"_s);
        auto *error = m_panel->findChild<QLabel *>(u"searchError"_s);
        QVERIFY(error && !error->text().isEmpty());
        for (const QString &palette : {u"dark"_s, u"light"_s}) {
            m_panel->setPalette(paletteNamed(palette));
            const double contrast = Contrast::ratio(
                error->palette().color(QPalette::WindowText), m_panel->palette().color(QPalette::Window));
            QVERIFY2(contrast >= Contrast::readableRatio, qPrintable(palette + u": "_s + QString::number(contrast)));
            const int hue = error->palette().color(QPalette::WindowText).hslHue();
            QVERIFY2(hue < 10 || hue > 350, qPrintable(QString::number(hue))); // still red
        }
    }

    void thePanesAreRemembered()
    {
        m_panel->detailTabs()->setCurrentIndex(1); // Fields
        const QByteArray state = m_panel->paneState();
        FramesPanel other(*m_model);
        QCOMPARE(other.detailTabs()->currentIndex(), 0);
        other.restorePaneState(state);
        QCOMPARE(other.detailTabs()->currentIndex(), 1);
        other.restorePaneState("not a state"); // ignored
        QCOMPARE(other.detailTabs()->currentIndex(), 1);
    }

private:
    void select(int row) { m_panel->table()->setCurrentIndex(m_panel->table()->model()->index(row, 0)); }

    std::unique_ptr<FrameLogModel> m_model;
    std::unique_ptr<FramesPanel> m_panel;
};

QTEST_MAIN(tst_FramesPanel)
#include "tst_framespanel.moc"
