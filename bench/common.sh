# Shared by the benchmark scripts: build the jar, start nodes, compile the bench programs, run wrk.
ADMIN_TOKEN=${ADMIN_TOKEN:-bench-admin-token}
BENCH_OUT=bench/target
NODE_PIDS=()

build_jar() {
  if [ ! -f hutong-server/target/hutong-server.jar ] || [ -n "${REBUILD:-}" ]; then
    ./mvnw -B -q -DskipTests package
  fi
}

# wrk drives the load: a C client leaves the two cores to the node instead of to the load generator
need_wrk() {
  if ! command -v wrk > /dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
      apt-get install -y -q wrk > /dev/null || { apt-get update -q > /dev/null && apt-get install -y -q wrk > /dev/null; }
    else
      echo "the benchmarks need wrk (Debian/Ubuntu: apt-get install wrk)" >&2
      exit 1
    fi
  fi
}

# start_node <node id> <port> <data dir> [extra args…]: waits until healthy; stopped on exit
start_node() {
  local id=$1 port=$2 dir=$3; shift 3
  java ${NODE_JAVA_OPTS:--Xmx1g} -jar hutong-server/target/hutong-server.jar --server.port="$port" \
    --hutong.node.id="$id" --hutong.data-dir="$dir" --hutong.bootstrap.admin-token="$ADMIN_TOKEN" \
    --logging.level.root=WARN "$@" > "$dir.log" 2>&1 &
  NODE_PIDS+=($!)
  trap 'kill ${NODE_PIDS[*]} 2>/dev/null; wait 2>/dev/null' EXIT
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$port/actuator/health" > /dev/null; then return 0; fi
    sleep 1
  done
  echo "node $id did not become healthy; see $dir.log" >&2
  exit 1
}

# compiles bench/*.java with the PostgreSQL driver taken from the node's jar
compile_bench() {
  mkdir -p "$BENCH_OUT/lib"
  (cd "$BENCH_OUT/lib" && unzip -o -q -j ../../../hutong-server/target/hutong-server.jar 'BOOT-INF/lib/postgresql-*.jar')
  BENCH_CP="$BENCH_OUT/classes:$(ls "$BENCH_OUT"/lib/postgresql-*.jar)"
  javac -d "$BENCH_OUT/classes" -cp "$BENCH_CP" bench/*.java
}

# wrk_run <label> <seconds> <wrk args…>: 8 s warm-up, then one measured run; prints
# "<label> <req/s> <p50 ms> <p99 ms> <non-2xx>"
wrk_run() {
  local label=$1 seconds=$2; shift 2
  wrk -t2 -c16 -d8s "$@" > /dev/null 2>&1
  wrk -t2 -c16 -d"${seconds}s" --latency "$@" 2>/dev/null | awk -v label="$label" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 } /Non-2xx/ { bad = $NF }
    END { printf "%-28s %10.0f req/s   p50 %7.2f ms   p99 %7.2f ms   non-2xx %d\n", label, rps, p50, p99, bad }'
}

# ratio_line <line a> <line b> <text> <goal>: the ratio of the req/s of two wrk_run lines
ratio_line() {
  local a b
  a=$(echo "$1" | awk '{for (i = 1; i <= NF; i++) if ($(i + 1) == "req/s") print $i}')
  b=$(echo "$2" | awk '{for (i = 1; i <= NF; i++) if ($(i + 1) == "req/s") print $i}')
  awk -v a="$a" -v b="$b" -v text="$3" -v goal="$4" 'BEGIN { printf "%s: %.2f (goal >= %s)\n", text, a / b, goal }'
}
