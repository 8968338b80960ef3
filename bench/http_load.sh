#!/usr/bin/env bash
# HTTP load test of antwort-searchd with wrk: /search, /suggest and /similar over the
# queries of lo-help-index-de (../shared/corpora), p50/p90/p99 latency per endpoint.
#
#   bench/http_load.sh [BUILD_DIR] [SECONDS] [CONNECTIONS]
#
# BUILD_DIR defaults to build/rel (a Release build holding antwort-indexer and
# antwort-searchd). The index is built once into $TMPDIR/antwort-http-load and reused.
# wrk is not a project dependency (apt-get install wrk, or /usr/bin/wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build/rel}
seconds=${2:-20}
connections=${3:-4}
corpus=${ANTWORT_CORPUS:-../shared/corpora/lo-help-index-de}
index=${TMPDIR:-/tmp}/antwort-http-load
wrk=${WRK:-wrk}

command -v "$wrk" >/dev/null || { echo "http_load.sh: wrk not found (apt-get install wrk)" >&2; exit 2; }
[ -x "$build/bin/antwort-searchd" ] || { echo "http_load.sh: no $build/bin/antwort-searchd" >&2; exit 2; }

if [ ! -e "$index/current" ]; then
  "$build/bin/antwort-indexer" build --index "$index" --no-progress "$corpus/docs.ndjson"
fi

port=$(( 20000 + RANDOM % 20000 ))
"$build/bin/antwort-searchd" --index "$index" --listen "127.0.0.1:$port" --threads 4 \
  --thesaurus '' >/dev/null 2>&1 &
searchd=$!
trap 'kill "$searchd" 2>/dev/null; wait "$searchd" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

# Warm-up: page in the index, load the analyzers.
"$wrk" -t1 -c1 -d2s -s bench/http_queries.lua "http://127.0.0.1:$port" -- search \
  "$corpus/queries.tsv" >/dev/null

for mode in search suggest similar; do
  echo "== /$mode (wrk -t2 -c$connections -d${seconds}s, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
  "$wrk" -t2 -c"$connections" -d"${seconds}s" --latency -s bench/http_queries.lua \
    "http://127.0.0.1:$port" -- "$mode" "$corpus/queries.tsv" |
    grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors'
done
