// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic/carrier.h"

#include "traffic/descriptorcarrier.h"
#include "traffic/socketcarrier.h"

namespace Duplex {

Carrier *Carrier::takeOverServerSide(QTcpSocket *socket, QObject *parent)
{
    // The socket carries on only when no descriptor is left to take it over with (see DescriptorCarrier).
    if (Carrier *carrier = DescriptorCarrier::takeOver(socket, parent))
        return carrier;
    return new SocketCarrier(socket, parent);
}

} // namespace Duplex
