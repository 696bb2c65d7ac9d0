#!/usr/bin/env bash
# Regenerates docs/images/apisec-dashboard.png from real data:
#  1. packages and starts sample-retail-app over TLS (a CA, server and client certificates made
#     here with openssl), with a second issuer whose JWK Set cannot be fetched, flaky payments
#     (failure-rate 0.4) and a listed mTLS client;
#  2. starts Prometheus scraping /actuator/prometheus every 5 s with an ADMIN token that a loop
#     refreshes in a credentials file, and evaluating apisec-alerts.yml;
#  3. drives traffic.sh for DURATION seconds;
#  4. checks that every PromQL expression of apisec-dashboard.json parses and returns data;
#  5. renders the dashboard with render.html (served by Prometheus itself) in headless Chromium.
# Everything listens on 127.0.0.1 and is stopped on exit.
#
# Needs java, openssl, keytool, curl, jq, prometheus and chromium
# (Debian: apt-get install -y prometheus chromium jq).
# Environment: DURATION (480), APP_PORT (18443), PROM_PORT (19090), SKIP_BUILD=1 to use the
# packaged jar as it is, KEEP=1 to keep the work directory (logs, Prometheus data).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OPS=$ROOT/docs/operations
DURATION=${DURATION:-480}
APP_PORT=${APP_PORT:-18443}
PROM_PORT=${PROM_PORT:-19090}
OUT=$ROOT/docs/images/apisec-dashboard.png
JAR=$ROOT/sample-retail-app/target/sample-retail-app-0.1.0-SNAPSHOT.jar
BASE=https://localhost:$APP_PORT
PROM=http://127.0.0.1:$PROM_PORT
WORK=$(mktemp -d)
pids=()

