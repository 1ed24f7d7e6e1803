#!/usr/bin/env bash
# The 1M-unit suggest benchmark (issue 4), end to end. Writes into
# ${BENCH_DIR:-target/bench}; takes a few minutes on 2 cores.
#
#   bash bench/suggest.sh              # repair on, as users run suggest
#   bash bench/suggest.sh --no-repair  # the same queries with and without
#                                      # --no-repair, side by side: repair's cost
#                                      # (issue 14: ≤ 10% of suggest's p50)
set -euo pipefail
cd "$(dirname "$0")/.."
compare=""
case "${1:-}" in
  --no-repair) compare=1 ;;
  "") ;;
  *) echo "usage: bash bench/suggest.sh [--no-repair]" >&2; exit 2 ;;
esac
dir=${BENCH_DIR:-target/bench}
cargo build --release --bins --examples
mkdir -p "$dir"
[ -f "$dir/memory.jsonl" ] || ./target/release/examples/bench_corpus "$dir" 1000000
rm -rf "$dir/mem"
echo "== import (1,000,000 lines)"
/usr/bin/time -v ./target/release/tilmash --quiet --memory "$dir/mem" import "$dir/memory.jsonl" 2>&1 \
  | grep -E "added|Elapsed|Maximum resident" || true
du -sh "$dir/mem"
echo "== in-process suggest (1,000 queries) and --exhaustive on 10"
./target/release/examples/bench_suggest "$dir/mem" "$dir/queries.jsonl" 10 \
  ${compare:+--repair-cost glossaries}
echo "== CLI: one-segment suggest (start-up included)"
q=$(sed -n 7p "$dir/queries.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["text"])')
command -v hyperfine >/dev/null || apt-get install -y hyperfine >/dev/null
hyperfine -w 3 -r 20 -N "./target/release/tilmash --memory $dir/mem suggest --text '$q'" \
  ${compare:+"./target/release/tilmash --memory $dir/mem suggest --no-repair --text '$q'"}
/usr/bin/time -v ./target/release/tilmash --memory "$dir/mem" suggest --text "$q" 2>&1 >/dev/null | grep "Maximum resident"
echo "== CLI: a 40-sentence text"
python3 -c "
import json
lines=[json.loads(l) for l in open('$dir/queries.jsonl')]
ru=[l['text'] for l in lines if l['lang']=='ru' and l['kind']=='variant'][:40]
open('$dir/article40.ru.txt','w').write(' '.join(ru)+'\n')"
hyperfine -w 1 -r 5 -N "./target/release/tilmash --memory $dir/mem suggest $dir/article40.ru.txt" \
  ${compare:+"./target/release/tilmash --memory $dir/mem suggest --no-repair $dir/article40.ru.txt"}
/usr/bin/time -v ./target/release/tilmash --memory "$dir/mem" suggest "$dir/article40.ru.txt" 2>&1 >/dev/null | grep "Maximum resident"
