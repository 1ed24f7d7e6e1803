#!/usr/bin/env bash
# Load benchmark of `tilmash serve` (issue 11): one-segment /api/suggest at
# 1, 8 and 32 connections, a 40-sentence article in one request, each with
# and without an import running, on the 1M-unit memory of bench/suggest.sh.
# Prints p50, p99, throughput and errors per run. Uses wrk (Debian package)
# with Lua scripts for the POST bodies. Writes into ${BENCH_DIR:-target/bench}.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-target/bench}
duration=${DURATION:-20s}
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
cargo build --release --bins --examples
mkdir -p "$dir"
[ -f "$dir/memory.jsonl" ] || ./target/release/examples/bench_corpus "$dir" 1000000
# A fresh memory every run: the import under load below adds 200,000
# near-copies of the queries, which a reused memory would keep (each query
# would then have hundreds of matches to score, and every run a larger
# memory than the last).
echo "== building the memory (1,000,000 lines)"
rm -rf "$dir/serve-mem"
./target/release/tilmash --quiet --memory "$dir/serve-mem" import "$dir/memory.jsonl"

# The request bodies, as Lua: one-segment queries (rotated per request) and
# a 40-sentence article; and 200,000 new pairs for the import under load.
python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
queries = [json.loads(l) for l in open(f"{d}/queries.jsonl")]
# As a CMS asks: it knows the article's language.
bodies = [json.dumps({"text": q["text"], "from": q["lang"]}, ensure_ascii=False)
          for q in queries if q["text"].strip()]
def lua_string(s):
    return "[==[" + s + "]==]"
with open(f"{d}/serve-one.lua", "w") as f:
    f.write("local bodies = {\n" + ",\n".join(lua_string(b) for b in bodies) + "\n}\n")
    f.write("local i = 0\n")
    f.write('request = function()\n  i = i % #bodies + 1\n'
            '  return wrk.format("POST", "/api/suggest", {["Content-Type"] = "application/json"}, bodies[i])\nend\n')
    f.write(open("bench/serve-report.lua").read())
ru = [q["text"] for q in queries if q["lang"] == "ru" and q["kind"] == "variant"][:40]
article = json.dumps({"text": " ".join(ru)}, ensure_ascii=False)
with open(f"{d}/serve-article.lua", "w") as f:
    f.write('wrk.method = "POST"\nwrk.path = "/api/suggest"\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {lua_string(article)}\n")
    f.write(open("bench/serve-report.lua").read())
with open(f"{d}/serve-import.jsonl", "w") as f:
    for i in range(200_000):
        q = queries[i % len(queries)]
        f.write(json.dumps({"ru": f"{q['text']} (вариант {i})", "en": f"Variant {i} of a benchmark pair.",
                            "article": f"bench-import-{i // 20}", "date": "2025-01-01"}, ensure_ascii=False) + "\n")
PY

log="$dir/serve.log"
./target/release/tilmash --memory "$dir/serve-mem" serve --listen 127.0.0.1:0 2>"$log" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q "^listening on" "$log" && break; sleep 0.1; done
url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log")
echo "server: $url ($(nproc) cores, $(date -u +%F))"
curl -sf -X POST "$url/api/suggest" -H 'Content-Type: application/json' -d '{"text":"Токаев прибыл в Астану."}' >/dev/null

run() { # label, connections, script
  local threads=$(( $2 < 2 ? 1 : 2 ))
  printf "%-44s" "$1"
  wrk -t "$threads" -c "$2" -d "$duration" --latency -s "$3" "$url" | grep '^RESULT' | cut -c8-
}

bench_all() { # suffix
  for c in 1 8 32; do run "one segment, $c connection(s)$1" "$c" "$dir/serve-one.lua"; done
  run "40-sentence article, 1 connection$1" 1 "$dir/serve-article.lua"
}

echo "== without an import"
bench_all ""

echo "== with an import running (200,000 new pairs, commit every 20,000)"
curl -sf -X POST "$url/api/import?format=jsonl&batch=20000" -H 'Content-Type: application/x-ndjson' \
  --data-binary "@$dir/serve-import.jsonl" >"$dir/serve-import.out" &
importer=$!
sleep 2
bench_all " + import"
if kill -0 $importer 2>/dev/null; then echo "(the import was still running at the end)"; fi
wait $importer && echo "import: $(tr -d '\n ' < "$dir/serve-import.out" | head -c 200)"
