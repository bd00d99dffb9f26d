#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
# Duplex's room beside the HTTP push peers of ../shared/bench (node-http: Node's http; go-http: Go's net/http) over
# SSE, long polls and short polls, measured the way bench/compare.sh measures WebSocket: a fresh server per cell
# pinned to CPU 1 (Go with GOMAXPROCS=1), duplex-load on CPU 0, repetitions interleaved with a rotating start,
# medians of the repetitions in a Markdown report.
#
#   bench/compare-http.sh [--reps 5] [--duration 5] [--only CELLS] [--servers NAMES] [--add 'NAME|API|CMD|PATH']
#                         [--out-dir DIR]
#
# --add runs one more server ({port} in CMD; API kit or duplex), such as an earlier build of duplex-server;
# --servers keeps only the named ones (comma-separated).
#
# Build first: cmake --build --preset dev; ../shared/bench/build.sh (for bin/go-http; node-http needs only node).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kit=$(cd "${DUPLEX_BENCH_KIT:-$here/../../shared/bench}" && pwd)
build=$(cd "${DUPLEX_BUILD:-$here/../build/dev}" && pwd)
server=$build/app/duplex-server
load=$build/bench/duplex-load
reps=5 duration=5 only="" keep="" added=() out=$build/bench-results/http-$(date +%Y%m%d-%H%M%S)
while (($#)); do
    case $1 in
    --reps) reps=$2 ;;
    --duration) duration=$2 ;;
    --only) only=$2 ;;
    --servers) keep=$2 ;;
    --add) added+=("$2") ;;
    --out-dir) out=$2 ;;
    *) sed -n '2,16p' "$0" >&2; exit 64 ;;
    esac
    shift 2
done
[[ -x $server && -x $load ]] || { echo "compare-http.sh: build duplex-server and duplex-load first" >&2; exit 1; }
[[ -x $kit/bin/go-http ]] || {
    echo "compare-http.sh: run $kit/build.sh first (a read-only kit: bench/README.md)" >&2
    exit 1
}
mkdir -p "$out/logs"
out=$(cd "$out" && pwd)
{
    echo "date: $(date -u +%FT%TZ)"
    echo "duplex: $(git -C "$here" describe --always --dirty 2>/dev/null || echo unknown)"
    echo "machine: $(nproc) cores, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "node: $(node --version 2>/dev/null || echo none)"
} >"$out/meta.txt"

# name|api|command|path: the kit's peers share one API; Duplex's room has its own (duplex-load -api duplex).
servers=(
    "duplex|duplex|$server --port {port} --ping-interval 0 --chat-rate 0 --max-http-per-address 5000|/chat"
    "node-http|kit|node $kit/peers/node-http/server.js --port {port}|/"
    "go-http|kit|$kit/bin/go-http -addr 127.0.0.1:{port}|/"
    "${added[@]}"
)
if [[ -n $keep ]]; then
    kept=()
    for line in "${servers[@]}"; do
        [[ ",$keep," == *",${line%%|*},"* ]] && kept+=("$line")
    done
    servers=("${kept[@]}")
fi
# cell|duplex-load flags
cells=(
    "sse-1000s-1k|-mode sse -conns 1000 -rate 1000"
    "longpoll-1000p-100|-mode long-poll -conns 1000 -rate 100"
    "poll-1000p-1s|-mode poll -conns 1000 -rate 0.5 -interval 1s"
)

port=18090
run_cell() { # SERVER_LINE CELL_LINE REP
    local name api command path cell flags pid
    IFS='|' read -r name api command path <<<"$1"
    IFS='|' read -r cell flags <<<"$2"
    command=${command//\{port\}/$port}
    GOMAXPROCS=1 taskset -c 1 $command >"$out/logs/$name-$cell-$3.log" 2>&1 &
    pid=$!
    if taskset -c 0 "$load" -mode probe -type tcp -addr "127.0.0.1:$port" -duration 10s >/dev/null; then
        # shellcheck disable=SC2086 # the cell's flags are words
        taskset -c 0 "$load" $flags -api "$api" -url "http://127.0.0.1:$port$path" -duration "${duration}s" \
            -pid "$pid" -server "$name" -label "$cell" >>"$out/$name.jsonl" || true
    else
        echo "compare-http.sh: $name did not start for $cell (see $out/logs/$name-$cell-$3.log)" >&2
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

for ((rep = 0; rep < reps; ++rep)); do
    for cell_line in "${cells[@]}"; do
        [[ -z $only || ",$only," == *",${cell_line%%|*},"* ]] || continue
        for ((i = 0; i < ${#servers[@]}; ++i)); do # a rotating start: no server always runs first
            server_line=${servers[(i + rep) % ${#servers[@]}]}
            echo "rep $((rep + 1))/$reps ${cell_line%%|*} ${server_line%%|*}" >&2
            run_cell "$server_line" "$cell_line" "$rep"
        done
    done
done
/usr/bin/python3 "$here/report-http.py" "$out"/*.jsonl | tee "$out/report.md"
