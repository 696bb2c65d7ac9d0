#!/usr/bin/env bash
# The HTTP benchmark: GET /bench/me in three modes (none, starter, handwritten), one after the
# other on this machine, under the same closed-loop load on loopback. Prints throughput, p50,
# p99 and the ratios starter/none and starter/handwritten. See docs/benchmarks.md.
#
# Environment: CONNECTIONS (default 32), WARMUP seconds (20), DURATION seconds (30),
# MODES ("none starter handwritten"), ROUNDS (1), JAVA_OPTS ("-Xms512m -Xmx512m"),
# DRIVER (wrk when installed, else java).
set -euo pipefail
cd "$(dirname "$0")/../.."
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-20}
DURATION=${DURATION:-30}
MODES=${MODES:-none starter handwritten}
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

# -> "rps p50_us p99_us non2xx"
run_load() { # url token
  if [ "$DRIVER" = wrk ]; then
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $2" "$1" >/dev/null
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $2" "$1" | awk '
      function us(v) { if (v ~ /us$/) return v+0; if (v ~ /ms$/) return (v+0)*1000; if (v ~ /s$/) return (v+0)*1000000; return v }
      $1 == "50%" { p50 = us($2) } $1 == "99%" { p99 = us($2) }
      /Non-2xx/ { non = $NF } /Requests\/sec/ { rps = $2 }
      END { printf "%s %d %d %d\n", rps, p50, p99, non + 0 }'
  else
    java -cp "$JAR" -Dloader.main=dev.apisec.bench.http.LoadDriver \
      org.springframework.boot.loader.launch.PropertiesLauncher "$1" "$2" "$CONNECTIONS" "$WARMUP" "$DURATION" \
      | awk '{ printf "%s %d %d %d\n", $2, $3, $4, $5 + $6 }'
  fi
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
printf '%-12s %5s %10s %8s %8s %7s %11s\n' mode round rps p50_us p99_us non2xx idp_calls | tee -a "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    java $JAVA_OPTS -jar "$JAR" --spring.profiles.active="$mode" >"benchmarks/http/target/$mode.log" 2>&1 &
    app=$!
    pids+=($app)
    wait_for "$URL" 200 "Authorization: Bearer $TOKEN"
    body=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL")
    expected='"subject":"bench-user"'; [ "$mode" = none ] && expected='"subject":"anonymous"'
    case "$body" in *"$expected"*) ;; *) echo "$mode answered $body" >&2; exit 1 ;; esac
    before=$(jwks_requests)
    read -r rps p50 p99 non2xx < <(run_load "$URL" "$TOKEN")
    after=$(jwks_requests)
    kill "$app"; wait "$app" 2>/dev/null || true
    printf '%-12s %5s %10s %8s %8s %7s %11s\n' "$mode" "$round" "$rps" "$p50" "$p99" "$non2xx" "$((after - before))" | tee -a "$OUT"
  done
done

awk '!/^#/ && $1 != "mode" { n[$1]++; rps[$1] += $3 }
  END {
    for (m in n) avg[m] = rps[m] / n[m]
    if (avg["none"] > 0 && avg["starter"] > 0) printf "starter/none        %.2f\n", avg["starter"] / avg["none"]
    if (avg["handwritten"] > 0 && avg["starter"] > 0) printf "starter/handwritten %.2f\n", avg["starter"] / avg["handwritten"]
  }' "$OUT" | tee -a "$OUT"
