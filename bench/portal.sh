#!/usr/bin/env bash
# Public portal benchmark: throughput, latency and memory of `comcom serve`.
#
# Run from anywhere in the repository, on a machine with 2+ CPUs (as root if wrk
# is missing: the script installs it with apt-get):
#
#     bench/portal.sh               # builds the release binary, 10 s per page
#     DURATION=30 bench/portal.sh   # longer runs
#     bench/portal.sh --no-build    # reuse target/release/comcom as it is
#
# What it measures: a release build of comcom, started on 127.0.0.1 with a
# fresh SQLite database holding the demo territory (CC du Massif du Vercors),
# pinned to CPU 1; wrk pinned to CPU 0 (1 thread, 32 connections) loads the
# home page `/` and then the commune page `/communes/38548`. For each page it
# reports requests/s, p50 and p99 latency, the server's peak RSS during the run
# (VmRSS sampled every 0.2 s) and the server's CPU use; it also reports RSS idle
# (after a short warm-up) and VmHWM at the end. The result is a Markdown table
# on stdout; progress goes to stderr. Load is only ever sent to the server this
# script starts itself, on 127.0.0.1.
#
# Environment: DURATION (seconds per page, default 10), PORT (default 0: the
# server picks a free port), CONNECTIONS (default 32).
set -euo pipefail

DURATION="${DURATION:-10}"
PORT="${PORT:-0}"
CONNECTIONS="${CONNECTIONS:-32}"
PAGES=("/" "/communes/38548")
BUILD=1

for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "portal.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

say() { echo "portal.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -gt 0 ]] || die "DURATION must be a positive number of seconds"
[[ "$(nproc --all)" -ge 2 ]] || die "needs at least 2 CPUs (server on CPU 1, wrk on CPU 0)"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BIN="$ROOT/target/release/comcom"
NPROC="$(nproc)" # before this script pins itself to CPU 0

# --- tools -------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    say "installing wrk"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
for tool in wrk taskset curl; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done

# --- build -------------------------------------------------------------------
if [[ "$BUILD" -eq 1 ]]; then
    say "building the release binary (several minutes from scratch)"
    cargo build --release -p comcom >&2
fi
[[ -x "$BIN" ]] || die "$BIN not found (build it, or drop --no-build)"

# --- server ------------------------------------------------------------------
TMP="$(mktemp -d -t comcom-bench.XXXXXX)"
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
say "starting the server (data in $TMP/data, CPU 1)"
COMCOM_DATA_DIR="$TMP/data" COMCOM_LOG=warn \
    taskset -c 1 "$BIN" serve --bind "127.0.0.1:$PORT" >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$! # taskset execs the server, so this is the server's own PID

# The server prints its address once listening (useful with PORT=0), then /healthz must answer.
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

status_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$SERVER_PID/status"; }
# utime + stime of a process (its name has no spaces), and busy (non-idle) ticks of one CPU.
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_busy_ticks() { awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
# 100 * ticks / (CLK_TCK * wall-clock nanoseconds / 1e9), as a whole percentage.
pct() { awk -v d="$1" -v hz="$CLK_TCK" -v ns="$2" 'BEGIN { printf "%.0f", 100 * (d / hz) / (ns / 1e9) }'; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
CLK_TCK="$(getconf CLK_TCK)"

# Warm-up: every page must answer 200, then a few requests each and a pause.
for page in "${PAGES[@]}"; do
    code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "$BASE$page")"
    [[ "$code" == 200 ]] || die "GET $page answered $code, not 200"
    for _ in $(seq 20); do curl -fsS -o /dev/null --max-time 5 "$BASE$page"; done
done
sleep 1
RSS_IDLE_KB="$(status_kb VmRSS)"
say "RSS idle: $(mb "$RSS_IDLE_KB") MB"

# --- load --------------------------------------------------------------------
# Converts a wrk duration (e.g. 812.00us, 1.23ms, 1.05s, 1.00m) to milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "ms") n = n; else if (u == "s") n *= 1000;
        else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000; else { print "?"; exit }
        printf "%.2f", n
    }'
}

# This script's own sampling (awk, sleep) stays on wrk's CPU, away from the server's.
taskset -cp 0 $$ >/dev/null

ROWS=()
NOTES=()
for page in "${PAGES[@]}"; do
    out="$TMP/wrk.txt"
    say "wrk ${DURATION}s on $page (CPU 0, 1 thread, $CONNECTIONS connections)"
    server0="$(proc_ticks "$SERVER_PID")"
    cpu0_0="$(cpu_busy_ticks 0)"
    cpu1_0="$(cpu_busy_ticks 1)"
    t0="$(date +%s%N)"
    taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$BASE$page" >"$out" 2>&1 &
    wrk_pid=$! # taskset execs wrk
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
    wrk_pct="$(pct "$wrk_ticks" "$ns")" # wrk's ticks up to the last 0.2 s sample
    cpu0_pct="$(pct $((cpu0_1 - cpu0_0)) "$ns")"
    ROWS+=("| \`$page\` | $(printf '%.0f' "$rps") | $(to_ms "$p50") | $(to_ms "$p99") | $(mb "$peak_kb") |")
    NOTES+=("\`$page\`: server ${server_pct}% of CPU 1 (CPU 1 busy ${cpu1_pct}% in all); wrk ${wrk_pct}% of CPU 0 (CPU 0 busy ${cpu0_pct}% in all)")
    others=$((cpu1_pct - server_pct))
    if [[ $others -gt 10 ]]; then
        NOTES+=("warning: other processes took about ${others}% of CPU 1 during \`$page\`; the machine was not quiet, numbers are low")
    fi
    others=$((cpu0_pct - wrk_pct))
    if [[ $others -gt 15 ]]; then
        NOTES+=("warning: besides wrk, about ${others}% of CPU 0 was busy during \`$page\` (this script's sampling is a few %)")
    fi

    # Anything but clean 2xx answers is reported, not hidden.
    while IFS= read -r line; do
        NOTES+=("wrk on \`$page\`: ${line#"${line%%[![:space:]]*}"}")
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
echo "| page | requests/s | p50 (ms) | p99 (ms) | RSS under load (MB) |"
echo "|---|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
echo "RSS idle: $(mb "$RSS_IDLE_KB") MB; VmHWM at the end: $(mb "$HWM_KB") MB."
echo "Machine: ${NPROC} CPUs, ${cpu_model:-unknown CPU}; $(date -u '+%Y-%m-%d %H:%M UTC'); commit $commit."
echo "wrk: ${DURATION}s per page, 1 thread, $CONNECTIONS connections, on CPU 0; server on CPU 1."
for note in "${NOTES[@]}"; do echo "- $note"; done
