# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A forward proxy for the client's proxy tests, Python's standard library only: HTTP CONNECT (RFC 9110 §9.3.6) or
SOCKS5 (RFC 1928), with a user name and password (Basic, RFC 7617; RFC 1929) when given.

Usage: python_proxy.py http|socks5 [USER PASSWORD]. Listens on 127.0.0.1 on a free port and prints the port on one
line, then "tunnel HOST:PORT" for each tunnel it opens and "refused WHY" for each it does not. Tunnels go to loopback
only. Exits when stdin closes or after 60 s, whichever comes first.
"""
import asyncio
import base64
import ipaddress
import os
import socket
import struct
import sys

LOOPBACK_NAMES = {"localhost"}


def is_loopback(host):
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def say(line):
    print(line, flush=True)


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def open_tunnel(host, port):
    upstream = await asyncio.open_connection(host, port)
    say(f"tunnel {host}:{port}")
    return upstream


async def splice(client_reader, client_writer, server_reader, server_writer):
    await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))


async def serve_http(reader, writer, credentials):
    while True:  # a 407 keeps the connection, as proxies do, for the request with credentials
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        fields = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                fields[name.strip().lower()] = value.strip()
        if not credentials or fields.get("proxy-authorization") == "Basic " + base64.b64encode(credentials).decode():
            break
        say("refused no or wrong credentials")
        writer.write(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                     b"Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
    host, _, port = target.rpartition(":")
    host = host.strip("[]")
    if method != "CONNECT" or not is_loopback(host):
        say(f"refused {method} {target}")
        writer.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()
        return
    try:
        upstream = await open_tunnel(host, int(port))
    except OSError:
        say(f"refused unreachable {target}")
        writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()
        return
    writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
    await writer.drain()
    await splice(reader, writer, *upstream)


async def serve_socks5(reader, writer, credentials):
    version, count = await reader.readexactly(2)
    methods = await reader.readexactly(count)
    wanted = 2 if credentials else 0
    if version != 5 or wanted not in methods:
        say("refused no acceptable method")
        writer.write(b"\x05\xff")
        await writer.drain()
        writer.close()
        return
    writer.write(bytes([5, wanted]))
    if credentials:
        _, user_length = await reader.readexactly(2)
        user = await reader.readexactly(user_length)
        password = await reader.readexactly((await reader.readexactly(1))[0])
        if user + b":" + password != credentials:
            say("refused no or wrong credentials")
            writer.write(b"\x01\x01")
            await writer.drain()
            writer.close()
            return
        writer.write(b"\x01\x00")
    _, command, _, kind = await reader.readexactly(4)
    if kind == 1:
        host = socket.inet_ntop(socket.AF_INET, await reader.readexactly(4))
    elif kind == 4:
        host = socket.inet_ntop(socket.AF_INET6, await reader.readexactly(16))
    else:
        host = (await reader.readexactly((await reader.readexactly(1))[0])).decode()
    (port,) = struct.unpack("!H", await reader.readexactly(2))
    failure = 7 if command != 1 else 2 if not is_loopback(host) else 0  # command not supported; not allowed
    upstream = None
    if not failure:
        try:
            upstream = await open_tunnel(host, port)
        except OSError:
            failure = 5  # connection refused
    if failure:
        say(f"refused {host}:{port}")
    writer.write(bytes([5, failure, 0, 1]) + bytes(4) + bytes(2))
    await writer.drain()
    if failure:
        writer.close()
        return
    await splice(reader, writer, *upstream)


async def main(args):
    kind = args[0]
    credentials = f"{args[1]}:{args[2]}".encode() if len(args) == 3 else None
    handler = serve_http if kind == "http" else serve_socks5

    async def serve(reader, writer):
        try:
            await handler(reader, writer, credentials)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    say(server.sockets[0].getsockname()[1])
    loop = asyncio.get_running_loop()
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    try:
        await asyncio.wait_for(stdin_closed, 60)
    except asyncio.TimeoutError:
        pass
    os._exit(0)  # without waiting for the thread that may still read stdin


asyncio.run(main(sys.argv[1:]))
