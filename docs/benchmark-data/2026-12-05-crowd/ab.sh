#!/bin/bash
# Interleaved: the build before (d69dd26) and after (a60c212), same gui_stall source.
for rep in 1 2; do
  for b in before after; do
    bin=$([[ $b == before ]] && echo /tmp/ab-before/build/dev/bench/gui_stall || echo /work/main/build/dev/bench/gui_stall)
    line=$(timeout 400 xvfb-run -a -s "-screen 0 1600x1000x24" $bin --members 500 --seconds 10 --ping-ms 1000 --leave-seconds 2 2>/dev/null | tail -1)
    echo "{\"build\":\"$b\",\"rep\":$rep,\"result\":${line:-null}}" >> /tmp/ab/crowd500.jsonl
  done
done
echo finished >> /tmp/ab/crowd500.jsonl
