#!/usr/bin/env bash
# Query cost against index size. For each size N (default 10000 100000 1000000) it builds
# N synthetic community documents around lo-help-index-de (../shared/corpora/scale/make_scale.py;
# the real set's 500 sampled queries and judgments still apply), indexes them, and measures:
#   - the ids of the top 100, as the peers harness asks for them (antwort-eval, in process);
#   - a page of 10 hits with snippets, as GET /search serves it (antwort-eval --per-page 10
#     --snippets, in process);
#   - antwort-searchd's resident memory after answering every query once over HTTP.
# antwort-eval reports p50 and p99 of the searches' own time and the mean of each phase
# (match, rerank, hits). One markdown row per size goes to stdout, and the figures to
# $OUT/scale.tsv for bench/plot_scale.py.
#
#   bench/scale_bench.sh [BUILD_DIR] [SIZE...]
#
# BUILD_DIR defaults to build/rel (Release, with antwort-indexer, antwort-eval and
# antwort-searchd). Corpora and indexes go to $WORK (default $TMPDIR/antwort-scale) and are
# reused when present; 1M documents take about 1 GB of NDJSON and 10 minutes to index.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build/rel}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
shared=../shared
work=${WORK:-${TMPDIR:-/tmp}/antwort-scale}
out=${OUT:-$work}
py=${PY:-/usr/bin/python3}
for tool in antwort-indexer antwort-eval antwort-searchd; do
  [ -x "$build/bin/$tool" ] || { echo "scale_bench.sh: no $build/bin/$tool" >&2; exit 2; }
done
[ -d "$shared/corpora/lo-help-index-de" ] || { echo "scale_bench.sh: no $shared/corpora" >&2; exit 2; }
mkdir -p "$work" "$out"

# Prints "KEY VALUE" lines of antwort-eval's summary as shell assignments.
eval_figures() { # PREFIX EVAL-ARGS...
  local prefix=$1
  shift
  "$build/bin/antwort-eval" "$@" | awk -v p="$prefix" '
    /^nDCG@10/ {print p "ndcg=" $2} /^p50 ms/ {print p "p50=" $3} /^p99 ms/ {print p "p99=" $3}
    /^match ms/ {print p "match=" $3} /^rerank ms/ {print p "rerank=" $3; print p "cand=" $7}
    /^hits ms/ {print p "hits=" $3}'
}

# searchd's resident memory (MB) after one pass over the queries of $1 on index $2.
searchd_rss() {
  local queries=$1 index=$2 port=$(( 20000 + RANDOM % 20000 ))
  "$build/bin/antwort-searchd" --index "$index" --listen "127.0.0.1:$port" --threads 2 \
    >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 300); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  cut -f2 "$queries" | "$py" -c '
import sys, urllib.parse, urllib.request
base = sys.argv[1]
for line in sys.stdin:
    q = urllib.parse.quote(line.strip())
    urllib.request.urlopen(f"{base}/search?q={q}").read()
' "http://127.0.0.1:$port"
  awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

printf 'docs\tindex_s\tindex_mb\ttop100_p50\ttop100_p99\tpage10_p50\tpage10_p99\tmatch\trerank\thits\tcandidates\tsearchd_rss_mb\tndcg10\n' \
  > "$out/scale.tsv"
echo "| documents | index s | index MB | top 100 ids p50 / p99 ms | 10 hits + snippets p50 / p99 ms | top 100: match / rerank / hits ms (candidates) | searchd RSS MB | nDCG@10 |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  dir=$work/$n
  if [ ! -s "$dir/docs.ndjson" ]; then
    mkdir -p "$dir"
    "$py" "$shared/peers/make_union.py" "$dir" 500 "$shared/corpora/lo-help-index-de" >/dev/null
    "$py" "$shared/corpora/scale/make_scale.py" "$n" "$dir/docs.ndjson" \
      --include "$shared/corpora/lo-help-index-de" >/dev/null
  fi
  if [ ! -e "$dir/index/current" ]; then
    start=$(date +%s.%N)
    "$build/bin/antwort-indexer" build --index "$dir/index" --no-progress "$dir/docs.ndjson" >&2
    index_s=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {print e - s}')
    echo "$index_s" > "$dir/index_seconds"
  fi
  index_s=$(printf '%.1f' "$(cat "$dir/index_seconds")")
  index_mb=$(du -sbL "$dir/index/current" | awk '{printf "%.1f", $1 / 1e6}')
  args=(--index "$dir/index" --queries "$dir/queries.tsv" --qrels "$dir/qrels.tsv")
  eval "$(eval_figures t_ "${args[@]}")"
  eval "$(eval_figures p_ "${args[@]}" --per-page 10 --snippets)"
  rss=$(searchd_rss "$dir/queries.tsv" "$dir/index")
  docs=$(wc -l < "$dir/docs.ndjson")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$docs" "$index_s" "$index_mb" \
    "$t_p50" "$t_p99" "$p_p50" "$p_p99" "$t_match" "$t_rerank" "$t_hits" "$t_cand" "$rss" \
    "$t_ndcg" >> "$out/scale.tsv"
  echo "| $docs | $index_s | $index_mb | $t_p50 / $t_p99 | $p_p50 / $p_p99 | $t_match / $t_rerank / $t_hits ($t_cand) | $rss | $t_ndcg |"
done
