#!/usr/bin/env bash
# How the room recovers from falling behind: the kit's load generator offers bcast-1000r-1k (1000 receivers, 1000
# messages/s, 64 bytes) for 8 s, and 4 s in the server is stopped (SIGSTOP) for STOP_MS, so that a backlog of
# STOP_MS × 1000 deliveries piles up, as when a busy machine takes the core away. A room whose cost per delivery
# stays flat works the backlog off; one whose cost grows with it stays behind. Prints the server's peak RSS and
# the generator's figures (latency over the whole window: p50 tells whether it caught up). 127.0.0.1 only; ends
# by itself in about 12 s.
# Usage: bench/stall_recovery.sh DUPLEX_SERVER STOP_MS [KIT_DIR]   (KIT_DIR: ../shared/bench, built with build.sh)
set -euo pipefail
server=$1
stop_ms=$2
kit=${3:-$(cd "$(dirname "$0")/../../shared/bench" && pwd)}
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
out=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$out"' EXIT
taskset -c 1 "$server" --port "$port" --max-clients 5000 --chat-rate 0 >"$out/server.log" 2>&1 &
pid=$!
sleep 1
taskset -c 0 timeout 30 "$kit/bin/loadgen" -mode broadcast -url "ws://127.0.0.1:$port/chat" -conns 1000 -rate 1000 \
    -size 64 -duration 8s -warmup 1s -pid "$pid" -server duplex -label "stall-${stop_ms}ms" >"$out/result.json" &
generator=$!
sleep 4
kill -STOP "$pid"
sleep "$(awk -v ms="$stop_ms" 'BEGIN { print ms / 1000 }')"
kill -CONT "$pid"
wait "$generator" || true # its figures are what matters, whatever it thinks of them
peak=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
/usr/bin/python3 - "$out/result.json" "$peak" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"stopped {d['label'][6:]}: delivered {d['delivered_ratio']:.3f}, p50 {d['p50_us'] / 1000:.0f} ms, "
      f"p99 {d['p99_us'] / 1000:.0f} ms, peak RSS {int(sys.argv[2]) / 1024:.0f} MiB, disconnects {d['disconnects']}")
PY
