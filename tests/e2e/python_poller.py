#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A long-polling member written with nothing but Python's http.client, which shares no code with Duplex.

Joins the room on 127.0.0.1:PORT, prints the hello and then every poll's batch as one JSON line each, and when a
message "bye" arrives, says "heard bye" and exits. Bounded: it gives up after 20 s.
"""
import http.client
import json
import sys
import time

port = int(sys.argv[1])
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)  # one connection, kept alive throughout


def request(method, path, body=None, headers=None):
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.read()


status, body = request("POST", "/chat/join")
assert status == 200, (status, body)
hello = json.loads(body)
print(json.dumps(hello), flush=True)
auth = {"Authorization": "Bearer " + hello["session"]}
since = hello["lastId"]
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    status, body = request("GET", "/chat/poll?since=%d" % since, headers=auth)
    assert status == 200, (status, body)
    batch = json.loads(body)
    print(json.dumps(batch), flush=True)
    for item in batch:
        if item["type"] == "message":
            since = item["id"]
            if item["text"] == "bye":
                status, body = request("POST", "/chat/send", body=json.dumps({"type": "message", "text": "heard bye"}),
                                       headers=dict(auth, **{"Content-Type": "application/json"}))
                assert status == 204, (status, body)
                sys.exit(0)
sys.exit("no bye within 20 s")
