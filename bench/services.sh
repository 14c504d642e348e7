#!/usr/bin/env bash
# Service matrix benchmark (issue 4): Slipway as its own process on an infra repo of N services and a
# fake Argo CD with their 2×N applications; /services p50/p95/max with C concurrent signed-in
# clients, Argo CD calls per page view, Slipway's heap after GC and RSS, and the delay from an
# application changing in Argo CD to Slipway's API showing it.
# Usage: bench/services.sh [services] [requests per client] [clients] [change samples]
#        (defaults 1000 200 16 50); MAVEN_OFFLINE=1 builds offline; SLIPWAY_JAVA_OPTS adds JVM
#        options to Slipway's process. docs/benchmarks.md records the results.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MAVEN_OFFLINE:+-o} -pl backend -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
classpath="backend/target/test-classes:backend/target/classes:$(cat backend/target/bench-classpath.txt)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "before:$(uptime)"
java ${JAVA_OPTS:-} -Dslipway.bench.jar=backend/target/slipway.jar -cp "$classpath" \
  io.slipway.catalog.ServicesBenchmark "$@"
echo "after:$(uptime)"
