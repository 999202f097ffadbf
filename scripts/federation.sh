#!/usr/bin/env bash
# A three-node Hutong federation on this machine: node-a, node-b and node-c on ports 8801-8803,
# each with its own data directory under data/federation, signed up with each other (every east-west
# call signed and checked; HUTONG_TRUST_ALGORITHM picks the algorithm, default SHA256_ECDSA),
# trusting each other's jobs, with the built-in components (Noop, Fail, Sleep, Handshake, Intersection) registered.
#
#   scripts/federation.sh up      build if needed, start the three nodes, print their URLs and token
#   scripts/federation.sh down    stop them (their data stays; `up` again continues where they were)
#
# HUTONG_ADMIN_TOKEN, when set, is every node's admin token; otherwise one is generated once and
# kept in data/federation/admin-token. HUTONG_PEERS adds peers that are not Hutong at every node,
# space-separated <node id>=<url>,<dialect> (e.g. "alice=http://10.0.0.7:8084,kuscia").
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=data/federation
IDS=(node-a node-b node-c)
PORTS=(8801 8802 8803)
JAR=hutong-server/target/hutong-server.jar

up() {
  mkdir -p "$DIR"
  [ -f "$JAR" ] || ./mvnw -B -q -DskipTests package
  if [ -n "${HUTONG_ADMIN_TOKEN:-}" ]; then
    token=$HUTONG_ADMIN_TOKEN
  else
    [ -f "$DIR/admin-token" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr '+/' '-_' > "$DIR/admin-token")
    token=$(cat "$DIR/admin-token")
  fi
  for i in 0 1 2; do
    id=${IDS[$i]}
    if [ -f "$DIR/$id.pid" ] && kill -0 "$(cat "$DIR/$id.pid")" 2>/dev/null; then
      echo "$id already runs (pid $(cat "$DIR/$id.pid"))"
      continue
    fi
    trusted=()
    for j in 0 1 2; do
      [ "$j" = "$i" ] && continue
      trusted+=("${IDS[$j]}")
    done
    nohup java ${HUTONG_JAVA_OPTS:--Xmx512m} -jar "$JAR" --server.port="${PORTS[$i]}" --hutong.node.id="$id" \
      --hutong.data-dir="$DIR/$id" --hutong.node.base-url="http://127.0.0.1:${PORTS[$i]}" \
      --hutong.bootstrap.admin-token="$token" \
      --hutong.interconn.approval.trusted-initiators="$(IFS=,; echo "${trusted[*]}")" \
      --hutong.trust.algorithm="${HUTONG_TRUST_ALGORITHM:-SHA256_ECDSA}" > "$DIR/$id.log" 2>&1 &
    echo $! > "$DIR/$id.pid"
  done
  for i in 0 1 2; do
    url=http://127.0.0.1:${PORTS[$i]}
    for _ in $(seq 1 180); do
      curl -sf "$url/actuator/health" > /dev/null && break
      kill -0 "$(cat "$DIR/${IDS[$i]}.pid")" 2>/dev/null || { echo "${IDS[$i]} stopped; see $DIR/${IDS[$i]}.log" >&2; exit 1; }
      sleep 1
    done
    for component in noop fail sleep handshake intersection; do
      curl -sf -H "token: $token" -H 'Content-Type: application/json' \
        --data @"hutong-components/src/main/resources/io/hutong/components/$component.json" \
        "$url/v1/platform/schedule/component/register" > /dev/null
    done
  done
  urls=()
  for i in 0 1 2; do urls+=("http://127.0.0.1:${PORTS[$i]}"); done
  extra=()
  for peer in ${HUTONG_PEERS:-}; do extra+=(--peer "$peer"); done
  HUTONG_ADMIN_TOKEN=$token scripts/sign-up.sh "${extra[@]+"${extra[@]}"}" "${urls[@]}"
  echo "Federation up (data in $DIR), signed up with each other:"
  for i in 0 1 2; do echo "  ${IDS[$i]}  http://127.0.0.1:${PORTS[$i]}  (log $DIR/${IDS[$i]}.log)"; done
  echo "Admin token (every node): $token"
}

down() {
  for id in "${IDS[@]}"; do
    if [ -f "$DIR/$id.pid" ]; then
      pid=$(cat "$DIR/$id.pid")
      if kill "$pid" 2>/dev/null; then
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        echo "$id stopped"
      fi
      rm -f "$DIR/$id.pid"
    fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
