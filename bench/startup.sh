#!/usr/bin/env bash
# Startup benchmark: cold start to readiness and idle RSS of the executable jar on embedded
# defaults (fresh data dir each run, so every run seeds the infra repo and migrates H2).
# Usage: bench/startup.sh [runs]   (builds the jar first if it is missing)
# Prints one line per run and a summary; docs/benchmarks.md records the results.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
idle_seconds=${IDLE_SECONDS:-15}
jar=backend/target/slipway.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

starts=(); rsss=()
for i in $(seq 1 "$runs"); do
  data=$(mktemp -d)
  port=$(free_port)
  t0=$(now_ms)
  java ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" --slipway.data-dir="$data" >"$data/out.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "run $i: Slipway exited; log:"; cat "$data/out.log"; exit 1; fi
    if [ $(( $(now_ms) - t0 )) -gt 60000 ]; then echo "run $i: not ready after 60 s"; kill "$pid"; exit 1; fi
    sleep 0.05
  done
  t1=$(now_ms)
  sleep "$idle_seconds"
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  starts+=($((t1 - t0))); rsss+=($((rss_kb / 1024)))
  echo "run $i: ready in $((t1 - t0)) ms, RSS after ${idle_seconds} s idle: $((rss_kb / 1024)) MB"
done
sorted_starts=$(printf '%s\n' "${starts[@]}" | sort -n | tr '\n' ' ')
sorted_rss=$(printf '%s\n' "${rsss[@]}" | sort -n | tr '\n' ' ')
echo "startup ms (sorted): $sorted_starts"
echo "idle RSS MB (sorted): $sorted_rss"
echo "median startup: $(printf '%s\n' "${starts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms, max RSS: $(printf '%s\n' "${rsss[@]}" | sort -n | tail -1) MB (targets: <= 6000 ms, <= 400 MB)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
