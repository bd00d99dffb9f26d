#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
# Duplex beside the reference servers of ../shared/bench, in one run of its compare.sh: the same cells, the server
# pinned to CPU 1 and the load generator to CPU 0, repetitions interleaved, medians reported by its report.py.
#
#   bench/compare.sh [--loadgen duplex|go] [compare.sh options: --reps 5 --duration 5 --only CELLS --peers NAMES
#                    --out-dir DIR (default build/dev/bench-results/DATE) …]
#
# duplex-load is the default generator: it speaks the kit's flags and JSON, and it also understands the JSON that
# Duplex's /chat wraps around relayed text (the Go generator counts those as bad messages). Duplex runs twice: with
# its wire tap (the default) and with --no-tap. Build first: cmake --build --preset dev; ../shared/bench/build.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kit=${DUPLEX_BENCH_KIT:-$here/../../shared/bench}
kit=$(cd "$kit" && pwd)
build=${DUPLEX_BUILD:-$here/../build/dev}
server=$(cd "$build/app" && pwd)/duplex-server
load=$(cd "$build/bench" && pwd)/duplex-load
generator=duplex
if [[ ${1:-} == --loadgen ]]; then
    generator=$2
    shift 2
fi
[[ -x $server && -x $load ]] || { echo "compare.sh: build duplex-server and duplex-load first" >&2; exit 1; }
[[ -x $kit/bin/loadgen ]] || {
    echo "compare.sh: run $kit/build.sh first (a read-only kit: bench/README.md)" >&2
    exit 1
}

# A shadow of the kit whose bin/loadgen is the chosen generator; its scripts find everything else through links.
shadow=$(mktemp -d)
trap 'rm -rf "$shadow"' EXIT
cp -rs "$kit/." "$shadow/"
if [[ $generator == duplex ]]; then
    ln -sf "$load" "$shadow/bin/loadgen"
fi
# The kit runs from the shadow, so a relative --out-dir is made absolute here (default: build/dev/bench-results/DATE).
args=()
out=(--out-dir "$(cd "$build" && pwd)/bench-results/$(date +%Y%m%d-%H%M%S)")
while (($#)); do
    if [[ $1 == --out-dir ]]; then
        mkdir -p "$2"
        out=(--out-dir "$(cd "$2" && pwd)")
        shift 2
    else
        args+=("$1")
        shift
    fi
done
# Both Duplex servers: no heartbeat (the peers have none), room for 2000 idle connections, no chat rate limit.
flags="--port {port} --ping-interval 0 --max-clients 5000 --chat-rate 0"
"$shadow/compare.sh" "${out[@]}" \
    --add "duplex|ws|$server $flags|$server $flags|/echo|/chat" \
    --add "duplex-notap|ws|$server $flags --no-tap|$server $flags --no-tap|/echo|/chat" \
    --ref qt-minimal "${args[@]}"
