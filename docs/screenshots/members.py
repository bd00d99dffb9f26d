# The people in the screenshot scenario: two members chatting on /chat (one also writes to the host privately, the
# other shares a file), and a client on /echo that sends a fragmented message and pings. Loopback only; ends by
# itself.
# Usage: /usr/bin/python3 members.py PORT
import asyncio
import json
import sys

import websockets

PORT = int(sys.argv[1])


async def share(ws, name, mime, data):
    await ws.send(json.dumps({"type": "file", "name": name, "size": len(data), "mime": mime}))
    while json.loads(await ws.recv()).get("type") != "upload":
        pass
    await ws.send(data)


async def member(nick, lines, delay):
    async with websockets.connect(f"ws://127.0.0.1:{PORT}/chat") as ws:
        await ws.send(json.dumps({"type": "nick", "nick": nick}))
        await asyncio.sleep(delay)
        # A line is a text for everyone, (nickname, text) for one member, or {"file": name} to share a file.
        for line in lines:
            if isinstance(line, dict):
                await share(ws, line["file"], "application/pdf", b"%PDF-1.4\n" + bytes(48_000))
            else:
                to, text = line if isinstance(line, tuple) else (None, line)
                await ws.send(json.dumps({"type": "message", "text": text} | ({"to": to} if to else {})))
            await asyncio.sleep(1.1)
        await asyncio.sleep(20)


async def echo_client():
    async with websockets.connect(f"ws://127.0.0.1:{PORT}/echo") as ws:
        await asyncio.sleep(1)
        await ws.send(["Fragmented: ", "three frames, ", "one message"])  # an iterable goes as fragments
        await ws.recv()
        for n in range(3):
            pong = await ws.ping(f"probe-{n}".encode())
            await pong
            await asyncio.sleep(0.5)
        await ws.send(bytes(range(40)))
        await ws.recv()
        await asyncio.sleep(20)


async def main():
    await asyncio.wait_for(asyncio.gather(
        member("ann", ["Hi all, is the build green?", "<b>this stays text</b>", {"file": "standup-notes.pdf"},
                       "See you at standup"], 0.5),
        member("bob", ["Green on my side", "javascript:alert('nope') shows as text too",
                       ("host", "Can you share the room's QR code with the new intern?")], 1.0),
        echo_client(),
    ), timeout=40)


asyncio.run(main())
