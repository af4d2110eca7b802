#!/usr/bin/env bash
# run.sh — runs the benchmark on a tree that is already built; builds nothing itself.
#
# usage: bash bench/run.sh BUILD_DIR [--quick] [--callgrind-only] [bench.py options...]
#
# BUILD_DIR must be configured with -DSALVAGE_BENCH=ON -DCMAKE_BUILD_TYPE=Release and built,
# so that BUILD_DIR/bench/ holds bench_salvage, bench_gumbo, bench_libxml2,
# bench_libxml2_huge, bench_memchr and bench_gen (a peer whose -dev package is missing is
# reported as "not run"). Needs python3; valgrind for instructions per byte (skipped with a
# note when absent). Inputs come from ../shared (corpus/readability, debris-dev) next to the
# repository, or --shared DIR.
#
# Writes BUILD_DIR/bench-out/results.md (the Markdown table, also printed to stdout),
# BUILD_DIR/bench-out/results.json (every measurement) and the generated inputs under
# BUILD_DIR/bench-out/inputs/. Progress goes to stderr.
#
#   --quick           hostile set at 1/4 size, 3 runs, 5 s timeout (about 3 minutes)
#   --callgrind-only  only instructions per byte on the fixed 1 MiB corpus slice
#   --clock wall      medians of wall time instead of the process's CPU time
#   --timeout S, --runs N, --only-family NAME, --no-hostile, --no-pages, --no-debris,
#   --no-callgrind    see python3 bench/bench.py --help
set -euo pipefail

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: bash bench/run.sh BUILD_DIR [--quick] [--callgrind-only] [options]" >&2
    exit 2
fi
build=$1
shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if ! command -v python3 >/dev/null; then
    echo "run.sh: python3 is needed to drive the benchmark" >&2
    exit 1
fi
if [ ! -x "$build/bench/bench_gen" ] && [ ! -x "$build/bench_gen" ]; then
    echo "run.sh: no bench programs in $build; configure with -DSALVAGE_BENCH=ON and build" >&2
    exit 1
fi
extra=()
if ! command -v valgrind >/dev/null; then
    echo "run.sh: valgrind not found, no instructions per byte" >&2
    extra+=(--no-callgrind)
fi
exec python3 "$here/bench.py" --build "$build" "${extra[@]}" "$@"
