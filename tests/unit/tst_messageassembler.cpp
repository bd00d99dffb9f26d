// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "wire/messageassembler.h"

using namespace Duplex;

namespace {

// A frame written "opcode[+]:payload": "+" means more fragments follow (FIN clear). Opcodes by name.
Frame frame(QByteArrayView spec)
{
    static const QHash<QByteArray, quint8> opcodes {{"text", Opcode::text}, {"binary", Opcode::binary},
        {"cont", Opcode::continuation}, {"ping", Opcode::ping}, {"pong", Opcode::pong}, {"close", Opcode::close}};
    const qsizetype colon = spec.indexOf(':');
    QByteArray name = spec.first(colon).toByteArray();
    Frame f;
    f.fin = !name.endsWith('+');
    if (!f.fin)
        name.chop(1);
    f.opcode = opcodes.value(name);
    f.payload = spec.sliced(colon + 1).toByteArray();
    return f;
}

} // namespace

class tst_MessageAssembler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deliversWholeMessages_data()
    {
        QTest::addColumn<QByteArrayList>("frames");
        QTest::addColumn<QByteArrayList>("delivered"); // "opcode:data", in order
        QTest::newRow("unfragmented") << QByteArrayList {"text:hello", "binary:\x01\x02"}
                                      << QByteArrayList {"text:hello", "binary:\x01\x02"};
        QTest::newRow("fragments") << QByteArrayList {"text+:hel", "cont+:l", "cont:o"}
                                   << QByteArrayList {"text:hello"};
        QTest::newRow("control between fragments") << QByteArrayList {"binary+:ab", "ping:p", "cont+:cd", "pong:q",
            "cont:ef"} << QByteArrayList {"ping:p", "pong:q", "binary:abcdef"};
        QTest::newRow("empty final fragment") << QByteArrayList {"text+:all", "cont:"} << QByteArrayList {"text:all"};
        QTest::newRow("one message after another") << QByteArrayList {"text+:a", "cont:b", "binary+:c", "cont:d",
            "text:e"} << QByteArrayList {"text:ab", "binary:cd", "text:e"};
        QTest::newRow("close passes at once")
            << QByteArrayList {"text+:half", "close:\x03\xe8"} << QByteArrayList {"close:\x03\xe8"};
    }
    void deliversWholeMessages()
    {
        QFETCH(QByteArrayList, frames);
        QFETCH(QByteArrayList, delivered);
        static const QHash<quint8, QByteArray> names {{Opcode::text, "text"}, {Opcode::binary, "binary"},
            {Opcode::ping, "ping"}, {Opcode::pong, "pong"}, {Opcode::close, "close"}};
        MessageAssembler assembler;
        QByteArrayList out;
        for (const QByteArray &spec : frames) {
            if (const auto message = assembler.add(frame(spec)))
                out.append(names.value(message->opcode) + ':' + message->data);
        }
        QCOMPARE(out, delivered);
    }

    void deliversTheInflatedData()
    {
        Frame compressed = frame("text:\x4a\x4c\x02\x00");
        compressed.compressed = true;
        compressed.inflated = "abc";
        MessageAssembler assembler;
        QCOMPARE(assembler.add(compressed)->data, QByteArray("abc"));
    }
};

QTEST_GUILESS_MAIN(tst_MessageAssembler)
#include "tst_messageassembler.moc"
