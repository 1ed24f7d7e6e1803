#!/usr/bin/env bash
# How cost grows (issue 12): one command per memory size.
#
#   bash bench/scale.sh 1000000          # 100000, 300000, 1000000, 3000000 ...
#
# Builds the generator's corpus of N lines (examples/bench_corpus, the same
# generator at every size) in ${BENCH_DIR:-target/bench}/scale-N, imports it
# into a fresh memory there, and prints one markdown table row:
#
# | units | import s | units/s | import CPU s | peak RSS MB | index MB | suggest p50/p99 ms @60 | @50 | analyze 40 ms | concordance common ms | number ms | exhaustive = default | load |
#
# Import: wall and CPU (user+sys) from /usr/bin/time. Suggest: in process,
# warm, the corpus' 1,000 queries one at a time (examples/bench_scale).
# analyze: 40 held-out English sentences (never imported) as one text, whole
# command. Concordance: `the` (en) and `2019` (ru), whole command, default
# --limit. Whole commands: median of ROUNDS (default 5) warm runs.
# Every run compares default retrieval with --exhaustive on SAMPLE (default
# 2) queries at --min-score 30, 50, 60, 75 and 90 and exits 1 on any
# difference. The load average (1, 5, 15 min) is taken before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: bench/scale.sh UNITS}
rounds=${ROUNDS:-5}
sample=${SAMPLE:-2}
dir=${BENCH_DIR:-target/bench}/scale-$n
bin=./target/release/tilmash
cargo build --release --quiet --bins --example bench_corpus --example bench_scale
mkdir -p "$dir"
[ -f "$dir/memory.jsonl" ] || ./target/release/examples/bench_corpus "$dir" "$n" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

rm -rf "$dir/mem"
/usr/bin/time -v "$bin" --quiet --memory "$dir/mem" import "$dir/memory.jsonl" > /dev/null 2> "$dir/import.time"
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$dir/import.time")
cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.1f", u + s}' "$dir/import.time")
rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$dir/import.time")
units=$("$bin" --memory "$dir/mem" stats --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["units"])')
rate=$(python3 -c "print(f'{$units / $wall:,.0f}')")
index_mb=$(du -sm "$dir/mem" | cut -f1)

./target/release/examples/bench_scale "$dir/mem" "$dir/queries.jsonl" "$sample" > "$dir/scale.out"
value() { awk -v k="$1" '$1 == k {print $2}' "$dir/scale.out"; }

python3 - "$dir" <<'EOF'
import json, sys
d = sys.argv[1]
held = [json.loads(l) for l in open(f"{d}/queries.jsonl")]
en = [q["text"] for q in held if q["lang"] == "en" and q["kind"] == "held-out"][:40]
open(f"{d}/unseen40.en.txt", "w").write(" ".join(en) + "\n")
EOF

# Median wall time of a whole command, in ms, over $rounds warm runs.
median_ms() {
  "$@" > /dev/null 2>&1
  for _ in $(seq "$rounds"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" > /dev/null 2>&1
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000))
  done | sort -n | awk '{a[NR] = $1} END {printf "%.1f", a[int((NR + 1) / 2)] / 1000}'
}
analyze=$(median_ms "$bin" --memory "$dir/mem" analyze --from en "$dir/unseen40.en.txt")
common=$(median_ms "$bin" --memory "$dir/mem" concordance the --from en)
number=$(median_ms "$bin" --memory "$dir/mem" concordance 2019 --from ru)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "| units | import s | units/s | import CPU s | peak RSS MB | index MB | suggest p50/p99 ms @60 | @50 | analyze 40 ms | concordance common ms | number ms | exhaustive = default | load before / after |"
echo "|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---|---|"
echo "| $units | $wall | $rate | $cpu | $rss | $index_mb | $(value suggest60) | $(value suggest50) | $analyze | $common | $number | $(value exhaustive | cut -d/ -f1) comparisons, identical | $load_before / $load_after |"
