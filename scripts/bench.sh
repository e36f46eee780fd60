#!/usr/bin/env bash
# `make bench`: end-to-end figures for probe ingestion (`credgraph risk --json`)
# on a generated estate of ~225 credentials / ~460 consumers / 7 days of
# one-minute probes (~4.5 million lines, ~780 MB), in JSON lines, logfmt and
# gzip, plus the same estate over 14 days (memory must not grow with lines),
# and a log platform's export of it (`export`: nested JSON lines with epoch ms
# and URL endpoints, read through the `probes:` mapping on the general path);
# then `credgraph scan` over a 20,000-file mcdev retrieve; then the graph and
# diagram benchmarks of credgraph-bench when it is built.
# Prints median wall time, MB/s and peak RSS of RUNS runs each, with the load
# average, since on a shared machine the wall time depends on it.
# Figures only: it never fails on time.
#
# Then `credgraph report` on generated estates of 100, 200, 400 and 1,500
# installed packages (about 4 inventory rows and 16 dependency rows each), run
# round-robin so that all sizes see the same load, with the growth from each
# size to the next,
# with the time, CPU time and peak memory of every stage (ingest with the graph built alongside,
# risk, each report kind, diagrams, writing). When DuckDB's Python package is
# importable, the same probe aggregation in DuckDB, alternating with
# `credgraph risk --json`, and the ratio of the two.
#
#   RUNS=5 make bench              more runs per set
#   BENCH_DIR=/tmp/b make bench    where the generated sets are cached
#   BENCH_SETS="jsonl gz" make bench
#   BENCH_ESTATES="400 1500" make bench   (BENCH_ESTATES= to skip them)
#   BENCH_SEED=7 make bench        estates and probe sets no test has seen
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-bench-data}
BENCH_SETS=${BENCH_SETS:-jsonl logfmt gz jsonl-14d export}
BENCH_ESTATES=${BENCH_ESTATES-100 200 400 1500}
BENCH_SEED=${BENCH_SEED:-1}
BIN=.build/release/credgraph
GEN=.build/release/credgraph-sample
BENCH=.build/release/credgraph-bench
TIME=/usr/bin/time

for tool in "$BIN" "$GEN"; do
  [ -x "$tool" ] || { echo "bench: $tool is missing; run 'make bench' (it builds the release binaries)" >&2; exit 2; }
done
# GNU time gives the peak RSS; without it only wall times are shown.
HAVE_TIME=1
if ! "$TIME" -f '%M' true >/dev/null 2>&1; then
  HAVE_TIME=0
  echo "bench: $TIME not found (apt-get install time): peak RSS is not measured" >&2
fi

# Generated sets are cached between runs (each has a .complete marker once
# written in full); delete the folder to regenerate.
generate() {
  local name=$1 format=$2 days=$3
  local dir="$BENCH_DIR/$name$([ "$BENCH_SEED" = 1 ] || echo "-seed$BENCH_SEED")"
  if [ ! -f "$dir/.complete" ]; then
    echo "bench: generating $dir ($format, $days days; cached for later runs)" >&2
    rm -rf "$dir"
    "$GEN" bench --out "$dir" --format "$format" --days "$days" $([ "$BENCH_SEED" = 1 ] || echo --seed "$BENCH_SEED")
    touch "$dir/.complete"
  fi
}

set_format() { case $1 in jsonl-14d) echo jsonl ;; *) echo "$1" ;; esac; }
set_days() { case $1 in *-14d) echo 14 ;; *) echo 7 ;; esac; }

for set in $BENCH_SETS; do
  generate "$set" "$(set_format "$set")" "$(set_days "$set")"
done

# A run that ends with input errors (exit 1) may have skipped work, so its
# time is not the figure wanted: the first timed run of each set says so.
# (An extra untimed run would cost a minute on the export set.)
report_unclean() {
  local dir=$1 status=$2
  if [ "$status" != 0 ]; then
    echo "bench: risk --json on $dir exits $status; its figures are not of a clean run:" >&2
    grep ': error: ' "$BENCH_DIR/.errors" | head -n 5 >&2
    echo "bench: delete $dir to regenerate it" >&2
  fi
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print 0}'; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime | sed 's/.*load average: //'; }
now() { date +%s.%N; }

