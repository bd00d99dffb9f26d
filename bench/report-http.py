#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Duplex contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""bench/compare-http.sh's report: one Markdown table per cell, the median of the repetitions of each figure,
server CPU also as a ratio to go-http's. Usage: report-http.py RUN.jsonl…"""
import json
import statistics
import sys

FIGURES = [  # (field, label, format)
    ("delivered_ratio", "delivered", lambda v: f"{100 * v:.1f} %"),
    ("p50_us", "latency p50", lambda v: f"{v / 1000:.1f} ms"),
    ("p99_us", "latency p99", lambda v: f"{v / 1000:.1f} ms"),
    ("server_cpu_us_per_delivery", "server CPU per delivery", lambda v: f"{v:.2f} µs"),
    ("server_cpu_pct", "server CPU", lambda v: f"{v:.0f} %"),
    ("answers_per_delivery", "HTTP answers per delivery", lambda v: f"{v:.3f}"),
    ("empty_answers", "answers without news", lambda v: f"{v:.0f}"),
    ("msgs_per_answer", "messages per answer with news", lambda v: f"{v:.2f}"),
    ("bytes_in_per_delivery", "bytes to the subscriber per delivery", lambda v: f"{v:.0f}"),
    ("head_bytes_in_per_delivery", "  of which response heads", lambda v: f"{v:.0f}"),
    ("bytes_out_per_delivery", "bytes from the subscriber per delivery", lambda v: f"{v:.0f}"),
    ("disconnects", "subscribers lost", lambda v: f"{v:.0f}"),
    ("server_rss_kb_end", "server memory at the end", lambda v: f"{v / 1024:.0f} MiB"),
]
REFERENCE = "go-http"
LATENCIES = ("p50_us", "p99_us")


def has_figure(record, field):
    """Whether the run has the figure: a run that failed has none, and one that delivered nothing no latency."""
    if field not in record or "error" in record:
        return False
    return field not in LATENCIES or record.get("delivered_ratio", 0) > 0


def main(paths):
    runs = {}  # cell -> server -> [record]
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                runs.setdefault(record["label"], {}).setdefault(record["server"], []).append(record)
    for cell, by_server in runs.items():
        servers = sorted(by_server, key=lambda name: (name != "duplex", name))
        counts = ", ".join(f"{name} {len(by_server[name])}" for name in servers)
        print(f"### {cell} (medians; runs: {counts})\n")
        print("| | " + " | ".join(servers) + " |")
        print("|---" * (len(servers) + 1) + "|")
        for field, label, shown in FIGURES:
            cells = []
            for name in servers:
                values = [r[field] for r in by_server[name] if has_figure(r, field)]
                if not values:
                    cells.append("–")
                    continue
                median = statistics.median(values)
                text = shown(median)
                reference = [r[field] for r in by_server.get(REFERENCE, []) if has_figure(r, field)]
                if field == "server_cpu_us_per_delivery" and name != REFERENCE and reference:
                    text += f" ({median / statistics.median(reference):.2f}×)"
                cells.append(text)
            print(f"| {label} | " + " | ".join(cells) + " |")
        errors = [f"{name}: {r['error']}" for name in servers for r in by_server[name] if "error" in r]
        if errors:
            print("\nRuns that failed: " + "; ".join(errors))
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
