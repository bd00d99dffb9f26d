#!/usr/bin/python3
# A leave storm in a Duplex room, on loopback only: N members join, an observer stays, the N close at once.
# Prints, as JSON, the server's CPU from the closes until the observer has heard of every departure (and 0.5 s
# after, for what trails), the frames the observer read meanwhile, and how long it took.
# Usage: leave_storm.py PORT SERVER_PID N      (python3-websockets; the server with --max-clients above N)
import asyncio
import json
import os
import resource
import sys
import time

import websockets


def cpu_seconds(pid):
    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def named(message):
    return message['members'] if message['type'] in ('joins', 'leaves') else [message]


async def drain(member):
    try:
        async for _ in member:
            pass
    except websockets.ConnectionClosed:
        pass


async def main(port, pid, n):
    url = f'ws://127.0.0.1:{port}/chat'
    observer = await websockets.connect(url, max_size=None)
    await observer.recv()  # hello
    members = []
    while len(members) < n:
        members += await asyncio.gather(
            *(websockets.connect(url, max_size=None) for _ in range(min(100, n - len(members)))))
    drains = [asyncio.create_task(drain(member)) for member in members]
    arrived = set()
    while len(arrived) < n:
        message = json.loads(await asyncio.wait_for(observer.recv(), 30))
        if message['type'] in ('join', 'joins'):
            arrived.update(member['nick'] for member in named(message))
    await asyncio.sleep(1)
    while True:  # what was still on its way
        try:
            await asyncio.wait_for(observer.recv(), 0.2)
        except asyncio.TimeoutError:
            break

    cpu_before = cpu_seconds(pid)
    start = time.monotonic()
    await asyncio.gather(*(member.close() for member in members))
    gone, frames = set(), 0
    while len(gone) < n:
        message = json.loads(await asyncio.wait_for(observer.recv(), 30))
        frames += 1
        if message['type'] in ('leave', 'leaves'):
            gone.update(member['nick'] for member in named(message))
    heard = time.monotonic() - start
    await asyncio.sleep(0.5)
    print(json.dumps({'members': n, 'heard_all_s': round(heard, 3), 'frames_to_observer': frames,
                      'server_cpu_ms': round(1000 * (cpu_seconds(pid) - cpu_before))}))
    await asyncio.gather(*drains)
    await observer.close()


soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
