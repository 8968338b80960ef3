#!/usr/bin/env bash
# Slow clients, busy keep-alive clients and the connection limit against
# antwort-searchd with its defaults (4 threads, 256 connections), over
# loopback and bounded in time: runs bench/connection_load.cc's three phases
# and exits 1 when one misses its target (see that file).
#
#   bench/connection_load.sh [BUILD_DIR] [SECONDS]
#
# BUILD_DIR defaults to build/rel (a Release build with antwort-indexer,
# antwort-searchd and connection_load). The index is lo-help-index-de from
# ../shared/corpora (2,545 documents), or the bundled corpora/ without it.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build/rel}
seconds=${2:-30}
corpus=${ANTWORT_CORPUS:-../shared/corpora/lo-help-index-de}
for tool in antwort-indexer antwort-searchd connection_load; do
  [ -x "$build/bin/$tool" ] || { echo "connection_load.sh: no $build/bin/$tool" >&2; exit 2; }
done

work=$(mktemp -d /tmp/antwort-connection-load.XXXXXX)
searchd=""
cleanup() {
  [ -n "$searchd" ] && kill "$searchd" 2>/dev/null && wait "$searchd" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

queries=()
if [ -r "$corpus/docs.ndjson" ]; then
  "$build/bin/antwort-indexer" build --index "$work/index" --no-progress "$corpus/docs.ndjson"
  queries=(--queries "$corpus/queries.tsv")
else
  "$build/bin/antwort-indexer" build --index "$work/index" --no-progress \
    $(find corpora -name '*.ndjson' | sort)
fi

ulimit -n 4096 2>/dev/null || true
port=$(( 20000 + RANDOM % 20000 ))
"$build/bin/antwort-searchd" --index "$work/index" --listen "127.0.0.1:$port" --threads 4 \
  --log-level warn 2>"$work/searchd.log" &
searchd=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
"$build/bin/connection_load" --port "$port" --seconds "$seconds" --max-connections 256 \
  "${queries[@]}"
