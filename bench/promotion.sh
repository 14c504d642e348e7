#!/usr/bin/env bash
# Promotion benchmark: N promotions of distinct services requested at once against one infra
# repo (a bare repo over file:// holding the services) and the fake Argo CD, in one JVM; prints
# promotions landed per second in the write phase, the end-to-end time, the delay from Argo CD
# reporting the merge Healthy to the promotion showing Succeeded (p50/p95/max), and checks the
# remote afterwards (one Promotion-Id trailer per promotion, every production overlay moved).
# Usage: bench/promotion.sh [services] [promotions] [warmup]   (defaults 100 100 100; a warm-up round
# of [warmup] promotions of other services runs first, so the measured round runs on a warm JVM)
# MAVEN_OFFLINE=1 builds offline; JAVA_OPTS passes JVM flags. docs/benchmarks.md records the results.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MAVEN_OFFLINE:+-o} -pl backend -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
classpath="backend/target/test-classes:backend/target/classes:$(cat backend/target/bench-classpath.txt)"
exec java ${JAVA_OPTS:-} -cp "$classpath" io.slipway.promotion.PromotionBenchmark "$@"
