#!/usr/bin/env bash
# run.sh — fuzzing campaigns, corpus merging and coverage (see fuzz/README.md).
#
#   fuzz/run.sh libfuzzer TARGET|all [SECONDS]   libFuzzer campaign (default 600 s a target)
#   fuzz/run.sh afl TARGET [SECONDS]             AFL++: a main instance plus a cmplog secondary
#   fuzz/run.sh merge [TARGET...]                add new-coverage findings to corpus/<target>/
#   fuzz/run.sh minimize [TARGET...]             rebuild corpus/<target>/ as a minimal set
#   fuzz/run.sh coverage                         line coverage of parser/ from ctest + corpus
#   fuzz/run.sh triage TARGET [PATH...]          group crashes (default fuzz/crashes/TARGET)
#   fuzz/run.sh build                            only build the libFuzzer harnesses
#   fuzz/run.sh flags TARGET                     the libFuzzer flags of TARGET's .options
#
# Environment: CC (clang), FUZZ_JOBS (parallel libFuzzer workers, default 1), FUZZ_BUILD
# (build directory, default build/fuzz), FUZZ_SEED (libFuzzer -seed), AFL_CORES (extra AFL
# secondaries, default 0). Findings go to fuzz/out/<target>/ (queue) and fuzz/crashes/
# (crashes, timeouts, leaks); neither is committed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGETS="input tokenizer tree text stream json limits"
BUILD=${FUZZ_BUILD:-$ROOT/build/fuzz}
CC=${CC:-clang}
JOBS=${FUZZ_JOBS:-1}
OUT=$ROOT/fuzz/out
CRASHES=$ROOT/fuzz/crashes

die() { echo "fuzz/run.sh: $*" >&2; exit 1; }

check_target() {
    case " $TARGETS " in *" $1 "*) ;; *) die "unknown target '$1' (one of: $TARGETS)";; esac
}

# The value of KEY in fuzz/<target>.options.
option() {
    sed -n "s/^$2[[:space:]]*=[[:space:]]*//p" "$ROOT/fuzz/$1.options" | head -n1
}

# fuzz/<target>.options may name several dictionaries; libFuzzer and AFL++ take one file.
dict_for() {
    local d=$BUILD/dict/$1.dict f
    mkdir -p "$BUILD/dict"
    : > "$d"
    for f in $(option "$1" dict); do cat "$ROOT/fuzz/$f" >> "$d"; done
    echo "$d"
}

build_libfuzzer() {
    command -v "$CC" > /dev/null || die "$CC not found (libFuzzer needs clang)"
    mkdir -p "$BUILD"
    flock "$BUILD/.build-lock" cmake -S "$ROOT" -B "$BUILD" -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DSALVAGE_FUZZ=ON -DSALVAGE_SANITIZE=address,undefined -DSALVAGE_TESTS=OFF \
        -DSALVAGE_TOOLS=OFF > "$BUILD/cmake.log" 2>&1 ||
        { cat "$BUILD/cmake.log"; die "cmake failed"; }
    local t targets=()
    for t in $TARGETS; do targets+=(--target "fuzz_$t"); done
    # Several campaigns may start at once: one build at a time.
    flock "$BUILD/.build-lock" cmake --build "$BUILD" -j"${FUZZ_BUILD_JOBS:-2}" "${targets[@]}"
}

# libFuzzer flags for a target: dictionary and limits from its .options file.
libfuzzer_flags() {
    echo "-dict=$(dict_for "$1") -max_len=$(option "$1" max_len)" \
         "-timeout=$(option "$1" timeout) -rss_limit_mb=$(option "$1" rss_limit_mb)"
}

cmd_libfuzzer() {
    local target=${1:-} seconds=${2:-600} t
    [ -n "$target" ] || die "usage: run.sh libfuzzer TARGET|all [SECONDS]"
    [ "$target" = all ] && target=$TARGETS
    for t in $target; do check_target "$t"; done
    build_libfuzzer
    local par=()
    [ "$JOBS" -gt 1 ] && par=(-fork="$JOBS" -ignore_crashes=1)
    for t in $target; do
        mkdir -p "$OUT/$t" "$CRASHES/$t"
        echo "== fuzz_$t for ${seconds}s ($JOBS job(s)); new inputs in fuzz/out/$t"
        # New inputs go to the first directory; the committed seeds are read only.
        # shellcheck disable=SC2046
        "$BUILD/fuzz/fuzz_$t" $(libfuzzer_flags "$t") -max_total_time="$seconds" \
            -print_final_stats=1 -artifact_prefix="$CRASHES/$t/" \
            ${FUZZ_SEED:+-seed=$FUZZ_SEED} "${par[@]}" \
            "$OUT/$t" "$ROOT/corpus/$t" 2>&1 | tee "$OUT/$t.log" |
            grep -E '^#[0-9]+.*(pulse|DONE|INITED)|^stat::|ERROR|SUMMARY|Test unit written' || true
    done
    if find "$CRASHES" -type f | grep -q .; then
        echo "findings in fuzz/crashes/ (see fuzz/README.md, 'Triage'):"
        find "$CRASHES" -type f
    fi
}

