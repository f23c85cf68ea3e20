#!/usr/bin/env bash
# End-to-end batch benchmark: N simulated 10-minute sessions (5 sets × 20 swings, 90 s rests,
# 100 Hz accelerometer + gyroscope, KettleBox-style semicolon logger), analysed with
# `hipdrive batch --jobs 1` and `--jobs J` into fresh stores; then a re-run that only hashes and
# skips. Prints sessions/s, the speed-up, and the store's write cost (from the batch summary).
# Usage: scripts/batch-benchmark.sh [N=1000] [J=2] [WORKDIR=/tmp/hipdrive-batch-bench]
# Needs a release build: swift build -c release --product hipdrive
set -euo pipefail
n=${1:-1000}
jobs=${2:-2}
work=${3:-/tmp/hipdrive-batch-bench}
root=$(cd "$(dirname "$0")/.." && pwd)
tool="$root/.build/release/hipdrive"
[ -x "$tool" ] || { echo "build first: swift build -c release --product hipdrive" >&2; exit 2; }
mkdir -p "$work/data"
cd "$work"
generated=$(find data -name 'session.txt' -o -name 'session.csv' | wc -l)
if [ "$generated" -lt "$n" ]; then
  echo "simulating $n ten-minute sessions into $work/data ..." >&2
  start=$(date +%s)
  seq "$((generated + 1))" "$n" | xargs -P "$jobs" -I{} sh -c '
    i={}; athlete=$((i % 20)); day=$(( (i / 20) % 28 + 1 ))
    out="data/athlete$athlete/2026-02-$(printf %02d $day)_swing_16kg_$i"
    "$0" simulate --out "$out" --format kettlebox --seed "$i" --sets 5 --reps 20 --rest 90 --idle 10 \
      --fatigue decline >/dev/null' "$tool"
  echo "simulated in $(( $(date +%s) - start )) s; $(du -sh data | cut -f1) on disk" >&2
fi
rm -f j1.sqlite* jN.sqlite*
echo "== --jobs 1"; /usr/bin/time -f "wall %e s, user %U s, max RSS %M kB" "$tool" batch data --jobs 1 --store j1.sqlite 2>time1.log >out1.log || true
tail -3 out1.log; tail -1 time1.log
echo "== --jobs $jobs"; /usr/bin/time -f "wall %e s, user %U s, max RSS %M kB" "$tool" batch data --jobs "$jobs" --store jN.sqlite 2>timeN.log >outN.log || true
tail -3 outN.log; tail -1 timeN.log
echo "== re-run (hash + skip only), --jobs $jobs"; "$tool" batch data --jobs "$jobs" --store jN.sqlite 2>/dev/null | head -1 || true
ls -la jN.sqlite | awk '{print "store size: " $5 " bytes"}'
