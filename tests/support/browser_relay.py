#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs Debian's Chromium headless and relays the DevTools protocol of its one page over stdin and stdout.

Each input line is a command, {"id": N, "method": "...", "params": {...}}; each output line is what Chromium sent
back (answers and events), as it sent it. Chromium's debugging port is on loopback, picked by Chromium itself, and
the page may reach nothing but loopback: every other address goes to a dead proxy and no name is resolved.
Chromium ends with this relay: when stdin closes, or when the relay dies.
"""
import asyncio
import ctypes
import http.client
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

import websockets

START_TIMEOUT_S = 30


def chromium_command(profile):
    return [
        'chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
        '--no-first-run', '--no-default-browser-check', '--disable-extensions', '--disable-default-apps',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-pings',
        '--disable-domain-reliability', '--metrics-recording-only', '--mute-audio',
        '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider',
        # Loopback only: loopback bypasses the proxy by default, everything else meets a closed port.
        '--proxy-server=127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]',
        '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', f'--user-data-dir={profile}',
        '--window-size=1280,800', 'about:blank',
    ]


def die_with_parent():
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def page_endpoint(profile, browser):
    """The page's DevTools WebSocket address, once Chromium has written its port."""
    port_file = pathlib.Path(profile, 'DevToolsActivePort')
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if browser.poll() is not None:
            raise RuntimeError(f'chromium exited with {browser.returncode}')
        if port_file.exists() and port_file.read_text().count('\n') >= 1:
            port = int(port_file.read_text().split('\n')[0])
            connection = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
            connection.request('GET', '/json/list')
            pages = [t for t in json.loads(connection.getresponse().read()) if t['type'] == 'page']
            if pages:
                return pages[0]['webSocketDebuggerUrl']
        time.sleep(0.1)
    raise RuntimeError(f'chromium did not open its debugging port in {START_TIMEOUT_S} s')


async def relay(endpoint):
    async with websockets.connect(endpoint, max_size=None, ping_interval=None) as page:
        async def to_stdout():
            async for message in page:
                sys.stdout.write(message + '\n')
                sys.stdout.flush()

        forward = asyncio.create_task(to_stdout())
        loop = asyncio.get_running_loop()
        while line := await loop.run_in_executor(None, sys.stdin.readline):
            await page.send(line)
        forward.cancel()


def main():
    with tempfile.TemporaryDirectory(prefix='duplex-chromium-') as profile:
        with open(pathlib.Path(profile, 'chromium.log'), 'w') as log:
            browser = subprocess.Popen(chromium_command(profile), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                       preexec_fn=die_with_parent, start_new_session=True)
        try:
            asyncio.run(relay(page_endpoint(profile, browser)))
        except Exception:
            sys.stderr.write(pathlib.Path(profile, 'chromium.log').read_text()[-4000:])
            raise
        finally:
            os.killpg(browser.pid, signal.SIGTERM)
            try:
                browser.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(browser.pid, signal.SIGKILL)
                browser.wait()


if __name__ == '__main__':
    main()
