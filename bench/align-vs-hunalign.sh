#!/usr/bin/env bash
# The alignment benchmark (BENCHMARKS.md, "Alignment"): bead precision,
# recall and F1 of `tilmash align` and of hunalign without a dictionary on
# the same article pairs, built from ../shared/data/corpora (see
# src/align/eval.rs), plus the reliability of the confidence and the time
# per 40-sentence article. Not part of CI.
#
# Usage, from the project root: bench/align-vs-hunalign.sh [--set test|dev] [--seed N] [--limit N]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
[ -d "$shared/peers/hunalign" ] || { echo "no $shared/peers/hunalign: run from the project root with shared/ beside it" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$shared/peers/hunalign" "$work"
make -s -C "$work/hunalign/src/hunalign" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }

cargo build --release --quiet --example align_eval

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores; $(lscpu | sed -n 's/^Model name: *//p')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
./target/release/examples/align_eval --set test --seed 2024 --repeat 10 \
    --hunalign "$work/hunalign/src/hunalign/hunalign" "$@"
