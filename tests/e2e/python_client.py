# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""An independent client (python3-websockets, not Qt) for tst_independentclient.

Usage: python_client.py PORT. Round-trips on /echo, takes part in /chat as "python", and prints one JSON line
with what it saw. Loopback only; every wait is bounded.
"""
import asyncio
import json
import sys

import websockets


async def echo(base, result):
    async with websockets.connect(base + "/echo") as ws:
        await ws.send("héllo ✓")
        result["text"] = await asyncio.wait_for(ws.recv(), 5)
        payload = bytes(range(256)) * 300
        await ws.send(payload)
        result["binary_ok"] = await asyncio.wait_for(ws.recv(), 5) == payload
        await ws.send(["frag", "men", "ted"])  # one message in three frames
        result["fragmented"] = await asyncio.wait_for(ws.recv(), 5)
        pong = await ws.ping(b"py")
        await asyncio.wait_for(pong, 5)
        result["pong"] = True


async def chat(base, result):
    async with websockets.connect(base + "/chat") as ws:
        result["hello"] = json.loads(await asyncio.wait_for(ws.recv(), 5))
        await ws.send(json.dumps({"type": "nick", "nick": "python"}))
        result["nick"] = json.loads(await asyncio.wait_for(ws.recv(), 5))
        await ws.send(json.dumps({"type": "message", "text": "from python"}))
        result["message"] = json.loads(await asyncio.wait_for(ws.recv(), 5))


async def main(port):
    base = f"ws://127.0.0.1:{port}"
    result = {}
    await echo(base, result)
    await chat(base, result)
    print(json.dumps(result))


asyncio.run(asyncio.wait_for(main(int(sys.argv[1])), 20))
