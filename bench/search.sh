#!/usr/bin/env bash
# Search benchmark on the department-scale dataset (`comcom seed --scale
# department`: 20 territories, 1,000 spaces, 50,000 articles): how long
# `comcom search reindex` takes, then the latency of `/recherche?q=…` under
# load with a mix of queries, and of each query alone.
#
#     bench/search.sh               # builds the release binary, SQLite, 10 s of load
#     bench/search.sh --no-build    # reuse the release binary as it is
#     bench/search.sh --postgres    # on PostgreSQL (a database created and dropped)
#     DURATION=30 CONNECTIONS=16 bench/search.sh
#
# What it does: seeds a fresh database (SQLite in a temporary folder, or the
# database search_bench_PID on COMCOM_BENCH_PG_URL, default
# postgres://postgres@127.0.0.1:5432/postgres), indexes it with
# `comcom search reindex` (timed), starts `comcom serve` on 127.0.0.1 pinned to
# CPU 1, then
#   1. each query of the mix alone: 30 sequential requests with curl, p50 and
#      p99 of the time to the last byte, and the number of results shown;
#   2. wrk pinned to CPU 0 (1 thread, CONNECTIONS connections, DURATION s)
#      cycling through the whole mix: requests/s, p50, p99.
# Queries are those of a visitor of the default territory (public spaces):
# the cost of a query is mostly reading the postings of its words across the
# whole index, whoever asks. Load is only sent to the server this script
# starts. Prints a Markdown table on stdout; progress on stderr.
set -euo pipefail

DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-8}"
PG_ADMIN_URL="${COMCOM_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
BUILD=1
BACKEND=sqlite
for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        --postgres) BACKEND=postgres ;;
        -h | --help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "search.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

say() { echo "search.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }
[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -gt 0 && "$DURATION" -le 600 ]] || die "DURATION must be 1 to 600 seconds"
[[ "$CONNECTIONS" =~ ^[0-9]+$ && "$CONNECTIONS" -gt 0 ]] || die "CONNECTIONS must be a positive number"
[[ "$(nproc --all)" -ge 2 ]] || die "needs at least 2 CPUs (server on CPU 1, wrk on CPU 0)"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/comcom"

if ! command -v wrk >/dev/null; then
    say "installing wrk"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
for tool in wrk taskset curl timeout; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done
[[ "$BACKEND" == sqlite ]] || command -v psql >/dev/null || die "psql is missing (needed for --postgres)"

if [[ "$BUILD" -eq 1 ]]; then
    say "building the release binary in $TARGET"
    cargo build --release -p comcom >&2
fi
[[ -x "$BIN" ]] || die "$BIN not found (build it, or drop --no-build)"

TMP="$(mktemp -d -t comcom-search.XXXXXX)"
SERVER_PID=""
PG_DB=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -n "$PG_DB" ]]; then
        psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$TMP/data"
if [[ "$BACKEND" == sqlite ]]; then
    DB_ENV=(COMCOM_DATA_DIR="$TMP/data")
    sql() { sqlite3 "$TMP/data/comcom.sqlite3" "$1"; }
else
    PG_DB="search_bench_$$"
    PG_URL="${PG_ADMIN_URL%/*}/$PG_DB"
    psql -q "$PG_ADMIN_URL" -c "CREATE DATABASE $PG_DB" >/dev/null || die "cannot create database $PG_DB"
    DB_ENV=(COMCOM_DATA_DIR="$TMP/data" COMCOM_DATABASE_URL="$PG_URL")
    sql() { psql -qAt "$PG_URL" -c "$1"; }
fi

elapsed() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e9 }'; }

say "seeding the department dataset ($BACKEND)"
t0="$(date +%s%N)"
timeout 900 env "${DB_ENV[@]}" COMCOM_LOG=warn COMCOM_LANG=en "$BIN" seed --scale department >"$TMP/seed.out" 2>&1 \
    || { cat "$TMP/seed.out" >&2; die "comcom seed failed"; }
SEED_S="$(elapsed $(($(date +%s%N) - t0)))"
say "seeded in $SEED_S s; indexing"
t0="$(date +%s%N)"
timeout 1800 env "${DB_ENV[@]}" COMCOM_LOG=warn COMCOM_LANG=en "$BIN" search reindex >"$TMP/reindex.out" 2>&1 \
    || { cat "$TMP/reindex.out" >&2; die "comcom search reindex failed"; }
