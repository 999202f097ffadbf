#!/usr/bin/env bash
# A chain of 5 Noop components across three nodes: job latency p50/p99, jobs/s with 8 concurrent
# submitters, and the round trip of a bare east-west call, in one run.
# Usage: bench/bfia-chain.sh [jobs] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
build_jar
ROOT=$(mktemp -d /tmp/hutong-bfia-bench-XXXXXX)
IDS=(node-a node-b node-c) PORTS=($(free_port) $(free_port) $(free_port))
start_federation "$ROOT" "${NODE_EXTRA_ARGS[@]+"${NODE_EXTRA_ARGS[@]}"}"
java bench/BfiaChainBench.java "http://127.0.0.1:${PORTS[0]}" "http://127.0.0.1:${PORTS[1]}" "$ADMIN_TOKEN" "$ROOT" "$@"
