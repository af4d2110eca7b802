#!/usr/bin/env bash
# ci.sh — the fuzzing part of `make test`:
#   1. build the libFuzzer harnesses with clang, ASan and UBSan (build/fuzz/);
#   2. replay every committed corpus (corpus/<target>/) and tests/regressions/ through
#      every harness;
#   3. give each harness a short run (FUZZ_CI_SECONDS, default 30 s) with a fixed seed,
#      -timeout and -rss_limit_mb, so hangs and memory blowups fail too.
# Two harnesses run at a time (FUZZ_CI_PARALLEL); the whole script stays under five minutes
# on two cores. A failure prints the harness, the input and the sanitizer report; the
# reproducer is left in fuzz/crashes/ci/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGETS="input tokenizer tree text stream json limits"
SHORT_TARGETS="input tokenizer tree text stream json limits"
export FUZZ_BUILD=${FUZZ_BUILD:-$ROOT/build/fuzz}
SECONDS_EACH=${FUZZ_CI_SECONDS:-30}
PARALLEL=${FUZZ_CI_PARALLEL:-2}
LOGS=$FUZZ_BUILD/ci
ARTIFACTS=$ROOT/fuzz/crashes/ci
start=$(date +%s)

bash "$ROOT/fuzz/run.sh" build > /dev/null || { echo "fuzz/ci.sh: build failed" >&2; exit 1; }
rm -rf "$LOGS"
mkdir -p "$LOGS" "$ARTIFACTS"

# Every input file, listed once, for replay.
find "$ROOT/corpus" "$ROOT/tests/regressions" -type f ! -name '.*' ! -path '*/sample/*' \
    2> /dev/null | sort > "$LOGS/inputs"
echo "fuzz: replaying $(wc -l < "$LOGS/inputs") inputs through each harness"

# replay TARGET: runs the inputs (in batches, so argument lists stay short) through fuzz_TARGET.
replay() {
    local t=$1
    # shellcheck disable=SC2016
    if ! xargs -a "$LOGS/inputs" -n 500 sh -c \
        'p=$1 log=$2; shift 2; "$0" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$p" "$@" > /dev/null 2>> "$log"' \
        "$FUZZ_BUILD/fuzz/fuzz_$t" "$ARTIFACTS/$t-" "$LOGS/replay-$t.log" 2> /dev/null; then
        echo "FAIL replay $t" > "$LOGS/replay-$t.status"
        return 1
    fi
    echo "ok   replay $t" > "$LOGS/replay-$t.status"
}

# short TARGET: a fixed-seed run; new inputs go to a scratch directory, not the corpus.
short() {
    local t=$1 flags
    flags=$(bash "$ROOT/fuzz/run.sh" flags "$t")
    rm -rf "$LOGS/scratch-$t"
    mkdir -p "$LOGS/scratch-$t"
    # shellcheck disable=SC2086
    if ! "$FUZZ_BUILD/fuzz/fuzz_$t" $flags -seed=1 -max_total_time="$SECONDS_EACH" \
        -print_final_stats=1 -artifact_prefix="$ARTIFACTS/$t-" \
        "$LOGS/scratch-$t" "$ROOT/corpus/$t" > "$LOGS/short-$t.log" 2>&1; then
        echo "FAIL fuzz   $t" > "$LOGS/short-$t.status"
        return 1
    fi
    echo "ok   fuzz   $t ($(grep -o 'stat::number_of_executed_units: [0-9]*' \
        "$LOGS/short-$t.log" | grep -o '[0-9]*$') runs)" > "$LOGS/short-$t.status"
}
export -f replay short
export ROOT LOGS ARTIFACTS SECONDS_EACH

rc=0
printf '%s\n' $TARGETS | xargs -P "$PARALLEL" -I{} bash -c 'replay {}' || rc=1
printf '%s\n' $SHORT_TARGETS | xargs -P "$PARALLEL" -I{} bash -c 'short {}' || rc=1
cat "$LOGS"/replay-*.status "$LOGS"/short-*.status
if [ $rc -ne 0 ]; then
    for f in "$LOGS"/*.status; do
        grep -q FAIL "$f" || continue
        log=${f%.status}.log
        echo "---- ${log#"$ROOT"/}"
        grep -E -B2 -A40 'ERROR: |fuzz invariant violated|runtime error' "$log" | head -n 80 ||
            tail -n 40 "$log"
    done
    echo "fuzz: FAILED (reproducers in fuzz/crashes/ci/; see fuzz/README.md)"
else
    rmdir "$ARTIFACTS" 2> /dev/null || true
fi
echo "fuzz: done in $(($(date +%s) - start)) s"
exit $rc
