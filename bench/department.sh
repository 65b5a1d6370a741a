#!/usr/bin/env bash
# Department-scale benchmark: `comcom serve` on the dataset of
# `comcom seed --scale department` (20 territories, 1,000 spaces, 50,000
# articles, 10,000 people): throughput, latency and memory.
#
# Run from anywhere in the repository, on a machine with 2+ CPUs (as root if wrk
# or sqlite3 is missing: the script installs them with apt-get):
#
#     bench/department.sh               # builds the release binary, 10 s per page
#     DURATION=30 bench/department.sh   # longer runs
#     bench/department.sh --no-build    # reuse the release binary as it is
#     bench/department.sh --reseed      # seed the SQLite dataset again
#     bench/department.sh --postgres    # on PostgreSQL instead (seeds a new database each time)
#
# What it measures: a release build of comcom (in $CARGO_TARGET_DIR, else
# target/), serving a copy of the department dataset on 127.0.0.1, pinned to
# CPU 1; wrk pinned to CPU 0 (1 thread, 32 connections) loads, one after the
# other: the home page `/` of the default territory (CC du Massif du Vercors),
# a commune page, an article page, `/feed.atom`, one API list call
# `/api/v1/articles` (or `/actualites` when this build has no API), and the
# home page of the largest territory (Grenoble-Alpes-Métropole, reached by its
# Host header). For each it reports requests/s, p50 and p99 latency, the
# server's peak RSS during the run (VmRSS sampled every 0.2 s) and CPU use;
# also RSS idle (after a warm-up) and VmHWM at the end. The result is a
# Markdown table on stdout; progress goes to stderr.
#
# The SQLite dataset is seeded once and kept in bench/results/department/
# (with how long seeding took); --reseed, or a change to the seeding code,
# seeds it again. Each run serves a fresh copy of it. With --postgres, a
# database seed_bench_PID is created on the PostgreSQL server of
# COMCOM_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
# seeded, measured and dropped. Load is only ever sent to the server this
# script starts itself, on 127.0.0.1.
#
# Environment: DURATION (seconds per page, default 10), CONNECTIONS (default
# 32), CARGO_TARGET_DIR, COMCOM_BENCH_PG_URL.
set -euo pipefail

DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
PG_ADMIN_URL="${COMCOM_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
BUILD=1
RESEED=0
BACKEND=sqlite
LARGEST=200040715 # Grenoble-Alpes-Métropole, 49 communes
LARGEST_HOST=grenoble-alpes-metropole.localhost

for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        --reseed) RESEED=1 ;;
        --postgres) BACKEND=postgres ;;
        -h | --help) sed -n '2,37p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "department.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

