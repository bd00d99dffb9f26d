#!/bin/bash
# Alternating runs of two builds of duplex-server on the kit's echo cell (64 connections, 32 B), server on CPU 1,
# generator on CPU 0, one JSON line a run labelled before or after: pairs.sh GENERATOR BEFORE AFTER REPS > OUT.jsonl
generator=$1

run() { # label build
    taskset -c 1 "$2" --port 18600 --ping-interval 0 --max-clients 5000 --chat-rate 0 >/dev/null 2>&1 &
    local server=$!
    sleep 0.4
    taskset -c 0 "$generator" -mode echo -url ws://127.0.0.1:18600/echo -conns 64 -size 32 -duration 5s \
        -pid "$server" -server "$1"
    kill "$server"
    wait "$server" 2>/dev/null
    sleep 0.3
}

for _ in $(seq "$4"); do
    run before "$2"
    run after "$3"
done
