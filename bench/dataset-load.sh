#!/usr/bin/env bash
# Benchmark of dataset loads: starts the built node with a capped heap, generates a CSV of ROWS id
# lines, then loads it (POST /api/datasets/…, streamed by curl) and downloads it, next to a plain
# copy of the same file on the same disk as the baseline. Prints seconds, MB/s, the ratios to the
# baseline and the node's peak heap during the load (sampled from /actuator/metrics every 200 ms).
# A load far larger than the heap that completes shows the body is streamed. Asserts nothing.
#
#   bench/dataset-load.sh [rows, default 20000000] [heap, default 128m]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
rows=${1:-20000000}
heap=${2:-128m}
build_jar
root=$BENCH_OUT/dataset-load-$$
mkdir -p "$root"
port=$(free_port)
NODE_JAVA_OPTS=-Xmx$heap start_node bench-data "$port" "$root/node"
base=http://127.0.0.1:$port

csv=$root/ids.csv
awk -v rows="$rows" 'BEGIN { print "id,score"; for (i = 1; i <= rows; i++) printf "id%010d,%d\n", i, i % 997 }' > "$csv"
bytes=$(stat -c %s "$csv")

seconds() { local start=$1; awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }'; }
line() { awk -v what="$1" -v s="$2" -v b="$bytes" 'BEGIN { printf "%-34s %8.2f s  %8.1f MB/s\n", what, s, b / s / 1e6 }'; }

sync
start=$(date +%s.%N); cp "$csv" "$root/node/copy.csv"; sync; copy=$(seconds "$start")
rm "$root/node/copy.csv"

peak_file=$root/peak
echo 0 > "$peak_file"
( while :; do
    used=$(curl -sf "$base/actuator/metrics/jvm.memory.used?tag=area:heap" | grep -o '"value":[0-9.E+]*' | head -1 | cut -d: -f2)
    awk -v u="${used:-0}" -v f="$peak_file" 'BEGIN { getline p < f; if (u + 0 > p + 0) { print u > f } }'
    sleep 0.2
  done ) &
sampler=$!

start=$(date +%s.%N)
answer=$(curl -sf -T "$csv" -X POST -H "token: $ADMIN_TOKEN" -H 'Content-Type: text/csv' "$base/api/datasets/bench/ids")
sync; load=$(seconds "$start")
kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
echo "$answer" | grep -q "\"rows\":$rows" || { echo "the load did not answer $rows rows: $answer" >&2; exit 1; }

start=$(date +%s.%N); cat "$csv" > /dev/null; read_base=$(seconds "$start")
start=$(date +%s.%N); curl -sf -H "token: $ADMIN_TOKEN" "$base/api/datasets/bench/ids/data" > /dev/null; download=$(seconds "$start")

printf 'rows %d, %.1f MB, node -Xmx%s, %s cores\n' "$rows" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" "$heap" "$(nproc)"
line "baseline: cp + sync" "$copy"
line "load (checked, stored, synced)" "$load"
line "baseline: cat > /dev/null" "$read_base"
line "download" "$download"
awk -v l="$load" -v c="$copy" -v d="$download" -v r="$read_base" 'BEGIN {
  printf "load / cp: %.2f    download / cat: %.2f\n", l / c, d / r }'
awk -v p="$(cat "$peak_file")" -v h="$heap" 'BEGIN { printf "node peak heap used during the load: %.1f MiB (-Xmx%s)\n", p / 1048576, h }'
rm -rf "$root"
