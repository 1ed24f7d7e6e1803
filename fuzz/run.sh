#!/usr/bin/env bash
# Runs cargo-fuzz targets (nightly), one at a time, SECONDS each (default
# 600), with the hand-written seeds and the dictionaries; prints
# libFuzzer's final figures. Findings land in fuzz/artifacts/TARGET/;
# keep a fixed crash as a regression in fuzz/regressions/TARGET/ (the
# stable harness replays those in CI).
#
#   fuzz/run.sh            every target, 10 minutes each
#   fuzz/run.sh 60 tmx     one target for a minute
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
all="tsv csv jsonl tmx config text srx align tbx glossary_tsv glossary_csv"
targets=${*:-$all}
mkdir -p logs
for t in $targets; do
  mkdir -p "corpus/$t"
  dict=()
  case $t in
    tmx | srx | tbx) dict=(-dict=dicts/tmx.dict) ;;
    jsonl) dict=(-dict=dicts/json.dict) ;;
  esac
  echo "== $t: $seconds s"
  cargo +nightly fuzz run -s none -a "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "${dict[@]}" >"logs/$t.log" 2>&1 || echo "$t: FOUND A CRASH, see fuzz/logs/$t.log"
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs|SUMMARY|panicked" "logs/$t.log" || true
done
