#!/usr/bin/env bash
# The HTTP benchmark: GET /bench/me in four modes (none, floor, starter, handwritten), one after
# the other on this machine, under the same closed-loop load on loopback. Prints throughput, p50,
# p99, the app's CPU time per request, and the ratios starter/none, floor/none and
# starter/handwritten by throughput and by CPU per request. See docs/benchmarks.md.
#
# Environment: CONNECTIONS (default 32), WARMUP seconds (20), DURATION seconds (30),
# MODES ("none floor starter handwritten"), ROUNDS (1), JAVA_OPTS ("-Xms512m -Xmx512m"),
# DRIVER (wrk when installed, else java).
set -euo pipefail
cd "$(dirname "$0")/../.."
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-20}
DURATION=${DURATION:-30}
MODES=${MODES:-none floor starter handwritten}
ROUNDS=${ROUNDS:-1}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
IDP_PORT=9001
PORT=9080
JAR=benchmarks/http/target/bench-http.jar
OUT=benchmarks/http/target/results.txt
if command -v wrk >/dev/null 2>&1; then DRIVER=${DRIVER:-wrk}; else DRIVER=${DRIVER:-java}; fi

if [ ! -f "$JAR" ]; then
  ./mvnw -q -pl benchmarks/http -am package -DskipTests
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_for() { # url expected-status [auth header]
  for _ in $(seq 1 300); do
    status=$(curl -s -o /dev/null -w '%{http_code}' ${3:+-H "$3"} "$1" || true)
    [ "$status" = "$2" ] && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1 to answer $2 (last: $status)" >&2
  return 1
}

jwks_requests() { curl -s "http://127.0.0.1:$IDP_PORT/stats" | sed 's/.*"jwksRequests":\([0-9]*\).*/\1/'; }

# -> "rps p50_us p99_us non2xx"; warms up first, then measures for DURATION seconds
run_load() { # url token
  if [ "$DRIVER" = wrk ]; then
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $2" "$1" >/dev/null
    cpu_start
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $2" "$1" | awk '
      function us(v) { if (v ~ /us$/) return v+0; if (v ~ /ms$/) return (v+0)*1000; if (v ~ /s$/) return (v+0)*1000000; return v }
      $1 == "50%" { p50 = us($2) } $1 == "99%" { p99 = us($2) }
      /Non-2xx/ { non = $NF } /Requests\/sec/ { rps = $2 }
      END { printf "%s %d %d %d\n", rps, p50, p99, non + 0 }'
  else
    # The driver warms up and measures in one run: the CPU figure then includes the warm-up.
    cpu_start
    java -cp "$JAR" -Dloader.main=dev.apisec.bench.http.LoadDriver \
      org.springframework.boot.loader.launch.PropertiesLauncher "$1" "$2" "$CONNECTIONS" "$WARMUP" "$DURATION" \
      | awk '{ printf "%s %d %d %d\n", $2, $3, $4, $5 + $6 }'
  fi
}

# CPU time (user + system) the app used while measured, in clock ticks: a figure that, unlike
# throughput, does not depend on how much CPU the load generator and other processes take.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
cpu_start() { cpu_ticks "$app" >"benchmarks/http/target/cpu-start"; }
cpu_us_per_request() { # rps
  local used=$(( $(cpu_ticks "$app") - $(cat benchmarks/http/target/cpu-start) ))
  local measured=$DURATION; [ "$DRIVER" = wrk ] || measured=$((WARMUP + DURATION))
  awk -v used="$used" -v tck="$(getconf CLK_TCK)" -v rps="$1" -v s="$measured" \
    'BEGIN { printf "%d", (rps > 0) ? used / tck * 1000000 / (rps * s) : 0 }'
}

java $JAVA_OPTS -jar "$JAR" --spring.profiles.active=idp >benchmarks/http/target/idp.log 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$IDP_PORT/token" 200
TOKEN=$(curl -s "http://127.0.0.1:$IDP_PORT/token")
URL="http://127.0.0.1:$PORT/bench/me"

{
  echo "# $(date -u +%FT%TZ) driver=$DRIVER connections=$CONNECTIONS warmup=${WARMUP}s duration=${DURATION}s java_opts=\"$JAVA_OPTS\""
  echo "# nproc=$(nproc) cpu=$(lscpu | sed -n 's/^Model name: *//p') java=$(java -version 2>&1 | head -1)"
} | tee "$OUT"
printf '%-12s %5s %10s %8s %8s %7s %11s %12s\n' mode round rps p50_us p99_us non2xx idp_calls cpu_us_per_req | tee -a "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    java $JAVA_OPTS -jar "$JAR" --spring.profiles.active="$mode" >"benchmarks/http/target/$mode.log" 2>&1 &
    app=$!
    pids+=($app)
    wait_for "$URL" 200 "Authorization: Bearer $TOKEN"
    body=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL")
    expected='"subject":"bench-user"'; case "$mode" in none | floor) expected='"subject":"anonymous"' ;; esac
    case "$body" in *"$expected"*) ;; *) echo "$mode answered $body" >&2; exit 1 ;; esac
    before=$(jwks_requests)
    run_load "$URL" "$TOKEN" >benchmarks/http/target/load
    read -r rps p50 p99 non2xx <benchmarks/http/target/load
    cpu=$(cpu_us_per_request "$rps")
    after=$(jwks_requests)
    kill "$app"; wait "$app" 2>/dev/null || true
    printf '%-12s %5s %10s %8s %8s %7s %11s %12s\n' "$mode" "$round" "$rps" "$p50" "$p99" "$non2xx" "$((after - before))" "$cpu" | tee -a "$OUT"
  done
done

awk '!/^#/ && $1 != "mode" { n[$1]++; rps[$1] += $3; cpu[$1] += $8 }
  END {
    for (m in n) { avg[m] = rps[m] / n[m]; us[m] = cpu[m] / n[m] }
    for (m in n) printf "%-12s mean %8.1f rps, %5d us CPU per request\n", m, avg[m], us[m]
    if (avg["none"] > 0 && avg["starter"] > 0) printf "starter/none        %.2f\n", avg["starter"] / avg["none"]
    if (avg["none"] > 0 && avg["floor"] > 0) printf "floor/none          %.2f\n", avg["floor"] / avg["none"]
    if (avg["floor"] > 0 && avg["starter"] > 0) printf "starter/floor       %.2f\n", avg["starter"] / avg["floor"]
    if (avg["handwritten"] > 0 && avg["starter"] > 0) printf "starter/handwritten %.2f\n", avg["starter"] / avg["handwritten"]
    if (us["none"] > 0 && us["starter"] > 0) printf "starter/none by CPU per request        %.2f\n", us["none"] / us["starter"]
    if (us["floor"] > 0 && us["none"] > 0) printf "floor/none by CPU per request          %.2f\n", us["none"] / us["floor"]
    if (us["handwritten"] > 0 && us["starter"] > 0) printf "starter/handwritten by CPU per request %.2f\n", us["handwritten"] / us["starter"]
  }' "$OUT" | tee -a "$OUT"
