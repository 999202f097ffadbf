#!/usr/bin/env bash
# Intersection's X25519 in a tight loop on one core (each engine), then a whole ECDH-PSI run of two
# Intersection processes on this machine over stand-in transport nodes (default 1,000,000 x
# 1,000,000 ids, 50 % overlap, curve25519, -Xmx512m each: PSI_HEAP), with wall time, peak heaps and
# the end-to-end multiplications per second per core as a ratio to the tight loop. Prints figures.
# Usage: bench/psi-curve.sh [items per party] [overlap %] [curve_type]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/target
./mvnw -B -q -pl hutong-components test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/bench/target/psi-classpath.txt"
CP="hutong-components/target/classes:hutong-components/target/test-classes:$(cat bench/target/psi-classpath.txt)"
exec java -cp "$CP" bench/PsiCurveBench.java "$CP" "$@"