build_afl() { # $1 = build dir, $2 = extra environment (cmplog)
    local dir=$1 src t
    command -v afl-clang-fast > /dev/null || die "afl-clang-fast not found (install AFL++)"
    mkdir -p "$dir"
    local cflags="-std=c11 -g -O1 -I$ROOT/include -I$ROOT/parser -I$ROOT/fuzz -DSALVAGE_BUILDING"
    local objs=()
    for src in "$ROOT"/parser/*.c; do
        objs+=("$dir/$(basename "$src" .c).o")
        env $2 AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1 afl-clang-fast $cflags \
            -c "$src" -o "$dir/$(basename "$src" .c).o"
    done
    for t in $TARGETS; do
        env $2 AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1 afl-clang-fast $cflags \
            -o "$dir/afl_$t" "$ROOT/fuzz/$t.c" "$ROOT/fuzz/harness.c" "$ROOT/fuzz/check.c" "$ROOT/fuzz/stage.c" \
            "$ROOT/fuzz/afl.c" "${objs[@]}" $(pkg-config --libs libutf8proc)
    done
}

cmd_afl() {
    local target=${1:-} seconds=${2:-} pids=() i
    [ -n "$target" ] || die "usage: run.sh afl TARGET [SECONDS]"
    check_target "$target"
    build_afl "$BUILD/afl" ""
    build_afl "$BUILD/afl-cmplog" "AFL_LLVM_CMPLOG=1"
    local dict sync=$OUT/afl-$target
    dict=$(dict_for "$target")
    mkdir -p "$sync"
    export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=${AFL_NO_UI:-}
    local common=(-i "$ROOT/corpus/$target" -o "$sync" -x "$dict" -t 10000 -m none
                  ${seconds:+-V "$seconds"})
    # Secondaries: one with cmplog (input-to-state comparisons), then plain ones.
    afl-fuzz "${common[@]}" -S cmplog -c "$BUILD/afl-cmplog/afl_$target" \
        -- "$BUILD/afl/afl_$target" > "$sync/cmplog.log" 2>&1 &
    pids+=($!)
    for ((i = 1; i <= ${AFL_CORES:-0}; i++)); do
        afl-fuzz "${common[@]}" -S "s$i" -- "$BUILD/afl/afl_$target" > "$sync/s$i.log" 2>&1 &
        pids+=($!)
    done
    trap 'kill "${pids[@]}" 2> /dev/null || true' EXIT
    afl-fuzz "${common[@]}" -M main -- "$BUILD/afl/afl_$target"
}

# libFuzzer's -merge=1 keeps, of the inputs in the later directories, those that add
# coverage to the first one.
# MERGE_FLAGS adds libFuzzer flags (minimize: -use_counters=0, so that only edges count and
# not how often each is hit, which keeps the set small).
merge_into() { # $1 target, $2 destination, then sources
    local t=$1 dest=$2
    shift 2
    mkdir -p "$dest"
    # shellcheck disable=SC2046,SC2086
    "$BUILD/fuzz/fuzz_$t" -merge=1 $(libfuzzer_flags "$t") -max_len=1048576 ${MERGE_FLAGS:-} \
        "$dest" "$@" > "$OUT/merge-$t.log" 2>&1 || { tail -n 30 "$OUT/merge-$t.log"; die "merge failed"; }
    grep -E 'MERGE-OUTER: [0-9]+ new files' "$OUT/merge-$t.log" || true
}

findings_of() {
    local t=$1 d
    [ -d "$OUT/$t" ] && echo "$OUT/$t"
    for d in "$OUT/afl-$t"/*/queue; do [ -d "$d" ] && echo "$d"; done
    return 0
}

