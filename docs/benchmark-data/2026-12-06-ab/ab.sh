#!/usr/bin/env bash
# Interleaved A/B of two duplex-server builds on /echo, pinned as the kit pins (server on CPU 1, generator on CPU 0),
# one JSON line per run from the generator (server CPU from -pid), labelled before/after.
#   ab.sh BEFORE/duplex-server AFTER/duplex-server OUT.jsonl [generator flags: -conns 8 -size 65536 -type binary]
#   REPS=6 (pairs), LOADGEN=../shared/bench/bin/loadgen (or build/dev/bench/duplex-load)
set -euo pipefail
before=$1 after=$2 out=$3
shift 3
loadgen=${LOADGEN:-$(dirname "$0")/../../../../shared/bench/bin/loadgen}
for rep in $(seq 1 "${REPS:-6}"); do
    for side in before after; do
        server=$before
        [[ $side == after ]] && server=$after
        port=$((18600 + rep))
        taskset -c 1 "$server" --port "$port" >/dev/null 2>&1 &
        pid=$!
        for _ in $(seq 1 40); do
            "$loadgen" -mode probe -url "ws://127.0.0.1:$port/echo" -duration 250ms >/dev/null 2>&1 && break
            sleep 0.1
        done
        taskset -c 0 "$loadgen" -mode echo "$@" -url "ws://127.0.0.1:$port/echo" -duration 5s -pid "$pid" \
            -label "$side" >>"$out"
        kill "$pid"
        wait "$pid" 2>/dev/null || true
    done
done
