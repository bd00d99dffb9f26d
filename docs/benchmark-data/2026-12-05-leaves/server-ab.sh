#!/bin/bash
# Interleaved: duplex-server built at f39dd9c (before) and 8e8dbd7 (after), server pinned to core 1, the storm's
# members to core 0. Usage: server-ab.sh BEFORE_SERVER AFTER_SERVER MEMBERS REPS OUT.jsonl
before=$1 after=$2 members=$3 reps=$4 out=$5
dir=$(dirname "$0")
for rep in $(seq "$reps"); do
  for build in before after; do
    bin=$([[ $build == before ]] && echo "$before" || echo "$after")
    taskset -c 1 "$bin" --port 18412 --ping-interval 0 --max-clients 5000 --chat-rate 0 >/dev/null 2>&1 &
    pid=$!
    sleep 1
    line=$(timeout 300 taskset -c 0 /usr/bin/python3 "$dir/leave_storm.py" 18412 $pid "$members")
    kill $pid; wait $pid 2>/dev/null
    echo "{\"build\":\"$build\",\"rep\":$rep,\"result\":${line:-null}}" >> "$out"
  done
done