cleanup() {
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	if [[ ${KEEP:-0} == 1 ]]; then
		echo "work directory kept: $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT

for tool in java openssl keytool curl jq prometheus chromium; do
	command -v "$tool" > /dev/null || { echo "$tool is missing (Debian: apt-get install -y prometheus chromium jq)"; exit 1; }
done
for port in "$APP_PORT" "$PROM_PORT"; do
	if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
		echo "port $port is in use; set APP_PORT / PROM_PORT"
		exit 1
	fi
done

if [[ ${SKIP_BUILD:-0} != 1 || ! -f $JAR ]]; then
	./mvnw -q -pl sample-retail-app -am package -DskipTests
fi

echo "== certificates"
cd "$WORK"
ec() { openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" 2> /dev/null; }
sign() { # NAME DAYS EXTENSIONS
	openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days "$2" -out "$1.crt" \
		-extfile <(printf '%s\n' "$3") 2> /dev/null
}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 365 \
	-subj "/CN=apisec demo CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2> /dev/null
# The server certificate expires in 10 days, so that the expiry panel shows the warning colour.
ec server localhost
sign server 10 "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
ec warehouse warehouse
sign warehouse 90 "extendedKeyUsage=clientAuth"
ec stranger stranger
sign stranger 90 "extendedKeyUsage=clientAuth"
keytool -importcert -noprompt -alias ca -file ca.crt -keystore trust.p12 -storetype PKCS12 -storepass changeit > /dev/null

echo "== sample on $BASE"
# Sampled spans put exemplars on histogram _count lines, which Prometheus before 2.43 (Debian 12
# has 2.42) refuses, dropping the whole scrape: no span is sampled here.
java -Djavax.net.ssl.trustStore="$WORK/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit \
	-Djavax.net.ssl.trustStoreType=PKCS12 -jar "$JAR" \
	--server.port="$APP_PORT" --server.address=127.0.0.1 \
	--server.ssl.bundle=demo --server.ssl.client-auth=want \
	--spring.ssl.bundle.pem.demo.keystore.certificate="file:$WORK/server.crt" \
	--spring.ssl.bundle.pem.demo.keystore.private-key="file:$WORK/server.key" \
	--spring.ssl.bundle.pem.demo.truststore.certificate="file:$WORK/ca.crt" \
	--apisec.mtls.clients[0].principal=warehouse --apisec.mtls.clients[0].roles=PARTNER \
	--retail.demo-idp.issuer="$BASE" \
	--retail.payment.base-url="$BASE/simulator" \
	--retail.payment-simulator.failure-rate=0.4 --retail.payment-simulator.latency=100ms \
	--apisec.jwt.issuers[0].issuer-uri="$BASE" --apisec.jwt.issuers[0].jwk-set-uri="$BASE/oauth2/jwks" \
	--apisec.jwt.issuers[0].audiences=retail-api --apisec.jwt.issuers[0].preset=spring-authorization-server \
	--apisec.jwt.issuers[1].issuer-uri=https://partner-idp.example \
	--apisec.jwt.issuers[1].jwk-set-uri=http://127.0.0.1:9/jwks.json \
	--apisec.jwt.issuers[1].audiences=retail-api \
	--apisec.jwt.jwks.refresh-interval=1m --apisec.jwt.jwks.min-refetch-interval=15s \
	--management.tracing.sampling.probability=0 \
	> sample.log 2>&1 &
pids+=($!)
for _ in $(seq 120); do
	curl -s --cacert ca.crt "$BASE/actuator/health/readiness" | grep -q '"UP"' && break
	sleep 1
done
curl -s --cacert ca.crt "$BASE/actuator/health/readiness" | grep -q '"UP"' || { tail -50 sample.log; exit 1; }

admin_token() {
	curl -s --cacert ca.crt -u admin:admin-secret -d grant_type=client_credentials "$BASE/oauth2/token" \
		| jq -r .access_token
}
# Tokens live 5 minutes: renew the one Prometheus sends every 2 minutes.
admin_token > admin.token
(while sleep 120; do admin_token > admin.token.new && mv admin.token.new admin.token; done) &
pids+=($!)

echo "== prometheus on $PROM"
cat > prometheus.yml <<EOF
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - $OPS/apisec-alerts.yml
scrape_configs:
  - job_name: sample-retail-app
    scheme: https
    metrics_path: /actuator/prometheus
    tls_config:
      ca_file: $WORK/ca.crt
    authorization:
      type: Bearer
      credentials_file: $WORK/admin.token
    static_configs:
      - targets: ['localhost:$APP_PORT']
EOF
prometheus --config.file=prometheus.yml --storage.tsdb.path=data --web.listen-address="127.0.0.1:$PROM_PORT" \
	--web.user-assets="$OPS" > prometheus.log 2>&1 &
pids+=($!)
target_health() {
	curl -s "$PROM/api/v1/targets" | jq -r '.data.activeTargets[0] | "\(.health) \(.lastError)"'
}
for _ in $(seq 60); do
	[[ $(target_health) == "up "* ]] && break
	sleep 1
done
[[ $(target_health) == "up "* ]] || { echo "Prometheus cannot scrape the sample: $(target_health)"; exit 1; }

echo "== traffic for $DURATION s"
FROM=$(date +%s)
"$OPS/traffic.sh" "$BASE" ca.crt "$DURATION" warehouse.crt warehouse.key stranger.crt stranger.key
sleep 10
TO=$(date +%s)
[[ $(target_health) == "up "* ]] || { echo "Prometheus cannot scrape the sample: $(target_health)"; exit 1; }

echo "== dashboard queries"
"$OPS/check-dashboard.sh" "$PROM" "$FROM" "$TO"

echo "== alerts"
curl -s "$PROM/api/v1/alerts" | jq -r '.data.alerts[] | "\(.state)\t\(.labels.alertname)\t\(.annotations.summary)"' | sort -u

echo "== screenshot"
url="$PROM/user/render.html?from=$FROM&to=$TO&scrape=5"
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
	--disable-component-update --disable-sync --user-data-dir="$WORK/chromium" --window-size=1600,1480
	--virtual-time-budget=20000)
rendered=$("${chrome[@]}" --dump-dom "$url" 2> /dev/null | grep -o 'data-rendered="[^"]*"' || true)
echo "renderer: $rendered"
[[ $rendered == 'data-rendered="complete"' ]] || exit 1
mkdir -p "$(dirname "$OUT")"
"${chrome[@]}" --screenshot="$OUT" "$url" 2> /dev/null
echo "wrote $OUT"