cmd_merge() {
    local t targets=${*:-$TARGETS}
    build_libfuzzer
    mkdir -p "$OUT"
    for t in $targets; do
        check_target "$t"
        mapfile -t src < <(findings_of "$t")
        [ ${#src[@]} -gt 0 ] || { echo "$t: no findings to merge"; continue; }
        echo "== $t"
        merge_into "$t" "$ROOT/corpus/$t" "${src[@]}"
    done
}

cmd_minimize() {
    local t targets=${*:-$TARGETS} tmp
    build_libfuzzer
    mkdir -p "$OUT"
    for t in $targets; do
        check_target "$t"
        tmp=$OUT/minimize-$t
        rm -rf "$tmp"
        mapfile -t src < <(findings_of "$t")
        echo "== $t: $(ls "$ROOT/corpus/$t" | wc -l) seeds before"
        MERGE_FLAGS=-use_counters=0 merge_into "$t" "$tmp" "$ROOT/corpus/$t" "${src[@]}"
        rm -rf "$ROOT/corpus/$t"
        mv "$tmp" "$ROOT/corpus/$t"
        echo "   $(ls "$ROOT/corpus/$t" | wc -l) seeds after, $(du -sh "$ROOT/corpus/$t" | cut -f1)"
    done
}

# Runs each input on its own and groups the failures by their first line of evidence (the
# violated invariant, or the sanitizer's error and the first frame in parser/).
cmd_triage() {
    local t=${1:-} f sig
    [ -n "$t" ] || die "usage: run.sh triage TARGET [FILE-OR-DIR...]"
    check_target "$t"
    shift
    [ $# -gt 0 ] || set -- "$CRASHES/$t"
    [ -x "$BUILD/fuzz/fuzz_$t" ] || build_libfuzzer > /dev/null
    while IFS= read -r f; do
        sig=$("$BUILD/fuzz/fuzz_$t" -timeout=10 -rss_limit_mb=2048 "$f" 2>&1 |
            grep -E -m2 'fuzz invariant violated|ERROR: [A-Za-z]+Sanitizer|runtime error|ERROR: libFuzzer: (timeout|out-of-memory)|#[0-9]+ .* in [a-z_]+ .*/parser/' |
            sed -E 's/0x[0-9a-f]+//g; s/^ *#[0-9]+ +in //; s/ \(.*BuildId.*//' | paste -sd' ' -) || true
        printf '%s\t%s\n' "${sig:-ok}" "$f"
    done < <(find "$@" -type f | sort) |
        sort | awk -F'\t' '{n[$1]++; if (!($1 in ex)) ex[$1]=$2}
            END {for (s in n) printf "%5d  %s\n       e.g. %s\n", n[s], s, ex[s]}'
}

cmd_coverage() {
    local dir=${FUZZ_COVERAGE_BUILD:-$ROOT/build/coverage}
    command -v llvm-profdata > /dev/null || die "llvm-profdata not found"
    mkdir -p "$dir"
    cmake -S "$ROOT" -B "$dir" -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE=Debug \
        -DSALVAGE_TESTS=ON -DSALVAGE_TOOLS=ON \
        -DCMAKE_C_FLAGS="-fprofile-instr-generate -fcoverage-mapping" \
        -DCMAKE_EXE_LINKER_FLAGS="-fprofile-instr-generate" > "$dir/cmake.log" 2>&1 ||
        { cat "$dir/cmake.log"; die "cmake failed"; }
    cmake --build "$dir" -j"${FUZZ_BUILD_JOBS:-2}"
    rm -rf "$dir/profiles"
    mkdir -p "$dir/profiles"
    (cd "$dir" && LLVM_PROFILE_FILE="$dir/profiles/%p-%m.profraw" \
        ctest -j"${FUZZ_BUILD_JOBS:-2}" --output-on-failure) || echo "(some tests failed)"
    llvm-profdata merge -sparse "$dir"/profiles/*.profraw -o "$dir/salvage.profdata"
    local bins=() b first=
    while IFS= read -r b; do
        if [ -z "$first" ]; then first=$b; else bins+=(-object "$b"); fi
    done < <(find "$dir" -maxdepth 2 -type f -perm -u+x ! -name '*.so*' ! -name '*.sh' |
             grep -v CMakeFiles | sort)
    [ -n "$first" ] || die "no test binaries in $dir"
    llvm-cov report "$first" "${bins[@]}" -instr-profile="$dir/salvage.profdata" \
        "$ROOT"/parser/*.c | tee "$dir/coverage.txt"
    llvm-cov show "$first" "${bins[@]}" -instr-profile="$dir/salvage.profdata" \
        -format=html -output-dir="$dir/coverage-html" "$ROOT"/parser/*.c
    echo "line coverage of parser/: $dir/coverage.txt; annotated source: $dir/coverage-html/index.html"
}

case ${1:-} in
    libfuzzer) shift; cmd_libfuzzer "$@" ;;
    afl) shift; cmd_afl "$@" ;;
    merge) shift; cmd_merge "$@" ;;
    minimize) shift; cmd_minimize "$@" ;;
    coverage) shift; cmd_coverage ;;
    triage) shift; cmd_triage "$@" ;;
    build) build_libfuzzer ;;
    flags) check_target "${2:-}"; libfuzzer_flags "$2" ;;
    *) sed -n '2,18p' "$0"; exit 2 ;;
esac
