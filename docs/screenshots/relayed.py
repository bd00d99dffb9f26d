#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
# A WebSocket client that is not Duplex's, for the screenshots: through the relay on 127.0.0.1:PORT to the room's
# /echo, a few messages and a ping, then, once the screenshot script holds what goes to the server, one more.
import asyncio
import json
import sys

import websockets


async def main():
    async with websockets.connect(f"ws://127.0.0.1:{sys.argv[1]}/echo") as socket:
        for message in (json.dumps({"type": "subscribe", "channel": "prices"}), "plain text, whole", b"\x00\x01\x02"):
            await socket.send(message)
            await socket.recv()
        await (await socket.ping(b"are you there?"))
        await asyncio.sleep(3)
        await socket.send(json.dumps({"type": "order", "item": "coffee", "quantity": 2}))
        await asyncio.sleep(60)


asyncio.run(main())
