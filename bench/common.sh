# Shared by the benchmark scripts: build the jar, start nodes, compile the bench programs, run wrk.
ADMIN_TOKEN=${ADMIN_TOKEN:-bench-admin-token}
BENCH_OUT=bench/target
NODE_PIDS=()

# a free loopback port (the machine may run other nodes; fixed ports would collide)
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

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

# launch_node <node id> <port> <data dir> [extra args…]: starts a node, stopped when the script exits
launch_node() {
  local id=$1 port=$2 dir=$3; shift 3
  java ${NODE_JAVA_OPTS:--Xmx1g} -jar hutong-server/target/hutong-server.jar --server.port="$port" \
    --hutong.node.id="$id" --hutong.data-dir="$dir" --hutong.bootstrap.admin-token="$ADMIN_TOKEN" \
    --logging.level.root=WARN "$@" > "$dir.log" 2>&1 &
  NODE_PIDS+=($!)
  trap 'kill ${NODE_PIDS[*]} 2>/dev/null; wait 2>/dev/null' EXIT
}

# await_healthy <port> <log>
await_healthy() {
  for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$1/actuator/health" > /dev/null; then return 0; fi
    sleep 1
  done
  echo "the node on port $1 did not become healthy; see $2" >&2
  exit 1
}

# start_node <node id> <port> <data dir> [extra args…]: starts a node and waits until it is healthy
start_node() {
  launch_node "$@"
  await_healthy "$2" "$3.log"
}

# sets BENCH_CP to the jars bench programs need, taken from the node's jar: the PostgreSQL driver
# (to seed a node's database), hutong-protocol and BouncyCastle (to sign east-west calls)
bench_classpath() {
  mkdir -p "$BENCH_OUT/lib"
  (cd "$BENCH_OUT/lib" && unzip -o -q -j ../../../hutong-server/target/hutong-server.jar 'BOOT-INF/lib/postgresql-*.jar' \
    'BOOT-INF/lib/hutong-protocol-*.jar' 'BOOT-INF/lib/bcprov-*.jar')
  BENCH_CP=$(ls "$BENCH_OUT"/lib/*.jar | paste -sd:)
}

# wrk_run <label> <seconds> <wrk args…>: a warm-up (BENCH_WARMUP seconds, default 20: on 2 cores the
# JIT is still compiling a request path after 8 s), then one measured run; prints
# "<label> <req/s> <p50 ms> <p99 ms> <non-2xx>"
wrk_run() {
  local label=$1 seconds=$2; shift 2
  wrk -t2 -c16 -d"${BENCH_WARMUP:-20}s" "$@" > /dev/null 2>&1
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

# start_federation <root dir> [extra node args…]: node-a, node-b, node-c on the ports in PORTS,
# signed up with (scripts/sign-up.sh) and trusted by each other, demo components registered
start_federation() {
  local root=$1; shift
  local i j trusted urls=()
  mkdir -p "$root"
  for i in 0 1 2; do
    trusted=()
    for j in 0 1 2; do
      [ "$j" = "$i" ] && continue
      trusted+=("${IDS[$j]}")
    done
    launch_node "${IDS[$i]}" "${PORTS[$i]}" "$root/${IDS[$i]}" \
      --hutong.interconn.approval.trusted-initiators="$(IFS=,; echo "${trusted[*]}")" "$@"
    urls+=("http://127.0.0.1:${PORTS[$i]}")
  done
  for i in 0 1 2; do
    await_healthy "${PORTS[$i]}" "$root/${IDS[$i]}.log"
    for component in noop fail sleep handshake; do
      curl -sf -H "token: $ADMIN_TOKEN" -H 'Content-Type: application/json' \
        --data @"hutong-components/src/main/resources/io/hutong/components/$component.json" \
        "http://127.0.0.1:${PORTS[$i]}/v1/platform/schedule/component/register" > /dev/null
    done
  done
  HUTONG_ADMIN_TOKEN=$ADMIN_TOKEN scripts/sign-up.sh "${urls[@]}" > /dev/null
}