echo "credgraph bench: $(nproc 2>/dev/null || echo '?') cores, $(uname -sm), load average $(load) at start"
echo "risk --json end to end, median of $RUNS runs (MB: uncompressed probe log bytes)"
# cpu s: user + system time of the run (all threads); on a busy machine it moves far less than the wall time.
printf '%-10s %8s %9s %9s %9s %9s %9s  %s\n' set MB lines "median s" "MB/s" "cpu s" "peak MiB" "runs (s)"
for set in $BENCH_SETS; do
  dir="$BENCH_DIR/$set$([ "$BENCH_SEED" = 1 ] || echo "-seed$BENCH_SEED")"
  # The rate is of the log text parsed: for gzip, the uncompressed bytes.
  if [ "$(set_format "$set")" = gz ]; then
    bytes=$(find "$dir/probes" -type f -name '*.gz' -exec gzip -dc {} + | wc -c)
    lines=$(find "$dir/probes" -type f -name '*.gz' -exec gzip -dc {} + | wc -l)
  else
    bytes=$(find "$dir/probes" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
    lines=$(find "$dir/probes" -type f -exec cat {} + | wc -l)
  fi
  times=(); rss=(); cpu=()
  for _ in $(seq "$RUNS"); do
    status=0
    if [ "$HAVE_TIME" = 1 ]; then
      # The report goes to /dev/null, the diagnostics to a file (read if the run fails), the figures to another.
      "$TIME" -f '%e %M %U %S' -o "$BENCH_DIR/.time" "$BIN" risk --json --data "$dir" >/dev/null 2>"$BENCH_DIR/.errors" || status=$?
      [ ${#times[@]} = 0 ] && report_unclean "$dir" "$status"
      read -r e m u s < <(tail -n 1 "$BENCH_DIR/.time")
      times+=("$e"); rss+=("$m"); cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')")
    else
      start=$(now)
      "$BIN" risk --json --data "$dir" >/dev/null 2>"$BENCH_DIR/.errors" || status=$?
      end=$(now)
      [ ${#times[@]} = 0 ] && report_unclean "$dir" "$status"
      times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')"); rss+=(0); cpu+=(0)
    fi
  done
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  c=$(printf '%s\n' "${cpu[@]}" | median)
  awk -v f="$set" -v b="$bytes" -v l="$lines" -v t="$t" -v m="$m" -v c="$c" -v r="${times[*]}" -v have="$HAVE_TIME" 'BEGIN {
    mb = b / 1e6
    printf "%-10s %8.1f %8.2fM %9.2f %9.1f %9s %9s  %s\n", f, mb, l / 1e6, t, (t > 0 ? mb / t : 0),
      (have == 1 ? sprintf("%.2f", c) : "n/a"), (have == 1 ? sprintf("%.1f", m / 1024) : "n/a"), r
  }'
done
echo "load average $(load) at the end of the probe runs"

# Marketing Cloud metadata: `credgraph scan --json` over a generated mcdev
# retrieve of 20,000 files (4 business units), cached like the probe sets.
META_DIR="$BENCH_DIR/metadata-20k"
if [ ! -f "$META_DIR/.complete" ]; then
  echo "bench: generating $META_DIR (20,000 metadata files; cached for later runs)" >&2
  rm -rf "$META_DIR"
  "$GEN" metadata-bench --out "$META_DIR" --files 20000
  touch "$META_DIR/.complete"
fi
meta_files=$(find "$META_DIR/metadata" -type f | wc -l)
times=(); rss=(); cpu=()
for _ in $(seq "$RUNS"); do
  if [ "$HAVE_TIME" = 1 ]; then
    "$TIME" -f '%e %M %U %S' -o "$BENCH_DIR/.time" "$BIN" scan --json --data "$META_DIR" >"$BENCH_DIR/.scan.json" 2>/dev/null || true
    read -r e m u s < <(tail -n 1 "$BENCH_DIR/.time")
    times+=("$e"); rss+=("$m"); cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')")
  else
    start=$(now)
    "$BIN" scan --json --data "$META_DIR" >"$BENCH_DIR/.scan.json" 2>/dev/null || true
    end=$(now)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')"); rss+=(0); cpu+=(0)
  fi
done
edges=$(grep -c '"relation"' "$BENCH_DIR/.scan.json" || true)
echo
echo "metadata scan (credgraph scan --json), median of $RUNS runs"
printf '%-12s %8s %8s %9s %9s %9s  %s\n' set files edges "median s" "cpu s" "peak MiB" "runs (s)"
printf '%-12s %8s %8s %9s %9s %9s  %s\n' metadata-20k "$meta_files" "$edges" "$(printf '%s\n' "${times[@]}" | median)" \
  "$(printf '%s\n' "${cpu[@]}" | median)" "$(printf '%s\n' "${rss[@]}" | median | awk '{printf "%.1f", $1 / 1024}')" "${times[*]}"
# DuckDB side by side: the same aggregation over the same JSON lines files,
# run alternately with credgraph so that both see the same machine load.
jsonl_dir="$BENCH_DIR/jsonl$([ "$BENCH_SEED" = 1 ] || echo "-seed$BENCH_SEED")"
if [ "$HAVE_TIME" = 1 ] && [ -d "$jsonl_dir" ] && python3 -c 'import duckdb' 2>/dev/null; then
  echo
  echo "DuckDB $(python3 -c 'import duckdb; print(duckdb.__version__)') vs credgraph risk --json on $jsonl_dir, alternating, $RUNS runs each"
  as_of=$(sed -n 's/^as_of: *//p' "$jsonl_dir/credgraph.yml")
  cg_wall=(); cg_cpu=(); db_wall=(); db_cpu=()
  for _ in $(seq "$RUNS"); do
    "$TIME" -f '%e %U %S' -o "$BENCH_DIR/.time" "$BIN" risk --json --data "$jsonl_dir" >/dev/null 2>&1 || true
    read -r e u s < <(tail -n 1 "$BENCH_DIR/.time"); cg_wall+=("$e"); cg_cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
    "$TIME" -f '%e %U %S' -o "$BENCH_DIR/.time" python3 scripts/duckdb-probes.py "$jsonl_dir/probes" "$as_of" >/dev/null 2>&1 || true
    read -r e u s < <(tail -n 1 "$BENCH_DIR/.time"); db_wall+=("$e"); db_cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
  done
  mb=$(find "$jsonl_dir/probes" -type f -printf '%s\n' | awk '{s+=$1} END {print s / 1e6}')
  awk -v cw="$(printf '%s\n' "${cg_wall[@]}" | median)" -v cc="$(printf '%s\n' "${cg_cpu[@]}" | median)" \
      -v dw="$(printf '%s\n' "${db_wall[@]}" | median)" -v dc="$(printf '%s\n' "${db_cpu[@]}" | median)" -v mb="$mb" 'BEGIN {
    printf "%-10s %9s %9s %12s\n", "", "median s", "cpu s", "cpu s per GB"
    printf "%-10s %9.2f %9.2f %12.2f\n", "credgraph", cw, cc, cc / (mb / 1000)
    printf "%-10s %9.2f %9.2f %12.2f\n", "duckdb", dw, dc, dc / (mb / 1000)
    printf "ratio credgraph / duckdb: wall %.2f, cpu %.2f\n", (dw > 0 ? cw / dw : 0), (dc > 0 ? cc / dc : 0)
  }'
  echo "load average $(load)"
elif [ -d "$jsonl_dir" ]; then
  echo
  echo "DuckDB comparison skipped: python3 cannot import duckdb (pip install duckdb)"
fi

# Reports on large estates: every stage timed (CREDGRAPH_STAGE_TIMES).
if [ -n "$BENCH_ESTATES" ]; then
  echo
  echo "credgraph report on generated estates (seed $BENCH_SEED), median of $RUNS runs; load average $(load)"
  summary=""
  stages_all=""
  for n in $BENCH_ESTATES; do
    dir="$BENCH_DIR/estate-$n-seed$BENCH_SEED"
    if [ ! -f "$dir/.complete" ]; then
      echo "bench: generating $dir ($n packages; cached for later runs)" >&2
      rm -rf "$dir"
      "$GEN" estate --out "$dir" --packages "$n" --seed "$BENCH_SEED"
      touch "$dir/.complete"
    fi
    : > "$BENCH_DIR/.stages-$n"
    : > "$BENCH_DIR/.runs-$n"
  done
  # Round-robin (each run goes through every estate), so that all sizes see the
  # same machine load and the growth from one size to the next compares like with like.
  for _ in $(seq "$RUNS"); do
    for n in $BENCH_ESTATES; do
      dir="$BENCH_DIR/estate-$n-seed$BENCH_SEED"
      rm -rf "$BENCH_DIR/.reports-$n"
      if [ "$HAVE_TIME" = 1 ]; then
        CREDGRAPH_STAGE_TIMES=1 "$TIME" -f 'total %e %U %S %M' -o "$BENCH_DIR/.time" \
          "$BIN" report --data "$dir" --out "$BENCH_DIR/.reports-$n" 2>"$BENCH_DIR/.stderr" >/dev/null || true
        read -r _ e u s m < <(tail -n 1 "$BENCH_DIR/.time")
      else
        start=$(now)
        CREDGRAPH_STAGE_TIMES=1 "$BIN" report --data "$dir" --out "$BENCH_DIR/.reports-$n" 2>"$BENCH_DIR/.stderr" >/dev/null || true
        e=$(awk -v a="$start" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}'); u=0; s=0; m=0
      fi
      echo "$e $(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}') $m" >> "$BENCH_DIR/.runs-$n"
      grep '^credgraph stage: ' "$BENCH_DIR/.stderr" | sed 's/^credgraph stage: //' >> "$BENCH_DIR/.stages-$n" || true
      rm -rf "$BENCH_DIR/.reports-$n"
    done
  done
  for n in $BENCH_ESTATES; do
    dir="$BENCH_DIR/estate-$n-seed$BENCH_SEED"
    rows=$(($(wc -l < "$dir/inventory.csv") - 1)); deps=$(($(wc -l < "$dir/dependencies.csv") - 1))
    summary+="$(printf '%s %s %s %s %s %s' "$n" "$rows" "$deps" "$(cut -d' ' -f1 "$BENCH_DIR/.runs-$n" | median)" \
      "$(cut -d' ' -f2 "$BENCH_DIR/.runs-$n" | median)" "$(cut -d' ' -f3 "$BENCH_DIR/.runs-$n" | median)")"$'\n'
    stages_all+="$n $BENCH_DIR/.stages-$n"$'\n'
  done
  printf '%-9s %10s %10s %9s %9s %9s\n' packages "inv rows" "dep rows" "median s" "cpu s" "peak MiB"
  printf '%s' "$summary" | awk '{printf "%-9s %10s %10s %9.2f %9.2f %9.1f\n", $1, $2, $3, $4, $5, $6 / 1024}'
  # Growth from each size to the next, against the growth of the estate (rows of both files).
  printf '%s' "$summary" | awk 'NR > 1 && pw > 0 && pc > 0 {
      printf "growth %s -> %s packages: rows x%.2f, wall x%.2f, cpu x%.2f\n", pn, $1, ($2 + $3) / pr, $4 / pw, $5 / pc
    } { pn = $1; pr = $2 + $3; pw = $4; pc = $5 }'
  echo
  echo "per stage, median wall s / cpu s, and peak RSS (MiB) of the process at the end of the stage"
  printf '%s' "$stages_all" | while read -r n file; do
    # Stage lines: NAME… wall=W cpu=C peak_rss_kib=K; stage names may hold spaces.
    awk -v n="$n" '{
      name = $0; sub(/ wall=.*/, "", name)
      for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "wall") w = kv[2]; if (kv[1] == "cpu") c = kv[2]; if (kv[1] == "peak_rss_kib") k = kv[2] }
      if (!(name in seen)) { seen[name] = 1; order[++count] = name }
      walls[name] = walls[name] " " w; cpus[name] = cpus[name] " " c; if (k > peak[name]) peak[name] = k
    }
    function med(list,   a, m, i, j, t) { m = split(list, a, " "); for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }; return a[int((m + 1) / 2)] }
    END {
      printf "%s packages:\n", n
      for (i = 1; i <= count; i++) printf "  %-24s %7.2f %7.2f %8.1f\n", order[i], med(walls[order[i]]), med(cpus[order[i]]), peak[order[i]] / 1024
    }' "$file"
  done
  echo "load average $(load) at the end of the report runs"
fi

if [ -x "$BENCH" ]; then
  echo
  echo "graph benchmark (credgraph-bench graph: 100,000 nodes, blast radius of every package)"
  "$BENCH" graph --repeat "$RUNS" || echo "bench: credgraph-bench graph failed" >&2
  echo
  echo "diagram benchmark (credgraph-bench diagram: 2,000 nodes)"
  "$BENCH" diagram || echo "bench: credgraph-bench diagram failed" >&2
else
  echo
  echo "graph and diagram benchmarks skipped: $BENCH is not built (no credgraph-bench target)"
fi
