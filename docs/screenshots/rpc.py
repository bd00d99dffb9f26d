#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
# A JSON-RPC 2.0 server for the screenshots, on 127.0.0.1:PORT for two minutes: "subtract" and "sum" answer after a
# few milliseconds, anything else is "Method not found".
import asyncio
import json
import sys

import websockets


async def answer(socket, path=None):
    async for text in socket:
        call = json.loads(text)
        method, params = call.get("method"), call.get("params", [])
        await asyncio.sleep(0.012 if method == "subtract" else 0.004)
        if method == "subtract":
            reply = {"result": params[0] - params[1]}
        elif method == "sum":
            reply = {"result": sum(params)}
        else:
            reply = {"error": {"code": -32601, "message": "Method not found"}}
        await socket.send(json.dumps({"jsonrpc": "2.0", **reply, "id": call.get("id")}))


async def main():
    async with websockets.serve(answer, "127.0.0.1", int(sys.argv[1])):
        await asyncio.sleep(120)


asyncio.run(main())
