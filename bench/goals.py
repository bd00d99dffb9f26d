#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The room's performance goals (issue 15) checked run by run in what bench/compare.sh wrote: each repetition of
Duplex against the same repetition of its peers, which ran interleaved with it, and the steal both runs saw (time the
hypervisor gave to another machine, which makes a run's CPU figures worth little). Usage: goals.py OUT-DIR.
Exits 1 when a goal was missed in a run where neither side lost more than a tenth of its core to steal."""
import json
import os
import sys

DISTURBED_STEAL_PCT = 10


def runs(directory, server, cell):
    path = os.path.join(directory, server + ".jsonl")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as lines:
        return [r for r in map(json.loads, lines) if r.get("label") == cell]


# (cell, goal, peer, the figure as words, whether it holds): each takes Duplex's run and the peer's run of one rep.
GOALS = [
    ("echo-64c-32B", "CPU per round trip ≤ 0.75× plain Qt's", "qt-minimal",
     lambda d, p: f"{d['server_cpu_us_per_msg']:.2f} µs, {d['server_cpu_us_per_msg'] / p['server_cpu_us_per_msg']:.2f}×",
     lambda d, p: d["server_cpu_us_per_msg"] <= 0.75 * p["server_cpu_us_per_msg"]),
    ("echo-64c-32B", "CPU per round trip below gorilla's", "gorilla",
     lambda d, p: f"{d['server_cpu_us_per_msg']:.2f} against {p['server_cpu_us_per_msg']:.2f} µs",
     lambda d, p: d["server_cpu_us_per_msg"] < p["server_cpu_us_per_msg"]),
    ("echo-8c-64KiB", "CPU per round trip ≤ 0.3× plain Qt's", "qt-minimal",
     lambda d, p: f"{d['server_cpu_us_per_msg']:.1f} µs, {d['server_cpu_us_per_msg'] / p['server_cpu_us_per_msg']:.2f}×",
     lambda d, p: d["server_cpu_us_per_msg"] <= 0.3 * p["server_cpu_us_per_msg"]),
    ("bcast-1000r-1k", "100 % delivered", "qt-minimal",
     lambda d, p: f"{100 * d['delivered_ratio']:.1f} %",
     lambda d, p: d["delivered_ratio"] >= 0.9995),
    ("bcast-1000r-1k", "p99 ≤ plain Qt's", "qt-minimal",
     lambda d, p: f"{d['p99_us'] / 1000:.0f} against {p['p99_us'] / 1000:.0f} ms",
     lambda d, p: d["p99_us"] <= p["p99_us"]),
    ("bcast-1000r-1k", "CPU per delivery ≤ 1.0× plain Qt's", "qt-minimal",
     lambda d, p: f"{d['server_cpu_us_per_delivery'] / p['server_cpu_us_per_delivery']:.2f}×",
     lambda d, p: d["server_cpu_us_per_delivery"] <= p["server_cpu_us_per_delivery"]),
    ("idle-2000c", "≤ 8 KiB a connection, below node-ws", "node-ws",
     lambda d, p: f"{d['bytes_per_conn'] / 1024:.2f} against {p['bytes_per_conn'] / 1024:.2f} KiB",
     lambda d, p: d["bytes_per_conn"] <= 8192 and d["bytes_per_conn"] < p["bytes_per_conn"]),
]


def main(directory):
    missed_undisturbed = False
    checked = 0
    for cell, goal, peer, figure, holds in GOALS:
        pairs = list(zip(runs(directory, "duplex", cell), runs(directory, peer, cell)))
        if not pairs:
            continue
        checked += 1
        verdicts = []
        held_count = 0
        for rep, (duplex, other) in enumerate(pairs, 1):
            steal = max(duplex.get("steal_pct", 0), other.get("steal_pct", 0))
            try:
                held, words = holds(duplex, other), figure(duplex, other)
            except (KeyError, ZeroDivisionError):  # a run that failed has no figures
                held, words = False, "no figure"
            disturbed = steal > DISTURBED_STEAL_PCT
            held_count += held
            missed_undisturbed |= not held and not disturbed
            note = f", steal {duplex.get('steal_pct', 0):.0f}/{other.get('steal_pct', 0):.0f} %" if disturbed else ""
            verdicts.append(f"{rep}: {words} {'held' if held else 'MISSED'}{note}")
        print(f"{cell}, {goal}: held in {held_count} of {len(pairs)} runs")
        for verdict in verdicts:
            print(f"  run {verdict}")
    if not checked:
        sys.exit(f"goals.py: no runs of Duplex and its peers in {directory}")
    return 1 if missed_undisturbed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
