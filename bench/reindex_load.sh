#!/usr/bin/env bash
# Reindex under load: antwort-searchd serves lo-help-index-de while wrk sends
# German queries over loopback, first with the index left alone (baseline),
# then while a loop runs a full `build`, an `update` and a `delete` (+ re-add)
# against the live index directory. Prints requests/s, latency and failed
# requests (non-2xx answers + socket errors) for both phases and exits 1 if any
# request failed.
#
#   bench/reindex_load.sh [-d SECONDS] [-c CONNECTIONS] [-t WRK_THREADS]
#                         [-s SEARCHD_THREADS] [-p PORT] [-b BUILD_DIR] [-i CORPUS_DIR]
#
# Defaults: 60 s per phase, 8 connections, 2 wrk threads, 8 searchd threads,
# port 18090, build/rel (Release), ../shared/corpora/lo-help-index-de.
# Needs wrk (Debian: apt-get install wrk), curl and python3.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
duration=60
connections=8
wrk_threads=2
searchd_threads=8
port=18090
build_dir="$here/build/rel"
corpus_dir="$here/../shared/corpora/lo-help-index-de"

while getopts "d:c:t:s:p:b:i:h" opt; do
    case $opt in
    d) duration=$OPTARG ;;
    c) connections=$OPTARG ;;
    t) wrk_threads=$OPTARG ;;
    s) searchd_threads=$OPTARG ;;
    p) port=$OPTARG ;;
    b) build_dir=$OPTARG ;;
    i) corpus_dir=$OPTARG ;;
    *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done

for tool in wrk curl python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "reindex_load: '$tool' is not installed; on Debian: apt-get install $tool" >&2
        exit 2
    fi
done
indexer="$build_dir/bin/antwort-indexer"
searchd="$build_dir/bin/antwort-searchd"
if [[ ! -x $indexer || ! -x $searchd ]]; then
    echo "reindex_load: build first: cmake -S . -B $build_dir -G Ninja -DCMAKE_BUILD_TYPE=Release" \
         "&& cmake --build $build_dir --target antwort-searchd antwort-indexer" >&2
    exit 2
fi
docs="$corpus_dir/docs.ndjson"
queries="$corpus_dir/queries.tsv"
[[ -r $docs && -r $queries ]] || { echo "reindex_load: no corpus in $corpus_dir" >&2; exit 2; }

