#!/usr/bin/env bash
# Runs every PromQL expression of apisec-dashboard.json against a Prometheus that scrapes an
# application secured by the starter, and fails when one does not parse or returns no value.
#
#   check-dashboard.sh PROMETHEUS_URL [FROM TO]   (Unix seconds; default: the last 10 minutes)
#
# Variables are set as Grafana would: job to the first job with apisec_auth_total, instance to
# All (.*), $__rate_interval to 1m. Needs curl and jq.
set -euo pipefail
PROM=${1:?Prometheus URL}
TO=${3:-$(date +%s)}
FROM=${2:-$((TO - 600))}
DASHBOARD=$(dirname "$0")/apisec-dashboard.json

job=$(curl -sfG "$PROM/api/v1/label/job/values" --data-urlencode 'match[]=apisec_auth_total' | jq -r '.data[0] // empty')
[[ -n $job ]] || { echo "no job exposes apisec_auth_total"; exit 1; }
failures=0
while IFS=$'\t' read -r title expr; do
	query=$(jq -rn --arg e "$expr" --arg job "$job" \
		'$e | gsub("\\$__rate_interval"; "1m") | gsub("\\$job"; $job) | gsub("\\$instance"; ".*")')
	answer=$(curl -s "$PROM/api/v1/query_range" --data-urlencode "query=$query" \
		-d "start=$FROM" -d "end=$TO" -d step=15)
	status=$(jq -r .status <<< "$answer")
	# A series counts when it has at least one value that is a number.
	series=$(jq '[.data.result[]? | select([.values[][1] | select(. != "NaN")] | length > 0)] | length' <<< "$answer")
	if [[ $status != success ]]; then
		echo "FAIL  $title: $(jq -r .error <<< "$answer")"
		failures=$((failures + 1))
	elif ((series == 0)); then
		echo "EMPTY $title: $query"
		failures=$((failures + 1))
	else
		echo "ok    $title ($series series)"
	fi
done < <(jq -r '.panels[] | select(.targets) | .title as $t | .targets[] | [$t, (.expr | gsub("\n"; " "))] | @tsv' "$DASHBOARD")
if ((failures > 0)); then
	echo "$failures expressions failed or returned no data (job $job)"
	exit 1
fi
echo "every expression parsed and returned data (job $job)"
