#!/bin/sh
# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/goals.py reads compare.sh's runs as docs/benchmarks.md reports them: two recorded sets whose verdicts were
# worked out by hand, and a run that failed. Usage: goals_check.sh SOURCE_DIR
set -u
goals=$1/bench/goals.py data=$1/docs/benchmark-data
fail() { echo "goals_check: $*"; exit 1; }
expect() { printf '%s\n' "$out" | grep -qxF -- "$1" || fail "no line '$1' in:
$out"; }

# A miss in a run that lost 12 % of Duplex's core to steal does not fail the set.
out=$(/usr/bin/python3 "$goals" "$data/2026-12-03-utf8-go") || fail "a set whose misses were all disturbed failed"
expect "echo-64c-32B, CPU per round trip ≤ 0.75× plain Qt's: held in 4 of 5 runs"
expect "  run 1: 7.53 µs, 0.76× MISSED, steal 12/5 %"
expect "bcast-1000r-1k, p99 ≤ plain Qt's: held in 4 of 5 runs"
expect "  run 5: 236 against 170 ms MISSED, steal 23/3 %"
expect "idle-2000c, ≤ 8 KiB a connection, below node-ws: held in 5 of 5 runs"

# Misses in quiet runs fail it.
out=$(/usr/bin/python3 "$goals" "$data/2026-12-03-utf8-go-again") && fail "a set with undisturbed misses passed"
expect "  run 2: 6.92 against 6.59 µs MISSED"
expect "  run 4: 231 against 164 ms MISSED"
expect "bcast-1000r-1k, CPU per delivery ≤ 1.0× plain Qt's: held in 5 of 5 runs"
# A run that failed, with no figures, is a miss, not a crash.
failed=$(mktemp -d)
trap 'rm -rf "$failed"' EXIT
echo '{"label":"echo-64c-32B","steal_pct":0}' >"$failed/duplex.jsonl"
echo '{"label":"echo-64c-32B","server_cpu_us_per_msg":9.5,"steal_pct":0}' >"$failed/qt-minimal.jsonl"
out=$(/usr/bin/python3 "$goals" "$failed") && fail "a failed run passed"
expect "  run 1: no figure MISSED"
# A directory without runs is an error, not a pass.
/usr/bin/python3 "$goals" "$failed/nowhere" 2>/dev/null && fail "a directory without runs passed"
echo "goals_check: ok"