say() { echo "department.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -gt 0 && "$DURATION" -le 600 ]] || die "DURATION must be 1 to 600 seconds"
[[ "$CONNECTIONS" =~ ^[0-9]+$ && "$CONNECTIONS" -gt 0 ]] || die "CONNECTIONS must be a positive number"
[[ "$(nproc --all)" -ge 2 ]] || die "needs at least 2 CPUs (server on CPU 1, wrk on CPU 0)"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/comcom"
NPROC="$(nproc)" # before this script pins itself to CPU 0
CACHE="$ROOT/bench/results/department"

# --- tools -------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
if [[ ${#missing[@]} -gt 0 ]]; then
    say "installing ${missing[*]}"
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for tool in wrk taskset curl sqlite3 timeout sha256sum; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done
if [[ "$BACKEND" == postgres ]]; then
    command -v psql >/dev/null || die "psql is missing (needed for --postgres)"
fi

# --- build -------------------------------------------------------------------
if [[ "$BUILD" -eq 1 ]]; then
    say "building the release binary in $TARGET (several minutes from scratch)"
    cargo build --release -p comcom >&2
fi
[[ -x "$BIN" ]] || die "$BIN not found (build it, or drop --no-build)"

TMP="$(mktemp -d -t comcom-department.XXXXXX)"
SERVER_PID=""
WRK_PID=""
PG_DB=""
cleanup() {
    if [[ -n "$WRK_PID" ]]; then kill "$WRK_PID" 2>/dev/null || true; fi
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

# Runs `comcom seed` (bounded to 10 minutes); prints the wall-clock seconds.
seed() {
    local t0 t1
    t0="$(date +%s%N)"
    if ! timeout 600 env COMCOM_LOG=warn "$@" "$BIN" seed --scale department >"$TMP/seed.out" 2>&1; then
        cat "$TMP/seed.out" >&2
        die "comcom seed failed"
    fi
    t1="$(date +%s%N)"
    cat "$TMP/seed.out" >&2
    awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", ns / 1e9 }'
}

# --- dataset -----------------------------------------------------------------
mkdir -p "$TMP/data"
if [[ "$BACKEND" == sqlite ]]; then
    # The cached dataset is seeded again when the code that writes it changes.
    key="$(cat crates/comcom-store/src/seed.rs crates/comcom-store/migrations/*.sql | sha256sum | cut -c1-16)"
    if [[ "$RESEED" -eq 1 || ! -f "$CACHE/comcom.sqlite3" || "$(cat "$CACHE/key" 2>/dev/null)" != "$key" ]]; then
        say "seeding the department dataset into $CACHE (about a minute)"
        rm -rf "$CACHE"
        mkdir -p "$CACHE"
        seconds="$(seed COMCOM_DATA_DIR="$CACHE" COMCOM_LANG=en)"
        echo "$key" >"$CACHE/key"
        echo "$seconds" >"$CACHE/seed-seconds"
        date -u '+%Y-%m-%d %H:%M UTC' >"$CACHE/seeded-at"
        say "seeded in $seconds s"
    fi
    [[ ! -s "$CACHE/comcom.sqlite3-wal" ]] || die "$CACHE/comcom.sqlite3-wal is not empty: is another comcom using the cached dataset?"
    SEEDING="seeded once in $(cat "$CACHE/seed-seconds") s ($(cat "$CACHE/seeded-at"), release build, SQLite), then copied for this run"
    cp "$CACHE/comcom.sqlite3" "$TMP/data/comcom.sqlite3"
    DB_ENV=(COMCOM_DATA_DIR="$TMP/data")
    sql() { sqlite3 "$TMP/data/comcom.sqlite3" "$1"; }
else
    PG_DB="seed_bench_$$"
    PG_URL="${PG_ADMIN_URL%/*}/$PG_DB"
    psql -q "$PG_ADMIN_URL" -c "CREATE DATABASE $PG_DB" >/dev/null || die "cannot create database $PG_DB at $PG_ADMIN_URL"
    say "seeding the department dataset into PostgreSQL database $PG_DB"
    seconds="$(seed COMCOM_DATA_DIR="$TMP/data" COMCOM_DATABASE_URL="$PG_URL" COMCOM_LANG=en)"
    say "seeded in $seconds s"
    SEEDING="seeded for this run in $seconds s (release build, PostgreSQL)"
    DB_ENV=(COMCOM_DATA_DIR="$TMP/data" COMCOM_DATABASE_URL="$PG_URL")
    sql() { psql -qAt "$PG_URL" -c "$1"; }
fi
# The largest territory gets an address of its own, so that wrk can ask for it.
sql "UPDATE territory SET public_url = 'http://$LARGEST_HOST', public_host = '$LARGEST_HOST' WHERE siren = '$LARGEST'" >/dev/null

# --- server ------------------------------------------------------------------
say "starting the server (CPU 1)"
env "${DB_ENV[@]}" COMCOM_LOG=warn COMCOM_LANG=en \
    taskset -c 1 "$BIN" serve --bind "127.0.0.1:0" >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$! # env and taskset exec the server, so this is the server's own PID

BASE=""
deadline=$((SECONDS + 30))
while [[ $SECONDS -lt $deadline ]]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.out" "$TMP/server.err" >&2; die "the server exited"; }
    if [[ -z "$BASE" ]]; then
        BASE="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/server.out" | head -n1 || true)"
    fi
    if [[ -n "$BASE" ]] && curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" 2>/dev/null; then
        break
    fi
    sleep 0.2
done
if [[ -z "$BASE" ]] || ! curl -fsS -o /dev/null --max-time 2 "$BASE/healthz"; then
    cat "$TMP/server.out" "$TMP/server.err" >&2
    die "/healthz did not answer within 30 s"
fi
say "server up at $BASE (pid $SERVER_PID)"

# --- pages -------------------------------------------------------------------
# The newest article on the home page, a commune of the default territory, and
# the API's list when this build has it.
article="$(curl -fsS --max-time 10 "$BASE/" | grep -o '/espaces/[a-z0-9-]*/actualites/[0-9]*' | head -n1 || true)"
[[ -n "$article" ]] || die "no article link on the home page: is the dataset there?"
commune="/communes/38548" # Villard-de-Lans
api="/api/v1/articles"
API_NOTE=""
if [[ "$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 "$BASE$api")" != 200 ]]; then
    API_NOTE="this build has no \`GET $api\`; \`/actualites\` (the same list as a web page) is measured instead"
    api="/actualites"
fi
PAGES=("/" "$commune" "$article" "/feed.atom" "$api" "/")
HOSTS=("" "" "" "" "" "$LARGEST_HOST")
LABELS=("\`/\`" "\`$commune\`" "\`${article}\`" "\`/feed.atom\`" "\`$api\`" "\`/\` of Grenoble-Alpes-Métropole")

status_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$SERVER_PID/status"; }
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_busy_ticks() { awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
pct() { awk -v d="$1" -v hz="$CLK_TCK" -v ns="$2" 'BEGIN { printf "%.0f", 100 * (d / hz) / (ns / 1e9) }'; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
CLK_TCK="$(getconf CLK_TCK)"

# Warm-up: every page must answer 200 with some bytes, then a few requests each.
SIZES=()
for i in "${!PAGES[@]}"; do
    page="${PAGES[$i]}"
    host=(); [[ -z "${HOSTS[$i]}" ]] || host=(-H "Host: ${HOSTS[$i]}")
    out="$(curl -sS "${host[@]}" -o "$TMP/page" -w '%{http_code} %{size_download}' --max-time 10 "$BASE$page")"
    [[ "${out% *}" == 200 ]] || die "GET $page (${HOSTS[$i]:-default host}) answered ${out% *}, not 200"
    SIZES+=("$(awk -v b="${out#* }" 'BEGIN { printf "%.1f", b / 1024 }')")
    for _ in $(seq 20); do curl -fsS "${host[@]}" -o /dev/null --max-time 10 "$BASE$page"; done
done
grep -q 'Grenoble-Alpes-Métropole' "$TMP/page" || die "the Host header did not reach Grenoble-Alpes-Métropole"
sleep 1
RSS_IDLE_KB="$(status_kb VmRSS)"
say "RSS idle: $(mb "$RSS_IDLE_KB") MB"

# --- load --------------------------------------------------------------------
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "ms") n = n; else if (u == "s") n *= 1000;
        else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000; else { print "?"; exit }
        printf "%.2f", n
    }'
}

taskset -cp 0 $$ >/dev/null

ROWS=()
NOTES=()
for i in "${!PAGES[@]}"; do
    page="${PAGES[$i]}"
    label="${LABELS[$i]}"
    host=(); [[ -z "${HOSTS[$i]}" ]] || host=(-H "Host: ${HOSTS[$i]}")
    out="$TMP/wrk.txt"
    say "wrk ${DURATION}s on $page ${HOSTS[$i]} (CPU 0, 1 thread, $CONNECTIONS connections)"
    server0="$(proc_ticks "$SERVER_PID")"
    cpu0_0="$(cpu_busy_ticks 0)"
    cpu1_0="$(cpu_busy_ticks 1)"
    t0="$(date +%s%N)"
    taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "${host[@]}" "$BASE$page" >"$out" 2>&1 &
    wrk_pid=$!
    WRK_PID=$wrk_pid
    peak_kb=0
    wrk_ticks=0
    limit=$((SECONDS + DURATION + 30))
    while kill -0 "$wrk_pid" 2>/dev/null; do
        kb="$(status_kb VmRSS || echo 0)"
        [[ -n "$kb" && "$kb" -gt "$peak_kb" ]] && peak_kb="$kb"
        ticks="$(proc_ticks "$wrk_pid")"
        [[ "$ticks" -gt 0 ]] && wrk_ticks="$ticks"
        if [[ $SECONDS -gt $limit ]]; then kill "$wrk_pid" 2>/dev/null || true; fi
        sleep 0.2
    done
    wait "$wrk_pid" || { cat "$out" >&2; die "wrk failed on $page"; }
    WRK_PID=""
    t1="$(date +%s%N)"
    server1="$(proc_ticks "$SERVER_PID")"
    cpu0_1="$(cpu_busy_ticks 0)"
    cpu1_1="$(cpu_busy_ticks 1)"
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server died during the run on $page"
    cat "$out" >&2

    rps="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
    p50="$(awk '$1 == "50%" { print $2 }' "$out")"
    p99="$(awk '$1 == "99%" { print $2 }' "$out")"
    [[ -n "$rps" && -n "$p50" && -n "$p99" ]] || die "could not read wrk's output for $page"
    ns=$((t1 - t0))
    server_pct="$(pct $((server1 - server0)) "$ns")"
    cpu1_pct="$(pct $((cpu1_1 - cpu1_0)) "$ns")"
    wrk_pct="$(pct "$wrk_ticks" "$ns")"
    cpu0_pct="$(pct $((cpu0_1 - cpu0_0)) "$ns")"
    ROWS+=("| $label | ${SIZES[$i]} | $(printf '%.0f' "$rps") | $(to_ms "$p50") | $(to_ms "$p99") | $(mb "$peak_kb") |")
    NOTES+=("$label: server ${server_pct}% of CPU 1 (CPU 1 busy ${cpu1_pct}% in all); wrk ${wrk_pct}% of CPU 0 (CPU 0 busy ${cpu0_pct}% in all)")
    others=$((cpu1_pct - server_pct))
    if [[ $others -gt 10 ]]; then
        NOTES+=("warning: other processes took about ${others}% of CPU 1 during $label; the machine was not quiet, numbers are low")
    fi
    others=$((cpu0_pct - wrk_pct))
    if [[ $others -gt 15 ]]; then
        NOTES+=("warning: besides wrk, about ${others}% of CPU 0 was busy during $label (this script's sampling is a few %)")
    fi
    while IFS= read -r line; do
        NOTES+=("wrk on $label: ${line#"${line%%[![:space:]]*}"}")
    done < <(grep -E 'Non-2xx or 3xx responses|Socket errors' "$out" || true)
done

HWM_KB="$(status_kb VmHWM)"

# --- stop --------------------------------------------------------------------
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
if [[ -s "$TMP/server.err" ]]; then
    say "server stderr:"
    cat "$TMP/server.err" >&2
fi

# --- report ------------------------------------------------------------------
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then commit="$commit (working tree has uncommitted changes)"; fi
cpu_model="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"

echo
echo "| page | size (kB) | requests/s | p50 (ms) | p99 (ms) | RSS under load (MB) |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
echo "Backend: $BACKEND; dataset $SEEDING."
echo "RSS idle: $(mb "$RSS_IDLE_KB") MB; VmHWM at the end: $(mb "$HWM_KB") MB."
echo "Machine: ${NPROC} CPUs, ${cpu_model:-unknown CPU}; $(date -u '+%Y-%m-%d %H:%M UTC'); commit $commit."
echo "wrk: ${DURATION}s per page, 1 thread, $CONNECTIONS connections, on CPU 0; server on CPU 1."
[[ -z "$API_NOTE" ]] || echo "- $API_NOTE"
if [[ "$BACKEND" == postgres ]]; then
    echo "- PostgreSQL's own processes are not pinned: they share both CPUs, and count below as \"other processes\" on CPU 1 and besides wrk on CPU 0"
fi
for note in "${NOTES[@]}"; do echo "- $note"; done
