#!/usr/bin/env bash
# query_computing_resources on a 100,000-offer catalog (plus each user's pack and this node) with a
# typical multi-constraint request at 16 concurrent connections, next to GET /actuator/health in the
# same run, both driven by wrk.
# Usage: bench/catalog-query.sh [offers] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
OFFERS=${1:-100000} SECONDS_EACH=${2:-20}
need_wrk
build_jar
bench_classpath
CATALOG="$BENCH_OUT/catalog-$OFFERS.yml"
java -cp "$BENCH_CP" bench/CatalogBenchSeed.java catalog "$CATALOG" "$OFFERS"
DATA=$(mktemp -d /tmp/hutong-bench-XXXXXX)
PORT=$(free_port)
start_node bench-catalog "$PORT" "$DATA" --hutong.catalog.file="$CATALOG"
java -cp "$BENCH_CP" bench/CatalogBenchSeed.java users http://127.0.0.1:$PORT "$ADMIN_TOKEN" "$BENCH_OUT/catalog-query.lua"
grep -o 'Catalog file .*' "$DATA.log" || true

echo "$OFFERS catalog offers, 50 users with a pack each, 16 connections, ${SECONDS_EACH}s per endpoint after a ${BENCH_WARMUP:-20} s warm-up"
health=$(wrk_run "GET /actuator/health" "$SECONDS_EACH" http://127.0.0.1:$PORT/actuator/health)
query=$(wrk_run "query_computing_resources" "$SECONDS_EACH" -s "$BENCH_OUT/catalog-query.lua" \
  http://127.0.0.1:$PORT/api/v1/query_computing_resources/)
echo "$health"
echo "$query"
ratio_line "$query" "$health" "query_computing_resources / health requests/s" 0.30
echo "goal: query_computing_resources p99 <= 20 ms"
