// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QTableView;
class QTreeWidget;

namespace Duplex {

class ConnectionListModel;

// The monitor's handshakes: every connection and refused upgrade, and for the chosen one both heads as they
// crossed the wire, each header explained, and the Sec-WebSocket-Accept check worked out step by step.
class HandshakePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HandshakePanel)

public:
    explicit HandshakePanel(ConnectionListModel &connections, QWidget *parent = nullptr);

    void setConnection(quint64 connection); // selects its row
    QTableView *table() const { return m_table; }
    QTreeWidget *heads() const { return m_heads; }
    QLabel *acceptCheck() const { return m_accept; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void showRow(int row);

    ConnectionListModel &m_connections;
    QTableView *m_table;
    QTreeWidget *m_heads;
    QLabel *m_accept;
};

} // namespace Duplex