work=$(mktemp -d /tmp/antwort-reindex-load.XXXXXX)
searchd_pid=""
writer_pid=""
cleanup() {
    [[ -n $writer_pid ]] && kill "$writer_pid" 2>/dev/null && wait "$writer_pid" 2>/dev/null
    [[ -n $searchd_pid ]] && kill "$searchd_pid" 2>/dev/null && wait "$searchd_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
index="$work/index"

# Inputs for the writer loop: 300 documents with a changed title (update),
# and 25 ids that are deleted and then added back (so the index stays whole).
python3 - "$docs" "$work" <<'EOF'
import json, sys
docs, work = sys.argv[1], sys.argv[2]
lines = open(docs, encoding="utf-8").read().splitlines()
with open(f"{work}/update.ndjson", "w", encoding="utf-8") as out:
    for line in lines[:300]:
        d = json.loads(line)
        d["title"] = d["title"] + " (aktualisiert)"
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
picked = lines[1000:1025]
with open(f"{work}/readd.ndjson", "w", encoding="utf-8") as out:
    out.write("\n".join(picked) + "\n")
with open(f"{work}/delete.ids", "w", encoding="utf-8") as out:
    out.write("\n".join(json.loads(l)["id"] for l in picked) + "\n")
EOF

# The wrk script: 240 queries, rotated per request. 200 are evaluation
# queries of the corpus (a fixed sample), 40 are questions as users type
# them, a few of which find nothing.
python3 - "$queries" "$work/queries.lua" <<'EOF'
import random, sys, urllib.parse
rows = [l.split("\t", 1)[1].strip() for l in open(sys.argv[1], encoding="utf-8") if "\t" in l]
random.Random(6).shuffle(rows)
typed = [
    "Wie kann ich die Seitenränder ändern?", "Seitenzahlen einfügen", "PDF exportieren",
    "Tabelle sortieren", "Passwort für Dokument festlegen", "Dokument mit Passwort schützen",
    "Inhaltsverzeichnis erstellen", "Kopfzeile nur auf erster Seite", "Zellen verbinden",
    "Diagramm erstellen", "Silbentrennung ausschalten", "Autokorrektur deaktivieren",
    "Makro aufzeichnen", "Serienbrief erstellen", "Bild zuschneiden", "Formel kopieren",
    "Spalte ausblenden", "Fußnote einfügen", "Rechtschreibprüfung Sprache ändern",
    "Wie drucke ich nur markierte Zellen?", "Querformat für eine Seite",
    "Zeilenumbruch in Zelle", "bedingte Formatierung", "Dropdown Liste in Zelle",
    "SVERWEIS Beispiel", "Datum formatieren", "Hintergrundbild einfügen",
    "Folienübergang einstellen", "Präsentation als Video speichern", "Text in Spalten aufteilen",
    "Kommentare drucken", "Änderungen verfolgen", "Dokumentvorlage speichern",
    "Tastenkürzel ändern", "Schriftart einbetten", "Wasserzeichen einfügen",
    "xyzzy plugh", "Quantenverschränkung", "asdfghjkl", "Donaudampfschifffahrtsgesellschaft",
]
paths = ["/search?q=" + urllib.parse.quote(q) for q in rows[:200] + typed]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("local paths = {\n")
    for p in paths:
        out.write('  "' + p.replace("\\", "\\\\").replace('"', '\\"') + '",\n')
    out.write("}\n")
    out.write(r'''
local counter = 0
function setup(thread)
  thread:set("offset", counter * 37)
  counter = counter + 1
end
local i = 0
function request()
  i = i + 1
  return wrk.format("GET", paths[((i + offset) % #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.1f " ..
    "non2xx=%d socket_errors=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.status,
    e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout))
end
''')
EOF

echo "== initial build of $docs"
"$indexer" build --index "$index" --no-progress "$docs"

"$searchd" --index "$index" --listen "127.0.0.1:$port" --threads "$searchd_threads" \
    2>"$work/searchd.log" &
searchd_pid=$!
for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null ||
    { echo "reindex_load: searchd did not come up:" >&2; cat "$work/searchd.log" >&2; exit 1; }
health() { curl -sf "http://127.0.0.1:$port/healthz"; }

run_wrk() { # $1 = seconds; prints the RESULT line
    wrk -t"$wrk_threads" -c"$connections" -d"$1"s --timeout 5s -s "$work/queries.lua" \
        "http://127.0.0.1:$port" | grep '^RESULT'
}

# The writer loop: build, update, delete, re-add, until told to stop. Each
# finished step appends "STEP SECONDS_SINCE_EPOCH" to writes.log, so the
# report counts only the writes that landed while wrk was still running.
writer() {
    while [[ ! -e $work/stop ]]; do
        "$indexer" build --index "$index" --no-progress "$docs" 2>>"$work/writer.log"
        echo "build $(date +%s.%N)" >>"$work/writes.log"
        "$indexer" update --index "$index" --no-progress "$work/update.ndjson" 2>>"$work/writer.log"
        echo "update $(date +%s.%N)" >>"$work/writes.log"
        # shellcheck disable=SC2046
        "$indexer" delete --index "$index" $(cat "$work/delete.ids") 2>>"$work/writer.log"
        echo "delete $(date +%s.%N)" >>"$work/writes.log"
        "$indexer" update --index "$index" --no-progress "$work/readd.ndjson" 2>>"$work/writer.log"
        echo "re-add $(date +%s.%N)" >>"$work/writes.log"
    done
}

echo "== warm-up (3 s)"
run_wrk 3 >/dev/null
echo "== baseline: ${duration} s of queries, index untouched"
baseline=$(run_wrk "$duration")
echo "$baseline"

gen_before=$(health)
echo "== reindex: ${duration} s of queries while build + update + delete + re-add loop"
writer &
writer_pid=$!
reindex=$(run_wrk "$duration")
wrk_end=$(date +%s.%N)
touch "$work/stop"
wait "$writer_pid" || { echo "reindex_load: the writer loop failed:" >&2; cat "$work/writer.log" >&2; exit 1; }
writer_pid=""
echo "$reindex"
gen_after=$(health)
during() { awk -v end="$wrk_end" -v step="$1" '$1 == step && $2 <= end' "$work/writes.log" | wc -l; }
builds=$(during build)
updates=$(during update)
deletes=$(during delete)
readds=$(during re-add)
docs_count=$(wc -l <"$docs")

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
echo
echo "searchd threads $searchd_threads, wrk -t$wrk_threads -c$connections, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "writes finished while wrk ran: $builds full builds ($docs_count docs, each a new generation)," \
     "$updates updates (300 docs), $deletes deletes (25 ids), $readds re-adds (25 docs)"
echo "healthz before: $gen_before"
echo "healthz after:  $gen_after"
printf '%-10s %10s %9s %9s %9s %8s %8s\n' phase requests req/s p50_ms p99_ms non2xx sockerr
for phase in baseline reindex; do
    line=${!phase}
    printf '%-10s %10s %9s %9s %9s %8s %8s\n' "$phase" "$(field requests "$line")" \
        "$(field rps "$line")" "$(field p50_ms "$line")" "$(field p99_ms "$line")" \
        "$(field non2xx "$line")" "$(field socket_errors "$line")"
done
failed=$(($(field non2xx "$baseline") + $(field socket_errors "$baseline") +
          $(field non2xx "$reindex") + $(field socket_errors "$reindex")))
if grep -q '"status":"ok"' <<<"$gen_after" && [[ $gen_before != "$gen_after" ]]; then
    echo "searchd switched generations during the run"
else
    echo "reindex_load: searchd did not pick up the new generation" >&2
    failed=$((failed + 1))
fi
if ((builds == 0 || updates == 0 || deletes == 0)); then
    echo "reindex_load: not every kind of write finished while wrk ran; raise -d" >&2
    exit 1
fi
echo "failed requests: $failed"
((failed == 0))
