#!/usr/bin/env bash
# A chain of 5 Noop components across three nodes, on a federation that signs every east-west call
# (TRUST_ALGORITHM, default SHA256_ECDSA) next to one with node trust off, in one run: job latency
# p50/p99 of both, jobs/s with 8 concurrent submitters, the round trip of a bare east-west call,
# and the sign + verify cost per call of each algorithm. The demo components run as code in the nodes
# (BENCH_BUILTINS=in-process, the default here) so the figures are the scheduler's; BENCH_BUILTINS=process
# runs them as bash processes. Both federations first run jobs until the nodes' JIT compilers have
# settled (BFIA_WARMUP_ROUND, BFIA_WARMUP_JIT, BFIA_WARMUP_MAX: see BfiaChainBench.java).
# Usage: bench/bfia-chain.sh [jobs] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
build_jar
ROOT=$(mktemp -d /tmp/hutong-bfia-bench-XXXXXX)
IDS=(node-a node-b node-c)
PORTS=($(free_port) $(free_port) $(free_port))
SIGNED=("${PORTS[@]}")
export BENCH_BUILTINS=${BENCH_BUILTINS:-in-process}
start_federation "$ROOT/signed" --hutong.trust.algorithm="${TRUST_ALGORITHM:-SHA256_ECDSA}" \
  --hutong.runtime.process.builtins="$BENCH_BUILTINS" \
  "${NODE_EXTRA_ARGS[@]+"${NODE_EXTRA_ARGS[@]}"}"
PORTS=($(free_port) $(free_port) $(free_port))
start_federation "$ROOT/unsigned" --hutong.trust.enabled=false --hutong.runtime.process.builtins="$BENCH_BUILTINS" \
  "${NODE_EXTRA_ARGS[@]+"${NODE_EXTRA_ARGS[@]}"}"
bench_classpath
echo "signing algorithm: ${TRUST_ALGORITHM:-SHA256_ECDSA}"
urls() { local port out=(); for port in "$@"; do out+=("http://127.0.0.1:$port"); done; (IFS=,; echo "${out[*]}"); }
java -cp "$BENCH_CP" bench/BfiaChainBench.java "$(urls "${SIGNED[@]}")" "$(urls "${PORTS[@]}")" "$ADMIN_TOKEN" "$ROOT" \
  "$(IFS=,; echo "${NODE_PIDS[*]}")" "$@"
java -cp "$BENCH_CP" bench/SignatureBench.java
