-- wrk's report in one line (appended to the request scripts of bench/serve.sh).
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT p50 %7.2f ms  p99 %7.2f ms  %8.1f req/s  %d errors\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / seconds, errors))
end
