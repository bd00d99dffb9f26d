#!/bin/sh
# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
# duplex-load works: one tiny cell of each mode against duplex-server on 127.0.0.1 (seconds, not a benchmark).
# Usage: duplex_load_smoke.sh DUPLEX_SERVER DUPLEX_LOAD
set -eu
server=$1 load=$2
out=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$out"' EXIT
"$server" --port 0 --ping-interval 0 --chat-rate 0 >"$out/urls" 2>"$out/log" &
pid=$!
for _ in $(seq 50); do grep -q /echo "$out/urls" && break; sleep 0.1; done
port=$(sed -n 's|^ws://127.0.0.1:\([0-9]*\)/echo$|\1|p' "$out/urls")
[ -n "$port" ] || { echo "the server did not start:"; cat "$out/log"; exit 1; }

run() { "$load" -pid "$pid" -warmup 200ms "$@" | tee -a "$out/runs.jsonl"; }
run -mode probe -url "ws://127.0.0.1:$port/echo" -duration 5s
run -mode echo -url "ws://127.0.0.1:$port/echo" -conns 4 -size 32 -duration 1s
run -mode echo -url "ws://127.0.0.1:$port/echo" -conns 2 -size 65536 -type binary -duration 1s
# 5000 deliveries: enough server CPU to show in /proc's 10 ms ticks.
run -mode broadcast -url "ws://127.0.0.1:$port/chat" -conns 5 -rate 1000 -size 64 -duration 1s
run -mode idle -url "ws://127.0.0.1:$port/echo" -conns 20 -settle 200ms
# The room over HTTP: 5 subscribers of each transport, one sender POSTing.
for mode in sse long-poll; do
    run -mode $mode -api duplex -url "http://127.0.0.1:$port/chat" -conns 5 -rate 200 -size 64 -duration 1s
done
run -mode poll -api duplex -url "http://127.0.0.1:$port/chat" -conns 5 -rate 20 -size 64 -duration 1s -interval 250ms

# Every line is JSON with what each mode promises.
/usr/bin/python3 - "$out/runs.jsonl" <<'PY'
import json, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
probe, small, large, bcast, idle, sse, long_poll, poll = runs
assert probe["ok"], probe
for echo in (small, large):
    assert echo["connect_failed"] == 0 and echo["msgs"] > 0 and echo["mismatches"] == 0, echo
    assert echo["p50_us"] > 0 and echo["server_cpu_us_per_msg"] > 0, echo
assert bcast["not_ready"] == 0 and bcast["delivered_ratio"] == 1 and bcast["bad_msgs"] == 0, bcast
assert bcast["sent"] >= 900 and bcast["server_cpu_us_per_delivery"] > 0, bcast
assert idle["connected"] == 20 and idle["alive_after_touch"] == 20 and idle["server_rss_kb_idle"] > 0, idle
for push in (sse, long_poll, poll):
    assert push["not_ready"] == 0 and push["delivered_ratio"] == 1 and push["out_of_order"] == 0, push
    assert push["disconnects"] == 0 and push["send_refusals"] == 0 and push["bytes_in_per_delivery"] > 64, push
assert sse["answers"] == 0 and sse["head_bytes_in_per_delivery"] == 0, sse  # one stream, no answers
assert long_poll["answers"] > 0 and long_poll["head_bytes_in_per_delivery"] > 0, long_poll
# Every 250 ms at 20 messages/s: about 5 messages an answer, and nearly every answer has news.
assert 2 <= poll["msgs_per_answer"] <= 10 and poll["empty_answers"] <= poll["answers"] // 4, poll
print("duplex-load smoke: all modes answered")
PY
