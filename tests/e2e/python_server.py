# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""An independent echo server (python3-websockets, not Qt) for tst_independentserver.

Usage: python_server.py [--deflate] [--tls CERT KEY [--client-ca CA]]. With --client-ca, a client must present a
certificate CA signed (mutual TLS). Listens on 127.0.0.1 on a free port, prints the port on one
line, echoes every message, and exits when stdin closes or after 60 s, whichever comes first.
"""
import asyncio
import os
import ssl
import sys

import websockets


async def echo(websocket, path=None):
    async for message in websocket:
        await websocket.send(message)


async def main(args):
    context = None
    if "--tls" in args:
        at = args.index("--tls")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args[at + 1], args[at + 2])
        if "--client-ca" in args:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(args[args.index("--client-ca") + 1])
    compression = "deflate" if "--deflate" in args else None
    async with websockets.serve(echo, "127.0.0.1", 0, ssl=context, compression=compression) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        loop = asyncio.get_running_loop()
        stdin_closed = loop.run_in_executor(None, sys.stdin.read)
        try:
            await asyncio.wait_for(stdin_closed, 60)
        except asyncio.TimeoutError:
            pass
    os._exit(0)  # without waiting for the thread that may still read stdin


asyncio.run(main(sys.argv[1:]))
