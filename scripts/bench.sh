#!/usr/bin/env bash
# `make bench`: end-to-end figures for probe ingestion (risk --json) on a
# generated estate of ~225 credentials / ~460 consumers / 7 days of one-minute
# probes, in JSON lines, logfmt and gzip. Prints median wall time, MB/s and
# peak RSS of RUNS runs each. Figures only: it never fails on time.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-bench-data}
BIN=.build/release/credgraph
GEN=.build/release/credgraph-sample
TIME=/usr/bin/time

[ -x "$TIME" ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

# Generated sets are cached between runs; delete bench-data/ to regenerate.
for format in jsonl logfmt gz; do
  if [ ! -f "$BENCH_DIR/$format/.complete" ]; then
    echo "bench: generating the $format set in $BENCH_DIR/$format (cached for later runs)" >&2
    rm -rf "$BENCH_DIR/$format"
    "$GEN" bench --out "$BENCH_DIR/$format" --format "$format"
    touch "$BENCH_DIR/$format/.complete"
  fi
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-8s %10s %10s %10s %10s\n' set MB "median s" "MB/s" "peak MiB"
for format in jsonl logfmt gz; do
  dir="$BENCH_DIR/$format"
  bytes=$(find "$dir/probes" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
  # For gzip the rate is of the uncompressed bytes, which is what is parsed.
  if [ "$format" = gz ]; then
    bytes=$(find "$dir/probes" -type f -name '*.gz' -exec gzip -dc {} + | wc -c)
  fi
  times=(); rss=()
  for _ in $(seq "$RUNS"); do
    out=$("$TIME" -f '%e %M' "$BIN" risk --json --data "$dir" 2>&1 >/dev/null | tail -n 1)
    times+=("${out% *}"); rss+=("${out#* }")
  done
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  awk -v f="$format" -v b="$bytes" -v t="$t" -v m="$m" 'BEGIN { mb=b/1e6; printf "%-8s %10.1f %10.2f %10.1f %10.1f\n", f, mb, t, (t>0? mb/t : 0), m/1024 }'
done
