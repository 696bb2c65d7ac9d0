#!/usr/bin/env bash
# Mixed traffic against a running sample-retail-app, for the dashboard screenshot: good calls,
# bad tokens of every kind, wrong API keys, unknown client certificates, forbidden paths, rate-
# limit bursts and orders whose payments fail (start the sample with
# --retail.payment-simulator.failure-rate). Only ever talks to the given base URL.
#
#   traffic.sh BASE_URL CA_FILE SECONDS [CLIENT_CERT CLIENT_KEY [STRANGER_CERT STRANGER_KEY]]
#
# BASE_URL is the sample (https://localhost:PORT); CA_FILE verifies its certificate. The client
# certificate is one the sample lists in apisec.mtls.clients; the stranger's is issued by the
# same CA but not listed. An attack wave of bad credentials runs from 35 % to 60 % of the time.
# Writes one status code per request to traffic-statuses.txt in the current directory and
# prints a summary at the end.
set -uo pipefail

BASE=${1:?base url}
CA=${2:?ca file}
DURATION=${3:?seconds}
CERT=${4:-}
KEY=${5:-}
STRANGER_CERT=${6:-}
STRANGER_KEY=${7:-}
PARTNER_KEY=9FkCxTuGukiu_oVU0UExwIA2U4_MJfff1xpOAGpi1xM   # the sample's published demo key
STATUSES=traffic-statuses.txt
: > "$STATUSES"

call() { # METHOD PATH [curl options...]
	local method=$1 path=$2
	shift 2
	curl -s -o /dev/null -w '%{http_code}\n' --cacert "$CA" --max-time 10 -X "$method" "$@" "$BASE$path" >> "$STATUSES"
}

