#!/bin/bash
# Interleaved: gui_stall built at f39dd9c (before) and at 8e8dbd7 (after: leaves gathered), 900 members leaving
# within 2 s, with the Host tab and the Chat tab in view. Usage: ab.sh BEFORE_GUI_STALL AFTER_GUI_STALL OUT.jsonl
before=$1 after=$2 out=$3
for rep in 1 2 3; do
  for tab in Host Chat; do
    for build in before after; do
      bin=$([[ $build == before ]] && echo "$before" || echo "$after")
      line=$(timeout 400 xvfb-run -a -s "-screen 0 1600x1000x24" "$bin" --members 900 --seconds 10 --ping-ms 1000 \
        --leave-seconds 2 --tab $tab 2>/dev/null | tail -1)
      echo "{\"build\":\"$build\",\"tab\":\"$tab\",\"rep\":$rep,\"result\":${line:-null}}" >> "$out"
    done
  done
done
