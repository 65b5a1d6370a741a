#!/usr/bin/env bash
# Zone fragment benchmark: how many commune sites' requests for the interco
# zone one core of comcom serves, and with what latency.
#
#     bench/zone.sh               # builds the release binary, 10 s per case
#     DURATION=30 bench/zone.sh   # longer runs
#     bench/zone.sh --no-build    # reuse target/release/comcom as it is
#
# What it measures: a release build of comcom on 127.0.0.1 with a fresh SQLite
# database seeded by `comcom seed --scale department` (the demo territory holds
# about 800 articles over three years, a few dozen within the charter's 90-day
# retention), pinned to CPU 1; wrk pinned to CPU 0 (1 thread, 32 connections)
# loads, one after the other:
#   - the HTML fragment /embed/zone.html?commune=38548 (5 items, the default);
#   - the same with limit=20&relevance=all (20 items);
#   - the iframe page /embed/zone?commune=38548;
#   - the fragment revalidated with If-None-Match (304, no body), what a
#     commune site's cache sends once its 300 s are over.
# For each it reports requests/s, p50 and p99 latency and the server's CPU use,
# as a Markdown table on stdout (progress on stderr). Load is only ever sent to
# the server this script starts itself, on 127.0.0.1.
#
# Environment: DURATION (seconds per case, default 10), CONNECTIONS (default 32),
# COMCOM_BIN (the binary to serve with --no-build; default the release build).
set -euo pipefail

DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
BUILD=1
for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        -h | --help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "zone.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

say() { echo "zone.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -gt 0 ]] || die "DURATION must be a positive number of seconds"
[[ "$(nproc --all)" -ge 2 ]] || die "needs at least 2 CPUs (server on CPU 1, wrk on CPU 0)"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${COMCOM_BIN:-$TARGET/release/comcom}"
NPROC="$(nproc)"

if ! command -v wrk >/dev/null; then
    say "installing wrk"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
for tool in wrk taskset curl; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done

if [[ "$BUILD" -eq 1 ]]; then
    say "building the release binary (several minutes from scratch)"
    cargo build --release -p comcom >&2
fi
[[ -x "$BIN" ]] || die "$BIN not found (build it, or drop --no-build)"

TMP="$(mktemp -d -t comcom-zone-bench.XXXXXX)"
SERVER_PID=""
WRK_PID=""
cleanup() {
    if [[ -n "$WRK_PID" ]]; then kill "$WRK_PID" 2>/dev/null || true; fi
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir "$TMP/data"
say "seeding a department-scale database (about 10 s)"
COMCOM_DATA_DIR="$TMP/data" COMCOM_LOG=warn "$BIN" seed --scale department >"$TMP/seed.out" 2>&1 \
    || { cat "$TMP/seed.out" >&2; die "seeding failed"; }

say "starting the server (CPU 1)"
COMCOM_DATA_DIR="$TMP/data" COMCOM_LOG=warn \
    taskset -c 1 "$BIN" serve --bind "127.0.0.1:0" >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$!
BASE=""
deadline=$((SECONDS + 30))
while [[ $SECONDS -lt $deadline ]]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.out" "$TMP/server.err" >&2; die "the server exited"; }
    [[ -z "$BASE" ]] && BASE="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/server.out" | head -n1 || true)"
    if [[ -n "$BASE" ]] && curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" 2>/dev/null; then break; fi
    sleep 0.2
done
[[ -n "$BASE" ]] && curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" || die "/healthz did not answer within 30 s"
say "server up at $BASE"

FRAGMENT="/embed/zone.html?commune=38548"
items() { curl -fsS --max-time 5 "$BASE$1" | grep -c 'class="comcom-zone-item"' || true; }
ITEMS_5="$(items "$FRAGMENT")"
ITEMS_20="$(items "$FRAGMENT&limit=20&relevance=all")"
[[ "$ITEMS_5" -gt 0 ]] || die "the zone of 38548 shows no item: nothing worth measuring"
ETAG="$(curl -fsS -D - -o /dev/null "$BASE$FRAGMENT" | awk 'tolower($1) == "etag:" { print $2 }' | tr -d '\r')"
[[ -n "$ETAG" ]] || die "the fragment has no ETag"
code="$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "$BASE$FRAGMENT")"
[[ "$code" == 304 ]] || die "revalidation answered $code, not 304"

CASES=(
    "fragment, $ITEMS_5 items|$FRAGMENT|"
    "fragment, $ITEMS_20 items|$FRAGMENT&limit=20&relevance=all|"
    "iframe page, $ITEMS_5 items|/embed/zone?commune=38548|"
    "fragment revalidated (304)|$FRAGMENT|If-None-Match: $ETAG"
)
for case in "${CASES[@]}"; do
    IFS='|' read -r _ path _ <<<"$case"
    for _ in $(seq 20); do curl -fsS -o /dev/null --max-time 5 "$BASE$path"; done
done

to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "ms") n = n; else if (u == "s") n *= 1000;
        else if (u == "m") n *= 60000; else { print "?"; exit }
        printf "%.2f", n
    }'
}
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
CLK_TCK="$(getconf CLK_TCK)"
taskset -cp 0 $$ >/dev/null

ROWS=()
NOTES=()
for case in "${CASES[@]}"; do
    IFS='|' read -r label path header <<<"$case"
    out="$TMP/wrk.txt"
    say "wrk ${DURATION}s: $label"
    args=(-t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency)
    [[ -n "$header" ]] && args+=(-H "$header")
    s0="$(proc_ticks "$SERVER_PID")"
    t0="$(date +%s%N)"
    taskset -c 0 wrk "${args[@]}" "$BASE$path" >"$out" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID" || { cat "$out" >&2; die "wrk failed on $label"; }
    WRK_PID=""
    t1="$(date +%s%N)"
    s1="$(proc_ticks "$SERVER_PID")"
    cat "$out" >&2
    rps="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
    p50="$(awk '$1 == "50%" { print $2 }' "$out")"
    p99="$(awk '$1 == "99%" { print $2 }' "$out")"
    [[ -n "$rps" && -n "$p50" && -n "$p99" ]] || die "could not read wrk's output for $label"
    cpu="$(awk -v d=$((s1 - s0)) -v hz="$CLK_TCK" -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f", 100 * (d / hz) / (ns / 1e9) }')"
    ROWS+=("| $label | \`${path}\` | $(printf '%.0f' "$rps") | $(to_ms "$p50") | $(to_ms "$p99") | ${cpu} % |")
    while IFS= read -r line; do
        NOTES+=("wrk on $label: ${line#"${line%%[![:space:]]*}"}")
    done < <(grep -E 'Non-2xx or 3xx responses|Socket errors' "$out" || true)
done

kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu_model="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo
echo "| case | path | requests/s | p50 (ms) | p99 (ms) | server CPU |"
echo "|---|---|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
echo "Machine: ${NPROC} CPUs, ${cpu_model:-unknown CPU}; $(date -u '+%Y-%m-%d %H:%M UTC'); commit $commit."
echo "wrk: ${DURATION}s per case, 1 thread, $CONNECTIONS connections, on CPU 0; server on CPU 1; SQLite, department seed."
for note in "${NOTES[@]}"; do echo "- $note"; done
