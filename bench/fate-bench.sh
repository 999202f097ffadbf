#!/usr/bin/env bash
# Benchmark of the FATE Flow services: starts the built node (hutong-server/target/hutong-server.jar)
# on a temporary data dir with a capped heap and prints signature vs health requests/s and the
# seconds and peak heap of upload -> download of 1,000,000 ids. Prints figures; asserts nothing.
#
#   bench/fate-bench.sh [--ids=1000000] [--heap=256m] [--threads=8] [--seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=hutong-server/target/hutong-server.jar
if [ ! -f "$jar" ]; then
  ./mvnw -B -q -DskipTests package
fi
exec java bench/FateBench.java "$jar" "$@"
