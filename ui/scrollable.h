// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QScrollArea>

namespace Duplex {

// widget in a frameless scroll area that gives it all the room there is, and scrolls only when there is too little:
// so that no panel makes the window wider or taller than a small screen.
inline QScrollArea *scrollable(QWidget *widget)
{
    auto *area = new QScrollArea;
    area->setWidget(widget);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

} // namespace Duplex
