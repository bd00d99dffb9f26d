# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A relay on 127.0.0.1 in front of a room that never answers WebSocket upgrades, as a proxy that does not know
them may: every other request passes through byte for byte. Prints its port, ends when stdin closes.
Usage: /usr/bin/python3 silent_upgrade_proxy.py ROOM_PORT
"""
import asyncio
import sys

ROOM_PORT = int(sys.argv[1])


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def serve(client_reader, client_writer):
    head = await client_reader.readuntil(b'\r\n\r\n')
    if b'upgrade: websocket' in head.lower():
        await client_reader.read()  # silent until the client gives up
        client_writer.close()
        return
    room_reader, room_writer = await asyncio.open_connection('127.0.0.1', ROOM_PORT)
    room_writer.write(head)
    await asyncio.gather(pipe(client_reader, room_writer), pipe(room_reader, client_writer))


async def main():
    server = await asyncio.start_server(serve, '127.0.0.1', 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


asyncio.run(main())
