#!/usr/bin/env bash
# A chain of 5 Noop components across three nodes, on a federation that signs every east-west call
# (TRUST_ALGORITHM, default SHA256_ECDSA) next to one with node trust off, in one run: job latency
# p50/p99 of both, jobs/s with 8 concurrent submitters, the round trip of a bare east-west call,
# and the sign + verify cost per call of each algorithm.
# Usage: bench/bfia-chain.sh [jobs] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
build_jar
ROOT=$(mktemp -d /tmp/hutong-bfia-bench-XXXXXX)
IDS=(node-a node-b node-c)
PORTS=(18811 18812 18813)
start_federation "$ROOT/signed" --hutong.trust.algorithm="${TRUST_ALGORITHM:-SHA256_ECDSA}" \
  "${NODE_EXTRA_ARGS[@]+"${NODE_EXTRA_ARGS[@]}"}"
PORTS=(18821 18822 18823)
start_federation "$ROOT/unsigned" --hutong.trust.enabled=false "${NODE_EXTRA_ARGS[@]+"${NODE_EXTRA_ARGS[@]}"}"
compile_bench
echo "signing algorithm: ${TRUST_ALGORITHM:-SHA256_ECDSA}"
java -cp "$BENCH_CP" BfiaChainBench http://127.0.0.1:18811 http://127.0.0.1:18812 http://127.0.0.1:18821 \
  http://127.0.0.1:18822 "$ADMIN_TOKEN" "$ROOT" "$@"
java -cp "$BENCH_CP" SignatureBench
