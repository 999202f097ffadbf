#!/usr/bin/env bash
# A two-party Noop chain scheduled by a Hutong node, with a Hutong host next to a Kuscia-shaped host
# (the test tree's stand-in, which follows what Kuscia sends and reads), job by job in turns: latency
# p50/p90 of both and their ratio, first with both hosts polled at the same interval (the dialect's
# cost alone), then with the Hutong host calling back (the Kuscia host can only be polled). The nodes
# and the stand-in run in one JVM, from the test tree's federation support.
# Usage: bench/dialect-chain.sh [jobs per host and round] [poll interval ms]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
mkdir -p "$BENCH_OUT"
./mvnw -B -q -pl hutong-server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$BENCH_OUT/dialect-classpath.txt"
CP="hutong-server/target/test-classes:hutong-server/target/classes:$(cat "$BENCH_OUT/dialect-classpath.txt")"
java -Xmx2g -cp "$CP" bench/DialectChainBench.java "$@"
