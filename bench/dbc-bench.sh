#!/usr/bin/env bash
# DBC figures: sr25519 sign/verify per second and the gateway's added latency over a direct call
# to the stand-in dbc_client, side by side in one run. Starts the stand-in and a Hutong node on
# free loopback ports with a temporary data directory, and stops both when done.
#   bench/dbc-bench.sh            (builds the jars first when they are missing)
#   CALLS=5000 bench/dbc-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SERVER_JAR=hutong-server/target/hutong-server.jar
STANDIN_JAR=hutong-dbc-standin/target/hutong-dbc-standin-exec.jar
if [[ ! -f $SERVER_JAR || ! -f $STANDIN_JAR ]]; then
  ./mvnw -B -q -DskipTests package
fi
CP_FILE=$(mktemp)
./mvnw -B -q -pl hutong-sr25519 dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="hutong-sr25519/target/classes:$(cat "$CP_FILE")"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
DATA=$(mktemp -d)
STANDIN_PORT=$(free_port)
HUTONG_PORT=$(free_port)
SEED=$(printf 'be%.0s' {1..32})
NODE=$(printf 'be0c%.0s' {1..16})
WALLET=$(java -cp "$CP" bench/Ss58Of.java "$SEED")
ADMIN=bench-admin-token

cat >"$DATA/machines.json" <<JSON
{"machines": [{"node_id": "$NODE", "name": "bench-gpu", "gpus": 8, "images": ["ubuntu.qcow2"],
  "renters": ["$WALLET"]}]}
JSON

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$DATA" "$CP_FILE"; }
trap cleanup EXIT

java -jar "$STANDIN_JAR" --port="$STANDIN_PORT" --machines="$DATA/machines.json" >"$DATA/standin.log" 2>&1 &
PIDS+=($!)
java -jar "$SERVER_JAR" --server.port="$HUTONG_PORT" --hutong.data-dir="$DATA/node" \
  --hutong.bootstrap.admin-token="$ADMIN" \
  --hutong.dbc.clients.bench.url="http://127.0.0.1:$STANDIN_PORT" \
  --hutong.dbc.clients.bench.wallet="$WALLET" --hutong.dbc.clients.bench.seed="0x$SEED" >"$DATA/hutong.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$HUTONG_PORT/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$HUTONG_PORT/actuator/health" >/dev/null || { tail -50 "$DATA/hutong.log"; exit 1; }

java -Dcalls="${CALLS:-3000}" -Dwarmup="${WARMUP:-500}" -cp "$CP" bench/DbcBench.java \
  "http://127.0.0.1:$STANDIN_PORT" "http://127.0.0.1:$HUTONG_PORT" "$ADMIN" "$NODE" "$SEED"
