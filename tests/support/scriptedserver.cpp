// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/scriptedserver.h"

#include <QTcpSocket>

#include "wire/httphead.h"

namespace Duplex::Test {

ScriptedServer::ScriptedServer(QList<QByteArray> answers, Close close)
    : m_answers(std::move(answers))
    , m_close(close)
{
    connect(this, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = nextPendingConnection()) {
            ++connections;
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { serve(socket); });
        }
    });
    listen(QHostAddress::LocalHost);
}

QUrl ScriptedServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(pathAndQuery));
}

void ScriptedServer::serve(QTcpSocket *socket)
{
    QByteArray &unread = m_unread[socket];
    unread += socket->readAll();
    for (;;) {
        const qsizetype headLength = HttpHead::headLength(unread);
        const std::optional<HttpHead> head
            = headLength < 0 ? std::nullopt : HttpHead::parseRequest(unread.first(headLength));
        const qsizetype length = headLength + (head ? head->value("Content-Length").toLongLong() : 0);
        if (headLength < 0 || unread.size() < length)
            return;
        requests.append(unread.first(length));
        unread.remove(0, length);
        const QByteArray answer = m_answers.value(requests.size() - 1);
        const bool close = m_close == Close::AfterEachAnswer || answer.endsWith("CLOSE");
        socket->write(answer.endsWith("CLOSE") ? answer.chopped(5) : answer);
        if (close)
            return socket->disconnectFromHost();
    }
}

} // namespace Duplex::Test
