#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time and prints one line per
# target: executions, corpus growth and what it found. `make fuzz` calls it
# after building Fuzz/ into .build-fuzz with -sanitize=fuzzer,address.
#
#   FUZZ_SECONDS=60        time per target
#   FUZZ_TARGETS="a b"     a subset (default: all)
# New corpus entries go to .build-fuzz/corpus/TARGET (the committed seeds in
# Fuzz/corpus/TARGET are only read); a crash or hang is saved under
# .build-fuzz/artifacts/TARGET/ and makes the script exit 1.
set -u
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"fuzz-csv fuzz-probe-json fuzz-probe-logfmt fuzz-rfc3339 fuzz-node-reference fuzz-config fuzz-diagram"}
bin=.build-fuzz/release
failed=0
# Swift's own crash handler fights ASan for the signal; libFuzzer reports the crash itself.
export SWIFT_BACKTRACE=enable=no
printf '%-22s %12s %8s  %s\n' target executions new result
for target in $targets; do
    work=.build-fuzz/corpus/$target
    artifacts=.build-fuzz/artifacts/$target
    log=.build-fuzz/logs/$target.log
    mkdir -p "$work" "$artifacts" "$(dirname "$log")"
    case $target in
        fuzz-csv) max_len=16384 ;;
        fuzz-config) max_len=8192 ;;
        fuzz-diagram) max_len=2048 ;;
        *) max_len=4096 ;;
    esac
    # -timeout: one input running over 10 s is a hang; -rss_limit_mb: unbounded memory is a bug too
    # (the diagram target, where a quadratic label once took 2 GB, gets 1 GB).
    rss=2048
    leaks=""
    if [ "$target" = fuzz-diagram ]; then
        rss=1024
        # Graphviz and fontconfig keep process-wide caches LeakSanitizer reports at exit.
        leaks="suppressions=$PWD/Fuzz/lsan-graphviz.supp:print_suppressions=0"
    fi
    LSAN_OPTIONS="$leaks" "$bin/$target" "$work" "Fuzz/corpus/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb="$rss" -max_len="$max_len" \
        -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1
    code=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    added=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)
    if [ $code -eq 0 ]; then
        result="no crash, no hang, no leak"
    else
        failed=1
        found=$(ls -t "$artifacts" 2>/dev/null | head -1)
        result="FAILED (exit $code): $artifacts/$found; see $log"
    fi
    printf '%-22s %12s %8s  %s\n' "$target" "${runs:-?}" "${added:-?}" "$result"
done
exit $failed
