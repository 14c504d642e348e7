#!/usr/bin/env bash
# Onboarding benchmark: onboard N services (validate, render, check, commit, push over file://)
# into an infra repo that already holds 1,000 services, then let the git CLI add, commit and push
# the same number of services' files into a clone of that repo; prints medians, p95 and the ratio.
# Usage: bench/onboarding.sh [services] [onboardings] [warm-ups]   (defaults 1000 50 5)
# docs/benchmarks.md records the results.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MAVEN_OFFLINE:+-o} -pl backend -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
classpath="backend/target/test-classes:backend/target/classes:$(cat backend/target/bench-classpath.txt)"
exec java ${JAVA_OPTS:-} -cp "$classpath" io.slipway.onboarding.OnboardingBenchmark "$@"
