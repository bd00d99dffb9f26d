// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace Duplex::Test {

// An HTTP server on 127.0.0.1 that plays a script: the n-th request it reads, on whatever connection, gets
// answers[n] as it is, and the connection closes after it when the script says so (Close::AfterEachAnswer), or after
// an answer that ends in "CLOSE", sent without those letters. Keeps every request, body included, and counts the
// connections, for tests of clients against answers no real server would give.
class ScriptedServer : public QTcpServer
{
public:
    enum class Close { AfterEachAnswer, WhenAsked };
    explicit ScriptedServer(QList<QByteArray> answers, Close close = Close::WhenAsked);
    QUrl url(const QString &pathAndQuery = QStringLiteral("/")) const;

    QList<QByteArray> requests;
    int connections = 0;

private:
    void serve(QTcpSocket *socket);

    QList<QByteArray> m_answers;
    Close m_close;
    QHash<QTcpSocket *, QByteArray> m_unread;
};

} // namespace Duplex::Test
