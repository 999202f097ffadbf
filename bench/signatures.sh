#!/usr/bin/env bash
# Sign + verify cost of one east-west call for SHA256_RSA, SHA256_ECDSA and SM2_SM3.
# Usage: bench/signatures.sh [calls per algorithm]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
build_jar
bench_classpath
java -cp "$BENCH_CP" bench/SignatureBench.java "$@"
