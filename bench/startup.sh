#!/usr/bin/env bash
# Startup benchmark: cold start to readiness and idle RSS of the executable jar on embedded
# defaults (fresh data dir each run, so every run seeds the infra repo and migrates H2).
# Usage: bench/startup.sh [runs]   (builds the jar first if it is missing)
# IDLE_SECONDS (default 15) is the idle time before RSS is read; JAVA_OPTS go to `java -jar`
# (-Dslipway.launcher=false runs the server in that one JVM). Memory and CPU are those of the
# whole process tree: the launcher JVM and the server JVM it starts.
# Prints one line per run and a summary; docs/benchmarks.md records the results.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
idle_seconds=${IDLE_SECONDS:-15}
jar=backend/target/slipway.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests

# the process and its descendants
tree() { echo "$1"; local c; for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$c"; done; }
tree_rss_kb() { local p sum=0; for p in $(tree "$1"); do sum=$((sum + $(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo "$sum"; }
# user + system CPU time in ms (clock ticks of 10 ms)
tree_cpu_ms() { local p sum=0; for p in $(tree "$1"); do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $((sum * 1000 / $(getconf CLK_TCK))); }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

starts=(); rsss=()
echo "load before:$(uptime | sed 's/.*load/ load/')"
for i in $(seq 1 "$runs"); do
  data=$(mktemp -d)
  port=$(free_port)
  t0=$(now_ms)
  java ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" --slipway.data-dir="$data" >"$data/out.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "run $i: Slipway exited; log:"; cat "$data/out.log"; exit 1; fi
    if [ $(( $(now_ms) - t0 )) -gt 120000 ]; then echo "run $i: not ready after 120 s"; kill "$pid"; exit 1; fi
    sleep 0.05
  done
  t1=$(now_ms)
  cpu_ms=$(tree_cpu_ms "$pid"); jvms=$(tree "$pid" | wc -l)
  sleep "$idle_seconds"
  rss_kb=$(tree_rss_kb "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  starts+=($((t1 - t0))); rsss+=($((rss_kb / 1024)))
  echo "run $i: ready in $((t1 - t0)) ms (CPU $cpu_ms ms, $jvms JVMs), RSS after ${idle_seconds} s idle: $((rss_kb / 1024)) MB, load $(cut -d' ' -f1 /proc/loadavg)"
done
sorted_starts=$(printf '%s\n' "${starts[@]}" | sort -n | tr '\n' ' ')
sorted_rss=$(printf '%s\n' "${rsss[@]}" | sort -n | tr '\n' ' ')
echo "startup ms (sorted): $sorted_starts"
echo "idle RSS MB (sorted): $sorted_rss"
echo "median startup: $(printf '%s\n' "${starts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms, max RSS: $(printf '%s\n' "${rsss[@]}" | sort -n | tail -1) MB (targets: <= 6000 ms, <= 400 MB)"
echo "load after:$(uptime | sed 's/.*load/ load/')"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