INDEX_S="$(elapsed $(($(date +%s%N) - t0)))"
tail -n1 "$TMP/reindex.out" >&2
# The seed queued a rebuild for the servers; it is done already.
sql "UPDATE job SET done_at = created_at WHERE kind = 'search-reindex' AND done_at IS NULL" >/dev/null
DOCS="$(sql "SELECT COUNT(*) FROM search_doc")"
POSTINGS="$(sql "SELECT COUNT(*) FROM search_posting")"
TERMS="$(sql "SELECT COUNT(*) FROM search_lexicon")"
say "indexed in $INDEX_S s: $DOCS documents, $POSTINGS postings, $TERMS terms"

say "starting the server (CPU 1)"
env "${DB_ENV[@]}" COMCOM_LOG=warn COMCOM_LANG=en \
    taskset -c 1 "$BIN" serve --bind "127.0.0.1:0" >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$!
BASE=""
deadline=$((SECONDS + 30))
while [[ $SECONDS -lt $deadline ]]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.err" >&2; die "the server exited"; }
    [[ -n "$BASE" ]] || BASE="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/server.out" | head -n1 || true)"
    if [[ -n "$BASE" ]] && curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" 2>/dev/null; then break; fi
    sleep 0.2
done
[[ -n "$BASE" ]] || die "the server did not start within 30 s"
say "server up at $BASE"

# The mix: common and rare words, accents left out, plurals, a prefix, two
# and three words, a word found nowhere.
QUERIES=(
    "travaux"
    "assainissement"
    "reunion+information"
    "eclairage+public+led"
    "station+epuration"
    "secheresse"
    "canalisations"
    "conseil+municipal"
    "assaini"
    "piscine+arrosage"
    "ecole"
    "zorglub"
)

ms() { awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }'; }
percentile() { sort -n | awk -v p="$1" '{ a[NR] = $1 } END { i = int((NR * p) / 100 + 0.999999); if (i < 1) i = 1; print a[i] }'; }

ROWS=()
for q in "${QUERIES[@]}"; do
    url="$BASE/recherche?q=$q"
    code="$(curl -sS -o "$TMP/page" -w '%{http_code}' --max-time 30 "$url")"
    [[ "$code" == 200 ]] || die "GET /recherche?q=$q answered $code"
    results="$(grep -c '<h3><a href=' "$TMP/page" || true)"
    : >"$TMP/times"
    for _ in $(seq 30); do
        curl -sS -o /dev/null -w '%{time_total}\n' --max-time 30 "$url" >>"$TMP/times"
    done
    p50="$(ms "$(percentile 50 <"$TMP/times")")"
    p99="$(ms "$(percentile 99 <"$TMP/times")")"
    ROWS+=("| \`$q\` | $results | $p50 | $p99 |")
done

cat >"$TMP/mix.lua" <<EOF
local paths = {}
for _, q in ipairs({ $(printf '"%s", ' "${QUERIES[@]}") }) do
  paths[#paths + 1] = "/recherche?q=" .. q
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
EOF
taskset -cp 0 $$ >/dev/null
say "wrk ${DURATION}s, $CONNECTIONS connections, the mix of ${#QUERIES[@]} queries"
taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency -s "$TMP/mix.lua" "$BASE" >"$TMP/wrk.txt" 2>&1 \
    || { cat "$TMP/wrk.txt" >&2; die "wrk failed"; }
cat "$TMP/wrk.txt" >&2
to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.2f", n }'
}
RPS="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$TMP/wrk.txt")"
W50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$TMP/wrk.txt")")"
W99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$TMP/wrk.txt")")"
ERRORS="$(grep -E 'Non-2xx|Socket errors' "$TMP/wrk.txt" || true)"
LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo
echo "Each query alone (30 sequential requests, time to the last byte):"
echo
echo "| query | results shown | p50 (ms) | p99 (ms) |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
echo "The mix under load (wrk, 1 thread, $CONNECTIONS connections, ${DURATION} s):"
echo
echo "| requests/s | p50 (ms) | p99 (ms) |"
echo "|---:|---:|---:|"
echo "| $RPS | $W50 | $W99 |"
echo
echo "Backend: $BACKEND. Seeded in $SEED_S s; \`comcom search reindex\` in $INDEX_S s: $DOCS documents, $POSTINGS postings, $TERMS terms."
echo "Machine: $(nproc --all) CPUs, load average $LOAD at the end; $(date -u '+%Y-%m-%d %H:%M UTC'); commit $commit."
[[ -z "$ERRORS" ]] || echo "- wrk: $ERRORS"
