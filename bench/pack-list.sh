#!/usr/bin/env bash
# getUserPackList on 1,000,000 packs of 10,000 users (pageSize 10, ordered by packName) at 16
# concurrent connections, next to GET /actuator/health in the same run, both driven by wrk.
# Usage: bench/pack-list.sh [users] [packs] [seconds]      (BENCH_DATA=<dir> reuses a seeded node)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
USERS=${1:-10000} PACKS=${2:-1000000} SECONDS_EACH=${3:-20}
need_wrk
build_jar
DATA=${BENCH_DATA:-$(mktemp -d /tmp/hutong-bench-XXXXXX)}
PORT=$(free_port)
start_node bench-pack "$PORT" "$DATA"
bench_classpath
java -cp "$BENCH_CP" bench/PackListSeed.java http://127.0.0.1:$PORT "$DATA" "$ADMIN_TOKEN" "$USERS" "$PACKS" "$BENCH_OUT/pack-list.lua"

echo "$PACKS packs, $USERS users, 16 connections, ${SECONDS_EACH}s per endpoint after a ${BENCH_WARMUP:-20} s warm-up"
health=$(wrk_run "GET /actuator/health" "$SECONDS_EACH" http://127.0.0.1:$PORT/actuator/health)
list=$(wrk_run "getUserPackList" "$SECONDS_EACH" -s "$BENCH_OUT/pack-list.lua" http://127.0.0.1:$PORT/api/userPack/getUserPackList)
echo "$health"
echo "$list"
ratio_line "$list" "$health" "getUserPackList / health requests/s" 0.40
echo "goal: getUserPackList p99 <= 30 ms"
