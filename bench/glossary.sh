#!/usr/bin/env bash
# How `glossary import` and `glossary lint` grow with a glossary's rows
# (issue 17 §8): generated CSV glossaries of 15,000 and 60,000 rows (two
# rows a concept, every tenth dated), each imported into a fresh workspace
# and linted, ROUNDS times; prints the median wall and CPU seconds and the
# 60k/15k ratio (linear work gives about 4, quadratic 16).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
cargo build --release --bins
bin=$PWD/target/release/tilmash
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
uptime
for rows in 15000 60000; do
  python3 - "$rows" >"$work/big$rows.csv" <<'PY'
import sys
rows = int(sys.argv[1])
print("concept,ru,en,status,valid_from,valid_to")
for i in range(rows):
    dated = "2019-01-01,2022-01-01" if i % 10 == 0 else ","
    print(f"c{i // 2},слово{i},word{i},preferred,{dated}")
PY
done
# One timing: "<wall> <cpu>" seconds of a command run in workspace $1.
timed() {
  local ws=$1
  shift
  (cd "$ws" && /usr/bin/time -f "%e %U %S" "$bin" --quiet "$@" >/dev/null 2>"$work/err" || true)
  tail -1 "$work/err" | awk '{printf "%s %.2f\n", $1, $2 + $3}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
declare -A result
for rows in 15000 60000; do
  for step in import lint; do : >"$work/$step$rows"; done
  for _ in $(seq "$rounds"); do
    ws=$(mktemp -d -p "$work")
    timed "$ws" glossary import "$work/big$rows.csv" >>"$work/import$rows"
    timed "$ws" glossary lint >>"$work/lint$rows"
    rm -rf "$ws"
  done
  for step in import lint; do
    wall=$(cut -d' ' -f1 "$work/$step$rows" | median)
    cpu=$(cut -d' ' -f2 "$work/$step$rows" | median)
    result[$step$rows]=$cpu
    printf '%-6s %6d rows: wall %s s, CPU %s s (median of %d)\n' "$step" "$rows" "$wall" "$cpu" "$rounds"
  done
done
for step in import lint; do
  awk -v a="${result[${step}15000]}" -v b="${result[${step}60000]}" -v s="$step" \
    'BEGIN {printf "%-6s CPU 60k/15k: %.1f× (linear ≈ 4, quadratic ≈ 16)\n", s, (a > 0 ? b / a : 0)}'
done
uptime
