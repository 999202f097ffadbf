#!/usr/bin/env bash
# The standard's ECDH-PSI between two Hutong nodes on this machine, as a job: node-a (guest) and
# node-b (host) each load a dataset through the datasets API (default 1,000,000 ids each, 50 %
# overlap), the Intersection component runs on a thread of each node (in-process, so the node's heap
# is the run's), curve25519. Prints the wall time from create_all to the job's end, each node's peak
# heap (sampled), X25519 in a tight loop on one core, and the end-to-end multiplications per second
# per core as a ratio to it. PSI_HEAP (default 512m) is each node's -Xmx.
# Usage: bench/psi.sh [ids per party] [overlap %]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
build_jar
mkdir -p "$BENCH_OUT"
./mvnw -B -q -pl hutong-components test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$BENCH_OUT/psi-classpath.txt"
CP="hutong-components/target/classes:hutong-components/target/test-classes:$(cat "$BENCH_OUT/psi-classpath.txt")"
ROOT=$(mktemp -d /tmp/hutong-psi-bench-XXXXXX)
PORTS=($(free_port) $(free_port))
NODE_JAVA_OPTS="-Xmx${PSI_HEAP:-512m}"
for i in 0 1; do
  id=node-$([ "$i" = 0 ] && echo a || echo b)
  launch_node "$id" "${PORTS[$i]}" "$ROOT/$id" --hutong.runtime.process.builtins=in-process \
    --hutong.interconn.approval.mode=auto --hutong.storage.max-upload-size=4GB
done
for i in 0 1; do
  await_healthy "${PORTS[$i]}" "$ROOT/node-$([ "$i" = 0 ] && echo a || echo b).log"
  curl -sf -H "token: $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    --data @hutong-components/src/main/resources/io/hutong/components/intersection.json \
    "http://127.0.0.1:${PORTS[$i]}/v1/platform/schedule/component/register" > /dev/null
done
HUTONG_ADMIN_TOKEN=$ADMIN_TOKEN scripts/sign-up.sh "http://127.0.0.1:${PORTS[0]}" "http://127.0.0.1:${PORTS[1]}" > /dev/null
java -cp "$CP" bench/PsiNodesBench.java "http://127.0.0.1:${PORTS[0]}" "http://127.0.0.1:${PORTS[1]}" "$ADMIN_TOKEN" \
  "$ROOT" "$(IFS=,; echo "${NODE_PIDS[*]}")" "$@"