token() { # CLIENT SECRET
	curl -s --cacert "$CA" -u "$1:$2" -d grant_type=client_credentials "$BASE/oauth2/token" \
		| sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

b64url() {
	base64 -w0 | tr '+/' '-_' | tr -d '='
}

# A token with the given header and claims and a signature that is not one.
forged() {
	printf '%s.%s.c2lnbmF0dXJlLW9mLW5vYm9keQ' "$(printf '%s' "$1" | b64url)" "$(printf '%s' "$2" | b64url)"
}

claims() { # ISSUER SUBJECT
	local now
	now=$(date +%s)
	printf '{"iss":"%s","sub":"%s","aud":"retail-api","iat":%d,"exp":%d}' "$1" "$2" "$now" $((now + 300))
}

issuer=$BASE   # the demo identity provider's issuer is the sample's own URL
start=$(date +%s)
tokens_at=0
first_alice=""
first_bob=""
attack_from=$((DURATION * 35 / 100))
attack_to=$((DURATION * 60 / 100))
bursts=($((DURATION / 4)) $((DURATION / 2)) $((DURATION * 3 / 4)) "$DURATION")
next_burst=0

while :; do
	t=$(( $(date +%s) - start ))
	((t >= DURATION)) && break
	if ((t - tokens_at >= 200 || tokens_at == 0)); then
		# Tokens live 5 minutes; the first ones are kept and sent again once they have expired.
		ALICE=$(token alice alice-secret)
		BOB=$(token bob bob-secret)
		ADMIN=$(token admin admin-secret)
		first_alice=${first_alice:-$ALICE}
		first_bob=${first_bob:-$BOB}
		tokens_at=$t
	fi

	# Each group runs in the background so that an iteration takes about a second.
	# Good calls.
	{
		call GET /api/products
		call GET /api/products/1
		call GET /api/v1/products
		call GET /api/orders -H "Authorization: Bearer $ALICE"
		call GET /api/users/me -H "Authorization: Bearer $BOB"
		((t % 2 == 0)) && call GET /api/users -H "Authorization: Bearer $ADMIN"
		((t % 2 == 1)) && call GET /api/partner/stock -H "X-API-Key: $PARTNER_KEY"
		[[ -n $CERT ]] && ((t % 3 == 0)) && call GET /api/partner/stock --cert "$CERT" --key "$KEY"
		((t % 5 == 0)) && call GET /api/products/999
	} &

	# Orders: alice under the orders limit (10 a minute), bob over it; the admin now and then.
	# Each placed order calls the payment client.
	{
		order='{"items":[{"productId":'$((1 + RANDOM % 5))',"quantity":1}]}'
		((t % 7 == 0)) && call POST /api/orders -H "Authorization: Bearer $ALICE" -H 'Content-Type: application/json' -d "$order"
		((t % 4 == 1)) && call POST /api/orders -H "Authorization: Bearer $BOB" -H 'Content-Type: application/json' -d "$order"
		((t % 10 == 3)) && call POST /api/orders -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$order"
		((t % 20 == 5)) && call POST /api/orders -H "Authorization: Bearer $ALICE" -H 'Content-Type: application/json' \
			-d '{"items":[{"productId":6,"quantity":5}]}'
		((t % 15 == 8)) && call POST /api/orders -H "Authorization: Bearer $ALICE" -H 'Content-Type: application/json' \
			-d '{"items":[{"productId":1,"quantity":0}]}'
	} &

	# Forbidden and unauthenticated calls, a few a second.
	{
		((t % 2 == 0)) && call POST /api/products -H "Authorization: Bearer $BOB" -H 'Content-Type: application/json' \
			-d '{"sku":"X-1","name":"x","price":1.00,"stock":1}'
		((t % 3 == 0)) && call GET /api/users -H "Authorization: Bearer $ALICE"
		((t % 4 == 0)) && call GET /api/internal/config -H "Authorization: Bearer $ALICE"
		((t % 5 == 0)) && call GET /actuator/metrics -H "Authorization: Bearer $BOB"
		((t % 3 == 1)) && call GET /api/orders
	} &

	# Background noise of bad credentials.
	{
		((t % 10 == 0)) && call GET /api/users/me -H "X-API-Key: wrong-key-$t"
		((t % 6 == 2)) && call GET /api/users/me -H "Authorization: Bearer not-a-token"
		((t % 10 == 6)) && call GET /api/users/me -H "Authorization: Bearer $(forged '{"alg":"RS256","kid":"k"}' "$(claims https://partner-idp.example carol)")"
		((t > 330)) && ((t % 4 == 2)) && call GET /api/orders -H "Authorization: Bearer $first_alice"
		[[ -n $STRANGER_CERT ]] && ((t % 8 == 4)) && call GET /api/partner/stock --cert "$STRANGER_CERT" --key "$STRANGER_KEY"
	} &

	# The attack wave: tampered, forged, unsigned and replayed tokens, several a second.
	if ((t >= attack_from && t < attack_to)); then
		sig=${BOB##*.}
		tampered=${BOB%.*}.AAAA${sig:4}
		call GET /api/users/me -H "Authorization: Bearer $tampered"
		call GET /api/orders -H "Authorization: Bearer $tampered"
		call GET /api/users/me -H "Authorization: Bearer $(forged '{"alg":"RS256","kid":"k"}' "$(claims https://evil.example mallory)")"
		call GET /api/users/me -H "Authorization: Bearer $(forged '{"alg":"none"}' "$(claims "$issuer" admin)")"
		call GET /api/users/me -H "Authorization: Bearer $(forged '{"alg":"RS256","kid":"retired-key"}' "$(claims "$issuer" admin)")"
		call GET /api/users/me -H "Authorization: Bearer $(forged '{"alg":"HS256"}' "$(claims "$issuer" admin)")"
		call GET /api/partner/stock -H "X-API-Key: guess-$RANDOM"
		[[ -n $STRANGER_CERT ]] && call GET /api/users/me --cert "$STRANGER_CERT" --key "$STRANGER_KEY"
	fi
	wait

	# Rate-limit bursts: 60 catalog reads at once (the catalog allows 20 a second per address).
	if ((t >= bursts[next_burst])); then
		for _ in $(seq 60); do call GET /api/products & done
		wait
		next_burst=$((next_burst + 1))
	fi

	sleep_for=$(( start + t + 1 - $(date +%s) ))
	((sleep_for > 0)) && sleep "$sleep_for"
done

echo "requests by status:"
sort "$STATUSES" | uniq -c | sort -rn
