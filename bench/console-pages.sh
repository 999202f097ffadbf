#!/usr/bin/env bash
# The console's jobs page (random pages of 50 of 10,000 jobs) and a job's page (random jobs: DAG as SVG,
# why it waits, parameters) at 8 concurrent clients, next to GET /actuator/health in the same run, all
# driven by wrk from this machine with a logged-in session; p95 and the ratios to health's p95.
# Usage: bench/console-pages.sh [jobs] [seconds]      (BENCH_DATA=<dir> reuses a seeded node: skip SEED=1)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
JOBS=${1:-10000} SECONDS_EACH=${2:-20}
need_wrk
build_jar
DATA=${BENCH_DATA:-$(mktemp -d /tmp/hutong-bench-XXXXXX)}
PORT=$(free_port)
start_node bench-console "$PORT" "$DATA"
curl -sf -H "token: $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  --data @hutong-components/src/main/resources/io/hutong/components/noop.json \
  "http://127.0.0.1:$PORT/v1/platform/schedule/component/register" > /dev/null
bench_classpath
mkdir -p "$BENCH_OUT"
java -cp "$BENCH_CP" bench/ConsolePagesSeed.java "http://127.0.0.1:$PORT" bench-console "$DATA" "$ADMIN_TOKEN" "$JOBS" "$BENCH_OUT"

# measure <label> <script>: warm-up, then one run; prints "<label> <req/s> <p95 ms>"
measure() {
  wrk -t2 -c8 -d"${BENCH_WARMUP:-20}s" -s "$2" "http://127.0.0.1:$PORT" > /dev/null 2>&1
  wrk -t2 -c8 -d"${SECONDS_EACH}s" -s "$2" "http://127.0.0.1:$PORT" 2>/dev/null | awk -v label="$1" '
    /^Requests\/sec/ { rps = $2 } /^p95_ms/ { p95 = $2 } /Non-2xx/ { bad = $NF }
    END { printf "%-24s %8.0f req/s   p95 %7.2f ms   non-2xx %d\n", label, rps, p95, bad }'
}
p95() { echo "$1" | awk '{ for (i = 1; i <= NF; i++) if ($i == "p95") print $(i + 1) }'; }

echo "$JOBS jobs, 8 connections, ${SECONDS_EACH}s per page after a ${BENCH_WARMUP:-20} s warm-up"
health=$(measure "GET /actuator/health" "$BENCH_OUT/health.lua")
list=$(measure "jobs page" "$BENCH_OUT/console-jobs.lua")
job=$(measure "job page" "$BENCH_OUT/console-job.lua")
echo "$health"
echo "$list"
echo "$job"
awk -v h="$(p95 "$health")" -v l="$(p95 "$list")" -v j="$(p95 "$job")" 'BEGIN {
  printf "jobs page p95 / health p95: %.2f (goal <= 5)\njob page p95 / health p95: %.2f (goal <= 5)\n", l / h, j / h }'
