#!/bin/bash
# Alternating runs of duplex-server builds, server on CPU 1, generator on CPU 0, one JSON line a run:
#   variants.sh GENERATOR "CELL ARGUMENTS" REPS LABEL=BINARY[:ENV=VALUE,...] ... > OUT.jsonl
# e.g. variants.sh loadgen "-mode echo -conns 64 -size 32" 5 before=/tmp/before "nap20=/tmp/nap:NAP_NS=20000,NAP_FEW=8"
generator=$1 cell=$2 reps=$3
shift 3
for _ in $(seq "$reps"); do
    for variant in "$@"; do
        label=${variant%%=*} spec=${variant#*=}
        binary=${spec%%:*} environment=
        [[ $spec == *:* ]] && environment=${spec#*:}
        env ${environment//,/ } taskset -c 1 "$binary" --port 18600 --ping-interval 0 --max-clients 5000 \
            --chat-rate 0 >/dev/null 2>&1 &
        server=$!
        sleep 0.4
        # shellcheck disable=SC2086 # the cell's arguments are words
        taskset -c 0 "$generator" -url ws://127.0.0.1:18600/echo $cell -duration 5s -pid "$server" -server "$label"
        kill "$server"
        wait "$server" 2>/dev/null
        sleep 0.3
    done
done
