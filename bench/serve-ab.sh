#!/usr/bin/env bash
# One binary's serve figures, for old/new comparisons in one window:
#
#   bash bench/serve-ab.sh BINARY MEMORY LABEL
#
# Starts BINARY's `serve` on MEMORY (from the current folder, so that its
# glossaries/ are loaded when there is one), warms it up for 3 s, then runs
# the request scripts that bench/serve.sh writes into ${BENCH_DIR:-target/bench}
# (run that once first): one segment at 1 and 8 connections and the
# 40-sentence article at 1, ${DURATION:-10s} each, printing p50, p99,
# requests per second and errors with the load average. Alternate two
# binaries' runs to compare them.
set -euo pipefail
bin=${1:?usage: bench/serve-ab.sh BINARY MEMORY LABEL}
mem=${2:?usage: bench/serve-ab.sh BINARY MEMORY LABEL}
label=${3:?usage: bench/serve-ab.sh BINARY MEMORY LABEL}
dir=${BENCH_DIR:-target/bench}
duration=${DURATION:-10s}
[ -f "$dir/serve-one.lua" ] || { echo "no $dir/serve-one.lua: run bench/serve.sh first" >&2; exit 1; }
log=$(mktemp)
"$bin" --memory "$mem" serve --listen 127.0.0.1:0 2>"$log" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do grep -q "^listening on" "$log" && break; sleep 0.1; done
url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log")
[ -n "$url" ] || { cat "$log" >&2; exit 1; }
wrk -t 1 -c 1 -d 3s -s "$dir/serve-one.lua" "$url" >/dev/null
for c in 1 8; do
  printf "%s one segment c=%s load=%s " "$label" "$c" "$(cut -d' ' -f1 /proc/loadavg)"
  wrk -t $(( c < 2 ? 1 : 2 )) -c "$c" -d "$duration" --latency -s "$dir/serve-one.lua" "$url" | grep '^RESULT' | cut -c8-
done
printf "%s article c=1 load=%s " "$label" "$(cut -d' ' -f1 /proc/loadavg)"
wrk -t 1 -c 1 -d "$duration" --latency -s "$dir/serve-article.lua" "$url" | grep '^RESULT' | cut -c8-
